"""A booking's file read into its schema.org objects: a JSON-LD file, an HTML page, or a
confirmation e-mail (.eml) whose HTML parts hold JSON-LD `<script>`s or microdata.

Everything a sender may get wrong, or a hostile file may try, is one line naming the
file (TripError): too big, nested too deep, not JSON, no HTML part, no reservation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

from tripplan.errors import TripError
from tripplan.fileio import read_input
from tripplan.tomlread import deeper_than

if TYPE_CHECKING:
    from email.message import EmailMessage

MAX_BOOKING_BYTES = 10 * 1024 * 1024  # as import ics caps an invitation
MAX_DEPTH = 64  # JSON nesting: a reservation is five deep; Python's parser recurses
MAX_OBJECTS = 1_000  # reservations in one source: a season's bookings are far fewer
MAX_PARTS = 200  # MIME parts of one e-mail walked

# The schema.org types read (docs/bookings.md), by their short names.
RESERVATIONS = frozenset(
    {
        "FlightReservation",
        "TrainReservation",
        "BusReservation",
        "LodgingReservation",
        "EventReservation",
        "FoodEstablishmentReservation",
    }
)
_SCHEMA_PREFIXES = ("http://schema.org/", "https://schema.org/", "schema:")


@dataclass(frozen=True, slots=True)
class Booking:
    """A source's name (as the user gave it) and its reservations (JSON-LD objects)."""

    name: str
    reservations: tuple[dict[str, Any], ...]


def short_type(value: Any) -> str:
    """A schema.org type or enumeration value by its short name: `FlightReservation`
    for `http://schema.org/FlightReservation` (the first of a list of types).

    >>> short_type("https://schema.org/ReservationCancelled"), short_type(["Thing", "X"])
    ('ReservationCancelled', 'Thing')
    """
    if isinstance(value, list):
        value = value[0] if value else ""
    if not isinstance(value, str):
        return ""
    for prefix in _SCHEMA_PREFIXES:
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def read_booking(path: str, stdin: BinaryIO | None = None) -> Booking:
    """Read a booking source (`-`: standard input) into its reservations, or refuse it
    with one line."""
    name = "<stdin>" if path == "-" else path
    data = read_input(path, MAX_BOOKING_BYTES, "a booking", stdin)
    kind = _kind(path, data)
    if kind == "json":
        objects = list(_json_objects(name, _text(data)))
    elif kind == "html":
        objects = list(_html_objects(name, _text(data)))
    else:
        objects = list(_email_objects(name, data))
    found = tuple(_reservations(objects))
    if not found:
        where = "" if kind == "json" else " (a JSON-LD <script> or microdata)"
        raise TripError(f"{name}: no schema.org reservation in it{where}: nothing to import")
    if len(found) > MAX_OBJECTS:
        raise TripError(f"{name}: more than {MAX_OBJECTS:,} reservations: not one booking")
    return Booking(name, found)


def _kind(path: str, data: bytes) -> str:
    """json, html or email: by the file's suffix, else by its first bytes."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if suffix in ("json", "jsonld"):
        return "json"
    if suffix in ("html", "htm"):
        return "html"
    if suffix == "eml":
        return "email"
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return "json" if head in (b"{", b"[") else "html" if head == b"<" else "email"


def _text(data: bytes) -> str:
    """A file's text: UTF-8 (a byte-order mark dropped), else Windows-1252 as browsers
    read a page that declares nothing, else Latin-1 (which reads any byte)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _json_objects(name: str, text: str, where: str = "") -> Iterator[dict[str, Any]]:
    """The objects of a JSON-LD text: one object, an array of them, or an @graph."""
    import json

    try:
        value = json.loads(text)
    except RecursionError:
        raise TripError(f"{name}: {where}JSON nested deeper than {MAX_DEPTH}") from None
    except ValueError as err:
        raise TripError(f"{name}: {where}not JSON: {err}") from None
    if isinstance(value, dict | list) and deeper_than(value, MAX_DEPTH):
        raise TripError(f"{name}: {where}JSON nested deeper than {MAX_DEPTH}")
    yield from _flatten(value)


def _flatten(value: Any) -> Iterator[dict[str, Any]]:
    """Top-level objects: an array's items, an @graph's, the object itself."""
    if isinstance(value, list):
        for item in value:
            yield from _flatten(item)
    elif isinstance(value, dict):
        graph = value.get("@graph")
        if isinstance(graph, list):
            yield from _flatten(graph)
        else:
            yield value


def _reservations(objects: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for value in objects:
        if short_type(value.get("@type")) in RESERVATIONS:
            yield value


def _html_objects(name: str, html: str) -> Iterator[dict[str, Any]]:
    """The JSON-LD objects of a page's `<script type="application/ld+json">`s, then its
    microdata items (microdata.py)."""
    from tripplan.edit.bookings.markup import read_markup

    scripts, items = read_markup(html)
    for n, script in enumerate(scripts, 1):
        if script.strip():
            yield from _json_objects(name, script, f"JSON-LD script {n}: ")
    yield from items


def _email_objects(name: str, data: bytes) -> Iterator[dict[str, Any]]:
    """The JSON-LD and microdata of an e-mail's HTML parts (and of JSON-LD attached)."""
    wanted = ("text/html", "application/ld+json", "application/json")
    parts = [(part.get_content_type(), part) for part in _parts(name, data)]
    htmls = [part for kind, part in parts if kind == "text/html"]
    if not htmls:
        raise TripError(f"{name}: the e-mail has no HTML part (where confirmations carry JSON-LD)")
    for kind, part in parts:
        if kind == wanted[0]:
            yield from _html_objects(name, _decoded(part))
        elif kind in wanted[1:]:
            yield from _json_objects(name, _decoded(part), "its JSON-LD part: ")


def _parts(name: str, data: bytes) -> list[EmailMessage]:
    """An e-mail's MIME parts, read with the standard library (policy.default), at most
    MAX_PARTS of them (counted by their boundaries before the parser nests into them)."""
    import email
    from email import policy

    if data.lower().count(b"boundary=") > MAX_PARTS:
        raise TripError(f"{name}: more than {MAX_PARTS} MIME parts: not a confirmation")
    try:
        message = email.message_from_bytes(data, policy=policy.default)
        if not message.keys():
            raise TripError(f"{name}: not an e-mail, an HTML page or JSON-LD")
        parts = []
        for part in message.walk():
            parts.append(part)
            if len(parts) > MAX_PARTS:
                raise TripError(f"{name}: more than {MAX_PARTS} MIME parts: not a confirmation")
    except RecursionError:
        raise TripError(f"{name}: MIME parts nested too deep: not a confirmation") from None
    return parts


def _decoded(part: EmailMessage) -> str:
    """A part's text, its transfer encoding and charset undone; a charset Python does not
    know, or bytes that are not of it, read as _text reads a file."""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError, AssertionError):
        content = None
    if isinstance(content, str):
        return content
    payload = part.get_payload(decode=True)
    return _text(payload) if isinstance(payload, bytes) else ""
