"""An invitation's occurrences written into the trip as edits of its file: each added,
moved, updated or cancelled, and placed at the trip's place of its zone."""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tripplan import words
from tripplan.edit.editor import Editor
from tripplan.edit.ids import new_id, valid_id
from tripplan.edit.invitations.bounds import Spent
from tripplan.edit.invitations.events import Occurrence, Reader, read_occurrences
from tripplan.edit.invitations.read import Invitation
from tripplan.edit.invitations.revisions import Revision, older_than, travellers_invited
from tripplan.edit.result import Done, said
from tripplan.edit.times import clock
from tripplan.edit.tripfile import toml_value
from tripplan.errors import TripError
from tripplan.lang import N_, _
from tripplan.model import AllDayEvent, AnyEntry, Event, Lodging, Place, Travel, Trip
from tripplan.options import chosen_travellers
from tripplan.timing import resolve_local

UID_KEY, OLD_UID_KEY, RECURRENCE_KEY = "uid", "x-uid", "x-recurrence-id"
SEQUENCE_KEY, STAMP_KEY = "sequence", "stamp"
# Times that name no zone and are placed where the trip is (a date is never placed).
_NO_ZONE = {"UTC": N_("UTC times"), "floating": N_("floating times")}


def import_calendar(
    editor: Editor, invitation: Invitation, place: str | None, who: Sequence[str] | None = None
) -> None:
    """Add, move, update or cancel the trip's entries as the invitation says: for the
    travellers `who`, else those its ATTENDEEs are (`[people.ID] email`), else all."""
    chosen = chosen_travellers(editor.trip, who)
    with warnings.catch_warnings():  # icalendar's and its helpers': said here, one line each
        warnings.simplefilter("ignore")
        _import(editor, invitation, place, chosen)


def _import(
    editor: Editor, invitation: Invitation, place: str | None, who: list[str] | None
) -> None:
    found = False
    spent = Spent()  # the caps are the invitation's, however many VCALENDARs it holds
    for calendar in invitation.calendars:
        method = str(calendar.get("METHOD", "")).upper()
        reader = Reader(invitation.name, calendar, editor, spent)
        occurrences = read_occurrences(invitation.name, reader, expand=method != "CANCEL")
        with editor.batch():  # the trip read again once for the events it adds
            for occurrence in occurrences:
                found = True
                if method == "CANCEL" or occurrence.cancelled:
                    _cancel(editor, occurrence)
                else:
                    _Importer(editor, invitation.name, place, who).add_or_update(occurrence)
    if not found:
        raise TripError(f"{invitation.name}: no VEVENT in it: nothing to import")


