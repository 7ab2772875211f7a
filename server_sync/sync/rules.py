"""The conflict rules of sync, as data in → data out (the central side).

1. A booking cancelled centrally after the centre cached it: the next pull
   brings the cancellation and the centre store marks it cancelled, unless the
   visitor is already checked in there (`upsert_bookings` keeps the centre's
   progress). If they were, their check-in event reaches the central service
   and rule 2 applies.
2. A check-in made (offline) for a booking cancelled or expired meanwhile: the
   visitor was served, so the central service accepts the event, records the
   check-in on the booking and flags a `checked_in_after_cancel` conflict for
   IT. The event is never refused and never lost.
3. The same code checked in at two kiosks: the centre store already refuses
   the second (`mark_checked_in` is conditional). Centrally, a re-delivered
   event is a duplicate by its idempotency key; a second check-in event with a
   new key finds the booking already checked in, changes nothing and is
   flagged `duplicate_check_in`.
4. Clocks that disagree by minutes: events carry the centre's time, kept for
   the record (`checked_in_at` is the centre's moment); the central service
   orders a centre's events by the centre's sequence (outbox id), never by
   either clock, and the pull cursor is a change number, never a timestamp.
   An event older (by sequence) than one already applied for the same
   booking is stored as `late` and changes nothing. Heartbeats report the
   skew to IT.

5. A booking nobody checked in by slot + grace: the centre closes it as
   `expired` and pushes an `expired` event; centrally it expires only a booking
   still `booked` (a check-in that arrived first wins).
6. A no-show who came back and was put in line again: the centre pushes a
   `requeued` event, which takes a `no_show` booking back to `checked_in`
   (`kernel.booking.REOPENS`), so the visit's later `called` and `served` apply
   and the booking ends as what happened, not as a no-show.

Status moves only forward, in the order of the kernel's status table
(`BookingStatus.progress_rank`: booked → checked_in → called → served/no_show):
an older event arriving after a newer one changes nothing. Which event reaches
which status, and which statuses count as gone, come from the same table.
"""

from __future__ import annotations

from dataclasses import dataclass

from server_sync.kernel.booking import EXPIRY_EVENT, REOPENS, BookingStatus


@dataclass(frozen=True)
class EventOutcome:
    """What one centre event does to the central booking it names."""

    new_status: BookingStatus | None  # None: the booking stays as it is
    conflict: str | None = None
    label: str = "applied"  # applied, stored, conflict, unknown_booking


def booking_event_outcome(
    current: BookingStatus | None, kind: str, late: bool = False
) -> EventOutcome:
    """Apply rules 1-6 to one event of `kind` for a booking now in `current`
    (None: no such booking centrally). `late`: the centre already delivered a
    later event (higher sequence) for this booking, so this one is history."""
    if kind == EXPIRY_EVENT:
        if late or current is None or current not in BookingStatus.expirable():
            # already checked in (a later event), cancelled or unknown: nothing to close
            return EventOutcome(None, label="stored")
        return EventOutcome(BookingStatus.EXPIRED)
    if kind in REOPENS:
        closed, reopened = REOPENS[kind]
        if late or current is not closed:
            return EventOutcome(None, label="stored")
        return EventOutcome(reopened)
    wanted = BookingStatus.reached_by_event(kind)
    if wanted is None:
        return EventOutcome(None, label="stored")
    if late:
        return EventOutcome(None, label="late")
    if current is None:
        return EventOutcome(None, "unknown_booking", "unknown_booking")
    if current in BookingStatus.withdrawn():
        if wanted is BookingStatus.CHECKED_IN:
            return EventOutcome(wanted, "checked_in_after_cancel", "conflict")
        return EventOutcome(None, label="stored")  # the check-in event already flagged it
    if wanted is BookingStatus.CHECKED_IN and current not in BookingStatus.checkable_in():
        return EventOutcome(None, "duplicate_check_in", "conflict")
    if (wanted.progress_rank or 0) > (current.progress_rank or 0):
        return EventOutcome(wanted)
    return EventOutcome(None, label="stored")
