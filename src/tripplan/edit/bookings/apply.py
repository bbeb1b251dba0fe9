"""A booking's reservations written into the trip as edits of its file: each added,
updated or cancelled, at the places its airports, address or traveller say.

The rules (docs/bookings.md says why each):
- a reservation is the entry whose `uid` is its own (Reservation.uid: its number and its
  segment): importing it again changes what changed, and nothing when nothing did;
- passengers booked under one number on one flight are one entry for all of them;
- legs first, so that the hotel and the dinner of the same e-mail find where their
  traveller is then;
- ReservationCancelled takes the entry out (as import ics does a CANCELLED event).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from tripplan.edit.bookings.read import Booking
from tripplan.edit.bookings.reservations import (
    EVENT_LENGTH,
    MEAL_LENGTH,
    Person,
    Reservation,
    Stop,
    reservation,
)
from tripplan.edit.result import Done, said
from tripplan.edit.times import clock
from tripplan.edit.tripfile import toml_value
from tripplan.errors import TripError
from tripplan.lang import _
from tripplan.options import chosen_travellers
from tripplan.search import fold
from tripplan.timing import resolve_local

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from tripplan.edit.editor import Editor
    from tripplan.model import AnyEntry, Place, Trip

_ORDER = {"travel": 0, "lodging": 1, "events": 2}
_TIMES = {"travel": ("depart", "arrive"), "lodging": ("check_in", "check_out")}


def import_booking(
    editor: Editor, booking: Booking, place: str | None, who: Sequence[str] | None = None
) -> None:
    """Add, update or cancel the trip's entries as the booking's reservations say: for
    the travellers `who`, else those its underName is (`[people]` name or e-mail), else
    all (and said). Every reservation is read before anything is edited."""
    found = [reservation(booking.name, value) for value in booking.reservations]
    groups: dict[str, list[Reservation]] = {}
    for one in found:
        groups.setdefault(one.uid, []).append(one)
    importer = _Importer(editor, booking.name, place, chosen_travellers(editor.trip, who))
    for group in sorted(groups.values(), key=lambda g: _ORDER[g[0].table]):
        importer.apply(group)


def folded(text: str) -> str:
    """Text as names are compared: as search folds it (NFKC, case-folded), spaces as one."""
    return " ".join(fold(text).split())


class _Importer:
    def __init__(self, editor: Editor, name: str, place: str | None, who: list[str] | None) -> None:
        self.editor, self.name, self.place_option, self.who = editor, name, place, who

    def apply(self, group: list[Reservation]) -> None:
        first = group[0]
        entry = next(
            (e for e in self.editor.trip.entries if e.uid == first.uid and e.table == first.table),
            None,
        )
        live = [one for one in group if not one.cancelled]
        if not live:
            self._cancel(first, entry)
            return
        who = self._travellers(live)
        if first.table == "travel":
            spec = self._leg(live[-1])
        else:
            spec = self._stay_or_visit(live[-1], who)
        if who is not None and set(who) != set(self.editor.trip.travellers):
            spec = _before(spec, "confirmation", {"who": who})
        if entry is None:
            self._add(live[-1], spec)
        else:
            self._update(entry, spec, who)

    # -- what the entry is ----------------------------------------------------------------

    def _leg(self, one: Reservation) -> dict[str, Any]:
        origin, destination = self._stop(one, one.origin), self._stop(one, one.destination)
        return {
            "title": one.title,
            "from": origin.id,
            "to": destination.id,
            "depart": self._written(one.start, origin.zone),
            "arrive": self._written(one.end or one.start, destination.zone),
            "mode": one.mode,
            "confirmation": one.number,
            "uid": one.uid,
        }

    def _stay_or_visit(self, one: Reservation, who: list[str] | None) -> dict[str, Any]:
        place = self._place(one, who)
        spec: dict[str, Any] = {"title": one.title, "place": place.id}
        first, last = _TIMES.get(one.table, ("start", "end"))
        spec[first] = self._written(one.start, place.zone)
        end = one.end
        if end is None and isinstance(one.start, datetime):
            length = MEAL_LENGTH if one.type == "FoodEstablishmentReservation" else EVENT_LENGTH
            end = one.start + length
        if end is not None and not (isinstance(end, date) and end == one.start):
            spec[last] = self._written(end, place.zone)
        address = _address(one, place)
        if one.table == "lodging":
            if address:
                spec["address"] = address
        elif one.venue or address:  # an event's site: its venue's name, else its street
            spec["venue"] = one.venue or address
            if one.venue and address:
                spec["notes"] = address
        spec["confirmation"] = one.number
        spec["uid"] = one.uid
        return spec

    def _written(self, moment: datetime | date, zone: ZoneInfo) -> Any:
        """A booking's time as the file writes it: an offset that is the place's own (or
        UTC's) as the local time there; another offset as given, so that the loader says
        `offset-mismatch`; a time without one, and a date, as given."""
        if isinstance(moment, datetime) and moment.tzinfo is not None:
            offset = moment.utcoffset()
            if not offset or offset == moment.astimezone(zone).utcoffset():
                return self.editor.local_value(moment, zone)
            return toml_value(moment.isoformat())
        if isinstance(moment, datetime):
            return toml_value(moment.isoformat(timespec="seconds"))
        return toml_value(moment.isoformat())

    # -- where ----------------------------------------------------------------------------

    def _stop(self, one: Reservation, stop: Stop | None) -> Place:
        """A leg's end: the place of its airport (a new one from the database), or the
        place named as its station or the station's locality."""
        trip = self.editor.trip
        if stop is None:
            raise TripError(f"{self.name}: {one.label}: a stop is missing")
        if stop.code is not None and one.mode == "flight":
            return self._airport(one, stop.code)
        place = _place_named(trip, stop.name, stop.locality)
        if place is not None:
            return place
        shown = stop.name or stop.locality or "?"
        raise TripError(
            f"{self.name}: {one.label}: no place of the trip is named {shown!r} (its station):"
            " add one named so (tripplan add place), then import again"
        )

    def _airport(self, one: Reservation, code: str) -> Place:
        from tripplan.airports import airport

        trip = self.editor.trip
        for place in trip.places.values():
            if place.airport is not None and place.airport.upper() == code:
                return place
        found = airport(code)
        if found is None or not found.tz:
            what = "is not in the airport database" if found is None else "has no zone there"
            raise TripError(
                f"{self.name}: {one.label}: airport {code!r} {what}, and no place of the trip"
                f' has it: add one (airport = "{code}" and its tz), then import again'
            )
        ident = code.lower()
        if ident in trip.places or self.editor.taken(ident):
            ident = f"{ident}-airport"
        self.editor.add_place(ident, None, None, code)
        same = [p.id for p in trip.places.values() if p.tz == found.tz and p.airport is None]
        if same:
            worded = _(
                "place {place} has the zone of {others}: give one of them airport = {code}"
                " (by hand), and its flights land there"
            )
            self.editor.note(
                worded.format(place=repr(ident), others=", ".join(same), code=f'"{code}"')
            )
        return self.editor.trip.places[ident]

    def _place(self, one: Reservation, who: list[str] | None) -> Place:
        """--place, else the place its locality names, else where its traveller is then."""
        editor = self.editor
        if self.place_option is not None:
            return editor.place(self.place_option, "place")
        found = _place_named(editor.trip, one.locality) or self._where_then(one, who)
        if found is not None:
            return found
        head = f"{self.name}: {one.label}: "
        named = f"its address names no place of the trip ({one.locality or 'no locality'})"
        tail = f"{named} and no traveller of it is at a place then: give "
        raise TripError(f"{head}{tail}the place").naming(head + tail, "place", " ID")

    def _where_then(self, one: Reservation, who: list[str] | None) -> Place | None:
        """Where the booking's first traveller is at its start (the timeline). A time
        without offset is local at the place to be found: the place where they are at
        that wall time read in its own zone."""
        from tripplan.timeline import timelines

        trip = self.editor.trip
        names = who or list(trip.travellers) or [""]
        line = next(iter(timelines(trip, names[0]).values()))
        start = one.start
        if not isinstance(start, datetime):
            return None
        if start.tzinfo is not None:
            return line.place_at(start.astimezone(UTC))
        for place in trip.places.values():
            if line.place_at(resolve_local(start, place.zone).instant) == place:
                return place
        return None

    # -- whose ----------------------------------------------------------------------------

    def _travellers(self, group: list[Reservation]) -> list[str] | None:
        """--who, else the travellers its underName are; None: everyone (said when a
        name is not the trip's)."""
        if self.who is not None:
            return self.who
        trip = self.editor.trip
        matched: set[str] = set()
        for one in group:
            for person in one.people:
                found = _traveller(trip, person)
                if found is None:
                    self._note_stranger(one, person)
                else:
                    matched.add(found)
        return [name for name in trip.travellers if name in matched] or None

    def _note_stranger(self, one: Reservation, person: Person) -> None:
        shown = " ".join(
            f"{part}" for part in (person.name, person.email and f"<{person.email}>") if part
        )
        worded = _(
            "{reservation}: underName {person} is none of the trip's [people] (name or"
            " e-mail): its entry is for every traveller"
        )
        self.editor.note(worded.format(reservation=one.label, person=shown))

    # -- the edits ------------------------------------------------------------------------

    def _add(self, one: Reservation, spec: dict[str, Any]) -> None:
        editor = self.editor
        kind = {"travel": "travel", "lodging": "lodging", "events": "event"}[one.table]
        ident = editor.new_id(one.service or one.title, kind)  # a leg's: ke017, ice-1601
        editor.file.insert_entry(one.table, {"id": ident, **spec})
        editor.record(Done(self._imported(editor.entry(ident)), ident=ident))

    def _imported(self, entry: AnyEntry) -> str:
        start, end = entry.start, entry.end
        zone = entry.start_place.zone
        if isinstance(start, datetime) and isinstance(end, datetime):
            when = _("{start} to {end}").format(
                start=clock(start, zone), end=clock(end, entry.end_place.zone)
            )
        else:
            when = str(start)
        if entry.type == "travel":
            return _("imported {entry}: {title}, {when}").format(
                entry=said(entry), title=repr(entry.title), when=when
            )
        return _("imported {entry}: {title} at {place}, {when}").format(
            entry=said(entry), title=repr(entry.title), place=entry.start_place.name, when=when
        )

    def _update(self, entry: AnyEntry, spec: dict[str, Any], who: list[str] | None) -> None:
        from tripplan.edit.bookings.update import update_entry

        if not update_entry(self.editor, entry, spec, who):
            worded = _("{entry} is up to date").format(entry=said(entry))
            self.editor.record(Done(worded))

    def _cancel(self, one: Reservation, entry: AnyEntry | None) -> None:
        if entry is None:
            worded = _(
                "{reservation} is cancelled, and no entry of the trip is it: nothing to cancel"
            )
            self.editor.note(worded.format(reservation=one.label))
            return
        self.editor.cancel(entry.id)


def _address(one: Reservation, place: Place) -> str | None:
    """The street, and the locality where it is not the place's name (the views name the
    place beside the address)."""
    locality = one.locality
    if locality and _named(place, {folded(locality)}):
        locality = None
    return ", ".join(part for part in (one.address, locality) if part) or None


def _place_named(trip: Trip, *texts: str | None) -> Place | None:
    """The trip's first place whose name or id is one of `texts`, as names are compared."""
    wanted = {folded(text) for text in texts if text}
    return next((place for place in trip.places.values() if _named(place, wanted)), None)


def _named(place: Place, wanted: set[str]) -> bool:
    """Whether the place's name or id is one of `wanted` (folded)."""
    return folded(place.name) in wanted or folded(place.id) in wanted


def _before(spec: dict[str, Any], key: str, more: dict[str, Any]) -> dict[str, Any]:
    """`spec` with `more` inserted before `key` (the order the file writes them)."""
    keys = list(spec)
    at = keys.index(key) if key in keys else len(keys)
    return {**{k: spec[k] for k in keys[:at]}, **more, **{k: spec[k] for k in keys[at:]}}


def _traveller(trip: Trip, person: Person) -> str | None:
    """The traveller a booking's person is: by [people] e-mail (case-folded), else by
    name (NFKC, case-folded) as [people] or as the traveller's id."""
    if person.email:
        email = person.email.strip().casefold()
        for ident, known in trip.people.items():
            if known.email and known.email.strip().casefold() == email:
                return ident
    if person.name:
        name = folded(person.name)
        for ident in trip.travellers:
            details = trip.people.get(ident)
            if name == folded(ident) or (details and details.name and folded(details.name) == name):
                return ident
    return None