class _Importer:
    def __init__(self, editor: Editor, name: str, place: str | None, who: list[str] | None) -> None:
        self.editor, self.name, self.place_option, self.who = editor, name, place, who

    def add_or_update(self, occurrence: Occurrence) -> None:
        ident = _matching_id(self.editor, occurrence)
        if ident is None:
            place = self._place(occurrence)
            self._note_namesake(occurrence)
            self._add(occurrence, place, who=self._invited(occurrence))
            return
        entry = self.editor.entry(ident)
        if _older(self.editor, entry, occurrence.revision):
            return
        place = self._kept_place(entry, occurrence)
        who = self._invited(occurrence)
        if isinstance(entry, Travel | Lodging) or isinstance(entry, AllDayEvent) != _all_day(
            occurrence
        ):
            kept = who if who is not None else _own_who(self.editor.trip, entry)
            self.editor.cancel(ident)  # a leg, or all-day become timed: written anew
            self._add(occurrence, place, ident, kept)
            return
        self._update(entry, occurrence, place, who)

    def _invited(self, occurrence: Occurrence) -> list[str] | None:
        """The travellers given, else those whose e-mail is an ATTENDEE's; None: neither
        (a new entry is everyone's, an imported one keeps its own)."""
        if self.who is not None:
            return self.who
        return travellers_invited(self.editor.trip, occurrence.attendees) or None

    def _add(
        self,
        occurrence: Occurrence,
        place: Place,
        ident: str | None = None,
        who: list[str] | None = None,
    ) -> None:
        editor = self.editor
        spec: dict[str, Any] = {}
        if ident is None:
            ident = _id_for(editor, occurrence)
        spec["id"] = ident
        spec["title"] = occurrence.title
        spec["place"] = place.id
        spec.update(self._times(occurrence, place))
        if occurrence.venue:
            spec["venue"] = occurrence.venue
        if occurrence.notes:
            spec["notes"] = occurrence.notes
        if who:
            spec["who"] = list(who)
        spec[UID_KEY] = occurrence.uid
        if occurrence.recurrence is not None:
            spec[RECURRENCE_KEY] = occurrence.recurrence
        for key, value in _revision_values(occurrence.revision).items():
            if value is not None:
                spec[key] = toml_value(value) if key == STAMP_KEY else value
        editor.add_entry("events", spec, _imported(ident, occurrence, place))

    def _note_namesake(self, occurrence: Occurrence) -> None:
        """An entry whose id is the UID, but which no import made (no `uid`), is the
        traveller's own: it is kept, and the event added beside it, as they are told."""
        if occurrence.recurrence is None and any(
            raw.get("id") == occurrence.uid for raw in _raw(self.editor)
        ):
            worded = _(
                "UID {uid}: the entry of that id has no `uid` key, so it is not this"
                " invitation's: it is kept, and the event added beside it (if it was imported"
                " by an earlier tripplan, give it uid = {quoted} and cancel the new one)"
            )
            self.editor.notes.append(worded.format(uid=occurrence.uid, quoted=repr(occurrence.uid)))

    def _times(self, occurrence: Occurrence, place: Place) -> dict[str, Any]:
        start, end = occurrence.start, occurrence.end
        if not isinstance(start, datetime) or not isinstance(end, datetime):
            last = max(start, end - timedelta(days=1))
            values = {"start": toml_value(start.isoformat())}
            if last != start:
                values["end"] = toml_value(last.isoformat())
            return values
        if start.tzinfo is None:  # floating: the wall time, at the place
            return {
                "start": toml_value(start.isoformat(timespec="seconds")),
                "end": toml_value(end.isoformat(timespec="seconds")),
            }
        return {
            "start": self.editor.local_value(start, place.zone),
            "end": self.editor.local_value(end, place.zone),
        }

    def _update(
        self, entry: Event, occurrence: Occurrence, place: Place, who: list[str] | None
    ) -> None:
        editor = self.editor
        changed = self._set_fields(entry, occurrence, place, who)
        now = editor.entry(entry.id)  # as the edits above left it
        start, end = _instants(occurrence, place)
        if (start, end) != (now.start, now.end):
            if not isinstance(start, datetime) or not isinstance(end, datetime):
                kept = who if who is not None else _own_who(editor.trip, now)
                editor.cancel(now.id)  # dates written anew, with the invitation's revision
                self._add(occurrence, place, now.id, kept)
                return
            editor.retime(now, start, end)
            changed = True
        # Last: the edits above raised `sequence`; the entry's revision is the invitation's.
        revised = self._write_revision(entry.id, occurrence)
        if not changed:
            if revised:
                worded = _("event {id} is up to date; recorded its revision ({revision})")
            else:
                worded = _("event {id} is up to date")
            revision = _revision_said(occurrence.revision)
            editor.record(Done(worded.format(id=repr(entry.id), revision=revision)))

    def _set_fields(
        self, entry: Event, occurrence: Occurrence, place: Place, who: list[str] | None
    ) -> bool:
        """The entry's place, texts and travellers set as the invitation has them."""
        editor = self.editor
        changed = False
        if entry.place.id != place.id:
            editor.set_value(entry.id, "place", place.id)
            changed = True
        for key, value in (
            ("title", occurrence.title),
            ("venue", occurrence.venue or ""),
            ("notes", occurrence.notes or ""),
        ):
            if (getattr(entry, key) or "") != value:
                editor.set_value(entry.id, key, value)
                changed = True
        if who is not None and set(who) != set(entry.who):
            editor.set_value(entry.id, "who", ",".join(who))
            changed = True
        return changed

    def _write_revision(self, ident: str, occurrence: Occurrence) -> bool:
        """The entry's `uid`, `sequence` and `stamp` set to the invitation's (a SEQUENCE
        of 0 or none is no key, as 0 is the default); whether any changed."""
        entry = self.editor.entry(ident)
        wanted = {UID_KEY: occurrence.uid, **_revision_values(occurrence.revision)}
        held = {UID_KEY: entry.uid, SEQUENCE_KEY: entry.sequence or None}
        held[STAMP_KEY] = None if entry.stamp is None else words.utc(entry.stamp)
        if wanted == held:
            return False

        def change(item: Any) -> None:
            for key, value in wanted.items():
                if held[key] == value:
                    continue
                if value is None:
                    item.pop(key, None)
                else:
                    item[key] = toml_value(value) if key == STAMP_KEY else value

        file = self.editor.file
        file.edit_table(file.locate_entry(entry), change)
        return True

    def _kept_place(self, entry: AnyEntry, occurrence: Occurrence) -> Place:
        """A re-import keeps the entry's place (its zone may name no place of the trip,
        or several); one given chooses another. A zone that is another place's is said."""
        if self.place_option is not None:
            return self.editor.place(self.place_option, "place")
        kept, iana = entry.start_place, occurrence.zone.iana
        named = [p for p in self.editor.trip.places.values() if iana and p.tz == iana]
        if iana and kept.tz != iana and len(named) == 1:
            worded = _(
                "{entry} keeps its place {place}, though the invitation's zone {zone} is"
                " {other}'s (a place given for its events chooses another)"
            )
            self.editor.note(
                worded.format(
                    entry=said(entry),
                    place=kept.name,
                    zone=occurrence.zone.label,
                    other=named[0].name,
                )
            )
        return kept

    def _place(self, occurrence: Occurrence) -> Place:
        editor = self.editor
        if self.place_option is not None:
            return editor.place(self.place_option, "place")
        zone = occurrence.zone
        places = list(editor.trip.places.values())
        named = [p for p in places if zone.iana is not None and p.tz == zone.iana]
        if len(named) == 1:
            return named[0]
        candidates = named or self._same_clock(occurrence, places)
        listing = ", ".join(f"{p.id} ({p.tz})" for p in places) or "none"
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            several = ", ".join(p.id for p in candidates)
            head = f"{self.name}: UID {occurrence.uid}: its zone {zone.label} fits several places"
            raise TripError(f"{head} ({several}): give the place of its events").naming(
                f"{head} ({several}): give ", "place", " ID"
            )
        if zone.tz is None and zone.iana is None:
            found = self._where_trip_is(occurrence)
            if found is not None:
                worded = _(
                    "UID {uid}: {times} name no zone: placed at {place}, where the trip is"
                    " then (a place given for its events chooses another)"
                )
                times = _(_NO_ZONE[zone.label]) if zone.label in _NO_ZONE else f"{zone.label} times"
                editor.notes.append(
                    worded.format(uid=occurrence.uid, times=times, place=found.name)
                )
                return found
            what = {"UTC": "UTC times", "floating": "floating times", "date": "all-day dates"}
            head = f"{self.name}: UID {occurrence.uid}: {what[zone.label]} name no zone: give "
            raise TripError(f"{head}the place of its events (places: {listing})").naming(
                head, "place", f" ID (places: {listing})"
            )
        head = (
            f"{self.name}: UID {occurrence.uid}: its zone {zone.label}"
            f"{f' ({zone.iana})' if zone.iana and zone.iana != zone.label else ''}"
            f" is the zone of no place of the trip (places: {listing}): give "
        )
        tail = ", or add the place first (tripplan add place)"
        raise TripError(f"{head}the place of its events{tail}").naming(head, "place", f" ID{tail}")

    def _where_trip_is(self, occurrence: Occurrence) -> Place | None:
        """For times with no zone: where the trip is then, by its travel legs (the last
        arrival before, or the first departure); with no legs, its one place."""
        start = occurrence.start
        if not isinstance(start, datetime):
            return None  # a date says no instant: the place must be given
        instant = start if start.tzinfo is not None else start.replace(tzinfo=UTC)
        legs = sorted(
            (e for e in self.editor.trip.entries if isinstance(e, Travel)), key=lambda e: e.end
        )
        arrived = [leg for leg in legs if leg.end <= instant]
        if arrived:
            return arrived[-1].destination
        if legs:
            return min(legs, key=lambda e: e.start).origin
        places = list(self.editor.trip.places.values())
        return places[0] if len(places) == 1 else None

    def _same_clock(self, occurrence: Occurrence, places: list[Place]) -> list[Place]:
        """Places whose clock shows the zone's offset at the event's start and end."""
        tz = occurrence.zone.tz
        if tz is None and occurrence.zone.iana is not None:
            tz = ZoneInfo(occurrence.zone.iana)
        start, end = occurrence.start, occurrence.end
        if tz is None or not isinstance(start, datetime) or not isinstance(end, datetime):
            return []
        if start.tzinfo is None:  # floating, read in the X-WR-TIMEZONE
            return []
        moments = (start, end)
        return [
            p
            for p in places
            if all(
                m.astimezone(p.zone).utcoffset() == m.astimezone(tz).utcoffset() for m in moments
            )
        ]


