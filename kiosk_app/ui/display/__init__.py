"""The hall display (TV) widgets."""
