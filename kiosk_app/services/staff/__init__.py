"""The staff console's use cases: sign-in, the counter, the management screen, reports."""
