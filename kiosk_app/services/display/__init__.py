"""The hall display's use cases: the feed of calls and their spoken announcement."""
