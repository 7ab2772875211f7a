"""The central service's own rules (pure Python): the booking form, slots and their
capacity, confirmation codes, the anti-bot check. Rules the centres share live in
`server_sync.kernel`."""
