"""schema.org reservations (JSON-LD objects, or microdata read as them) into what the trip
needs of each: a leg (flight, train, bus), a lodging, or an event (a restaurant, a
ticketed event). Nothing here reads the trip: apply.py places them.

What each type's keys become is docs/bookings.md's table; a reservation that lacks what
its entry needs is one line naming it (its type, number and what is missing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from tripplan.edit.add import CHECK_IN, CHECK_OUT
from tripplan.edit.bookings.read import short_type
from tripplan.errors import TripError
from tripplan.load import FIRST_YEAR, LAST_YEAR
from tripplan.text import clip

# How long a booking with no end lasts: a meal (FoodEstablishmentReservation), an event.
MEAL_LENGTH = timedelta(hours=2)
EVENT_LENGTH = timedelta(hours=2)
_MODES = {"FlightReservation": "flight", "TrainReservation": "train", "BusReservation": "bus"}
_STOPS = {  # a trip's two ends, as each type names them
    "FlightReservation": ("departureAirport", "arrivalAirport"),
    "TrainReservation": ("departureStation", "arrivalStation"),
    "BusReservation": ("departureBusStop", "arrivalBusStop"),
}
_NUMBERS = {
    "TrainReservation": ("trainName", "trainNumber"),
    "BusReservation": ("busName", "busNumber"),
}

Time = datetime | date  # aware: an instant; naive: a wall time at the place; a date


@dataclass(frozen=True, slots=True)
class Person:
    name: str | None
    email: str | None


@dataclass(frozen=True, slots=True)
class Stop:
    """Where a leg leaves or arrives: an airport's IATA code, or a station's name."""

    code: str | None  # IATA, upper case
    name: str | None
    locality: str | None


@dataclass(frozen=True, slots=True)
class Reservation:
    """One reservation, as the trip will hold it."""

    type: str  # FlightReservation, ...
    number: str  # reservationNumber
    table: str  # travel, lodging, events
    title: str
    segment: str  # what tells this entry from the booking's others: KE017-20101116
    start: Time
    end: Time | None  # None: the default length (MEAL_LENGTH, EVENT_LENGTH)
    cancelled: bool
    people: tuple[Person, ...]
    mode: str | None = None
    origin: Stop | None = None
    destination: Stop | None = None
    address: str | None = None  # the street
    locality: str | None = None
    venue: str | None = None
    service: str | None = None  # a leg's flight or train: KE017, ICE 1601

    @property
    def label(self) -> str:
        """How a line names it: FlightReservation K7QX2P (KE017 ICN→LAX)."""
        return f"{self.type} {self.number} ({self.title})"

    @property
    def uid(self) -> str:
        """The entry's `uid`, the same for each import of this reservation."""
        return f"booking-{self.number}-{self.segment}@tripplan"


def reservation(name: str, value: dict[str, Any]) -> Reservation:
    """A reservation of the booking `name`, or one line saying what it lacks."""
    kind = short_type(value.get("@type"))
    number = text(value.get("reservationNumber")) or text(value.get("reservationId"))
    if not number:
        raise TripError(
            f"{name}: {kind}: no reservationNumber: it could not be imported again without"
            " being added twice"
        )
    head = f"{name}: {kind} {clip(number)}"
    common = {
        "type": kind,
        "number": number,
        "cancelled": short_type(value.get("reservationStatus")) == "ReservationCancelled",
        "people": _people(value.get("underName")),
    }
    what = _thing(value.get("reservationFor"))
    if kind in _MODES:
        return _leg(head, kind, value, what, common)
    if kind == "LodgingReservation":
        return _stay(head, value, what, common)
    return _visit(head, kind, value, what, common)


def _leg(
    head: str, kind: str, value: dict[str, Any], what: dict[str, Any], common: dict[str, Any]
) -> Reservation:
    first, last = _STOPS[kind]
    origin = _stop(what.get(first) or what.get("departureStation"))
    destination = _stop(what.get(last) or what.get("arrivalStation"))
    code = _service(kind, what)
    ends = _ends(origin, destination, kind)
    title = f"{code} {ends}".strip() if code else ends
    head = f"{head} ({title})"
    if origin is None or destination is None:
        raise TripError(f"{head}: no {first if origin is None else last} in reservationFor")
    if kind == "FlightReservation":
        for stop, key in ((origin, first), (destination, last)):
            if stop.code is None:
                raise TripError(f"{head}: its {key} has no iataCode: no zone to read its times in")
    depart = _time(head, "departureTime", what.get("departureTime") or value.get("departureTime"))
    arrive = _time(head, "arrivalTime", what.get("arrivalTime") or value.get("arrivalTime"))
    for key, moment in (("departureTime", depart), ("arrivalTime", arrive)):
        if not isinstance(moment, datetime):
            raise TripError(f"{head}: {key} is a date: a leg needs a date and time")
    day = depart.strftime("%Y%m%d") if isinstance(depart, datetime) else ""
    segment = f"{(code or kind).replace(' ', '')}-{day}"
    return Reservation(
        **common, table="travel", title=title, segment=segment, start=depart, end=arrive,
        mode=_MODES[kind], origin=origin, destination=destination, service=code or None,
    )  # fmt: skip


