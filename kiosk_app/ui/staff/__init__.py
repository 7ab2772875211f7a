"""Staff console widgets: sign-in, counter workstation, management screen."""