def _all_day(occurrence: Occurrence) -> bool:
    return not isinstance(occurrence.start, datetime)


def _instants(occurrence: Occurrence, place: Place) -> tuple[datetime | date, datetime | date]:
    """The occurrence's start and end as the loader will hold them (end inclusive for dates)."""
    start, end = occurrence.start, occurrence.end
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        return start, max(start, end - timedelta(days=1))
    if start.tzinfo is None:
        return (
            resolve_local(start, place.zone).instant,
            resolve_local(end, place.zone).instant,
        )
    return start, end


def _raw(editor: Editor) -> Iterator[dict[str, Any]]:
    for table in ("events", "travel"):
        yield from editor.raw_entries(table)


def _imported_as(raw: dict[str, Any], uid: str) -> bool:
    """Whether an entry was imported with this UID: `uid`, or an earlier version's `x-uid`
    (never its id: a hand-written entry may have any id)."""
    return raw.get(UID_KEY, raw.get(OLD_UID_KEY)) == uid


def _matching_id(editor: Editor, occurrence: Occurrence) -> str | None:
    """The entry this occurrence was imported as before, if any."""
    for raw in _raw(editor):
        if _imported_as(raw, occurrence.uid) and (raw.get(RECURRENCE_KEY) == occurrence.recurrence):
            return str(raw.get("id"))
    return None


