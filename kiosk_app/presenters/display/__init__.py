"""The hall display's view-model."""
