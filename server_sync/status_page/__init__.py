"""The ticket's live status page (/t/{centre}/{day}/{number})."""
