"""`tripplan import ics`: an invitation's events into the trip, as edits of its file.

Invitations as they arrive (docs/writing.md, "Invitations", says what is done with each):
- a TZID that is an IANA name (Google, Apple) is read with the tz database; any other TZID
  (Outlook's `W. Europe Standard Time`, `Customized Time Zone`) with the VTIMEZONE the
  invitation carries, as its producer meant it, or failing that by the CLDR table of
  Windows names that icalendar ships;
- UTC times are instants; floating times are wall time at the place; all-day events are
  dates, DTEND exclusive as RFC 5545 says (the file's `end` is inclusive);
- the place given (`place`), else the trip's place whose `tz` is the zone's IANA name, else the
  one place whose clock agrees with the zone at the event's start and end; none or several
  is refused, naming the zone and the places;
- the UID is the entry's id where it is a valid id (editor.valid_id) and free; otherwise
  the id is made from the title. Every entry imported keeps its UID in `uid` (format 1.1;
  earlier versions wrote `x-uid`, still read). An entry with that `uid` or `x-uid` is the
  same event: importing again updates it (a new time moves it), never adds it twice. An
  entry whose id is the UID but that has no `uid` was written by hand: never replaced;
- an invitation older than the entry (revisions.py: a lower SEQUENCE than its `sequence`,
  or the same stamped before its `stamp`) changes nothing of it, and says so; one that
  applies leaves its SEQUENCE (when above 0) and DTSTAMP as the entry's `sequence` and
  `stamp`. A re-import keeps the entry's place unless one is given;
- the entries are for the travellers given (`who`), else those whose `[people] email` is
  an ATTENDEE's, else everyone (a re-import keeps the entry's own then);
- METHOD:CANCEL (or STATUS:CANCELLED) cancels the matching entry, unless it is older;
- a recurring event (RRULE, RDATE) becomes one entry per occurrence within the trip's
  dates (expanded by recurring-ical-events: EXDATE and moved occurrences included), each
  with `uid` and `x-recurrence-id`: at most bounds.MAX_OCCURRENCES, from rules that repeat
  at most bounds.MAX_REPETITIONS times up to the trip's end;
- a VTIMEZONE whose rules repeat more often than daily, or more than bounds.MAX_ZONE_CHANGES
  times, and a VEVENT property RFC 5545 does not allow (given twice, a period or a time
  of day for a start), are refused, one line each.

One way down: read.py (the file, its calendars and zones) <- events.py (VEVENTs into
occurrences) <- apply.py (occurrences into edits); bounds.py holds the caps all of them obey,
revisions.py the order of revisions and the ATTENDEEs that events.py reads and apply.py
compares.
icalendar and recurring-ical-events are imported inside the functions that use them.
"""

from tripplan.edit.invitations.apply import import_calendar
from tripplan.edit.invitations.read import Invitation, read_invitation

__all__ = ["Invitation", "import_calendar", "read_invitation"]