def _stay(
    head: str, value: dict[str, Any], what: dict[str, Any], common: dict[str, Any]
) -> Reservation:
    title = text(what.get("name")) or "Lodging"
    head = f"{head} ({title})"
    check_in = value.get("checkinTime") or value.get("checkinDate")
    check_out = value.get("checkoutTime") or value.get("checkoutDate")
    start = _hours(_time(head, "checkinTime (or checkinDate)", check_in), CHECK_IN)
    end = _hours(_time(head, "checkoutTime (or checkoutDate)", check_out), CHECK_OUT)
    street, locality = _address(what.get("address"))
    return Reservation(
        **common, table="lodging", title=title, segment="lodging", start=start, end=end,
        address=street, locality=locality,
    )  # fmt: skip


def _visit(
    head: str, kind: str, value: dict[str, Any], what: dict[str, Any], common: dict[str, Any]
) -> Reservation:
    title = text(what.get("name")) or ("Meal" if kind == "FoodEstablishmentReservation" else kind)
    head = f"{head} ({title})"
    location = _thing(what.get("location"))
    venue = text(location.get("name")) if location else None
    address = what.get("address") or location.get("address")
    start_key = "startTime" if kind == "FoodEstablishmentReservation" else "startDate"
    start_value = value.get("startTime") or what.get("startDate") or what.get("startTime")
    start = _time(head, start_key, start_value)
    end_value = value.get("endTime") or what.get("endDate") or what.get("endTime")
    end = _time(head, "endTime", end_value) if end_value else None
    street, locality = _address(address)
    return Reservation(
        **common, table="events", title=title, segment="event", start=start, end=end,
        address=street, locality=locality, venue=venue,
    )  # fmt: skip


def _hours(moment: Time, usual: time) -> Time:
    """A hotel's date alone at its usual hour (add lodging's rule), local there."""
    return moment if isinstance(moment, datetime) else datetime.combine(moment, usual)


def text(value: Any) -> str | None:
    """A value as text: a string or a number (the first of a list, a JSON-LD value
    object's `@value`); None for none."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | str):
        shown = " ".join(str(value).split())
        return shown or None
    return None


def _thing(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, dict) else {}


def _people(value: Any) -> tuple[Person, ...]:
    values = value if isinstance(value, list) else [value]
    found = []
    for item in values:
        if isinstance(item, dict):
            person = Person(text(item.get("name")), text(item.get("email")))
        else:
            person = Person(text(item), None)
        if person.name or person.email:
            found.append(person)
    return tuple(found)


def _stop(value: Any) -> Stop | None:
    if isinstance(value, str):
        return Stop(value.upper() if len(value) == 3 else None, value, None)
    place = _thing(value)
    if not place:
        return None
    code = text(place.get("iataCode"))
    _street, locality = _address(place.get("address"))
    return Stop(code.upper() if code else None, text(place.get("name")), locality)


def _service(kind: str, what: dict[str, Any]) -> str:
    """A flight's `KE017` (its airline's code and its number), a train's `ICE 1601`."""
    if kind == "FlightReservation":
        airline = _thing(what.get("airline"))
        carrier = text(airline.get("iataCode")) or ""
        number = text(what.get("flightNumber")) or ""
        return number if carrier and number.startswith(carrier) else f"{carrier}{number}"
    name_key, number_key = _NUMBERS[kind]
    name, number = text(what.get(name_key)) or "", text(what.get(number_key)) or ""
    return number if name and number.startswith(name) else f"{name} {number}".strip()


def _ends(origin: Stop | None, destination: Stop | None, kind: str) -> str:
    def said(stop: Stop | None) -> str:
        if stop is None:
            return "?"
        return (stop.code if kind == "FlightReservation" else None) or stop.name or "?"

    return f"{said(origin)}→{said(destination)}"


def _address(value: Any) -> tuple[str | None, str | None]:
    """An address's street (or the whole of an address given as text) and locality."""
    if isinstance(value, str):
        return (text(value), None)
    place = _thing(value)
    return text(place.get("streetAddress")), text(place.get("addressLocality"))


def _time(head: str, key: str, value: Any) -> Time:
    """An ISO 8601 date-time (with an offset: an instant; without: a wall time), or a date."""
    written = text(value)
    if written is None:
        raise TripError(f"{head}: no {key}")
    try:
        parsed: Time = (
            date.fromisoformat(written) if len(written) == 10 else datetime.fromisoformat(written)
        )
    except ValueError:
        raise TripError(f"{head}: {key} {clip(written)!r} is not an ISO 8601 date-time") from None
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise TripError(f"{head}: {key} {written!r}: the year is out of range")
    if isinstance(parsed, datetime):
        parsed = parsed.replace(microsecond=0)
    return parsed
