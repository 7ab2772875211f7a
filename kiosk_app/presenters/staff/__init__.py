"""View-models of the staff console: sign-in, counter workstation, management screen."""
