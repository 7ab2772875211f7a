"""The kiosk's use cases: check-in, walk-in tickets, the walk-in menu, printing."""
