"""The kiosk's view-model: screens, keypad, walk-in menu, refusals, staff exit."""