def _id_for(editor: Editor, occurrence: Occurrence) -> str:
    if occurrence.recurrence is None:
        if occurrence.uid_given and valid_id(occurrence.uid) and not editor.taken(occurrence.uid):
            return occurrence.uid
        return editor.new_id(occurrence.title, "event")
    day = occurrence.recurrence[:10].replace("-", "")
    ident = f"{occurrence.uid}-{day}"
    if not (occurrence.uid_given and valid_id(ident)):  # the title's words, the date whole
        return new_id(occurrence.title, "event", editor.file.ids(), suffix=day)
    n = 1
    candidate = ident
    while editor.taken(candidate):
        n += 1
        candidate = f"{ident}-{n}"
    return candidate


def _cancel(editor: Editor, occurrence: Occurrence) -> None:
    matches = [
        str(raw.get("id"))
        for raw in _raw(editor)
        if _imported_as(raw, occurrence.uid)
        and occurrence.recurrence in (None, raw.get(RECURRENCE_KEY))
    ]
    if not matches:
        worded = _(
            "the invitation cancels UID {uid}, which no entry of the trip has: nothing to cancel"
        )
        editor.notes.append(worded.format(uid=occurrence.uid))
    for ident in matches:
        if not _older(editor, editor.entry(ident), occurrence.revision, cancelling=True):
            editor.cancel(ident)


def _imported(ident: str, occurrence: Occurrence, place: Place) -> str:
    """What an import that adds an event says: imported event 'x': 'Title' at Seoul, ..."""
    start = occurrence.start
    if not isinstance(start, datetime):
        when = str(start)
    else:
        instant = start if start.tzinfo else resolve_local(start, place.zone).instant
        when = clock(instant, place.zone)
    return _("imported event {id}: {title} at {place}, {when}").format(
        id=repr(ident), title=repr(occurrence.title), place=place.name, when=when
    )


def _older(
    editor: Editor, entry: AnyEntry, revision: Revision, *, cancelling: bool = False
) -> bool:
    """Whether the invitation is older than the entry (revisions.older_than): then it
    changes nothing of it, and says so."""
    reason = older_than(revision, entry)
    if reason is not None:
        if cancelling:
            worded = _(
                "{entry}: the cancellation is not applied: older than the entry's revision"
                " {sequence} ({reason})"
            )
        else:
            worded = _(
                "{entry}: not applied: older than the entry's revision {sequence} ({reason})"
            )
        editor.note(worded.format(entry=said(entry), sequence=entry.sequence or 0, reason=reason))
    return reason is not None


def _revision_values(revision: Revision) -> dict[str, Any]:
    """`sequence` and `stamp` as the file writes them (None: no key): a SEQUENCE of 0 is
    the default, and no key, as the first invitation of an event usually says it."""
    stamp = None if revision.stamp is None else words.utc(revision.stamp)
    return {SEQUENCE_KEY: revision.sequence or None, STAMP_KEY: stamp}


def _revision_said(revision: Revision) -> str:
    if revision.stamp is None:
        return _("SEQUENCE {n}").format(n=revision.number)
    return _("SEQUENCE {n}, stamped {stamp}").format(
        n=revision.number, stamp=words.utc(revision.stamp)
    )


def _own_who(trip: Trip, entry: AnyEntry) -> list[str] | None:
    """The entry's travellers as its file names them (None: every traveller, no key)."""
    return None if set(entry.who) == set(trip.travellers) else list(entry.who)
