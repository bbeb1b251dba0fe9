"""Views as JSON documents (shared/spec/cli.md, "Machine output"). No Rich here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TextIO

from tripplan import words
from tripplan.fileio import in_blocks
from tripplan.model import Event, Trip

if TYPE_CHECKING:  # `check --json` writes its findings without loading the views
    from tripplan.timeline import ClockChange
    from tripplan.views import Agenda, Itinerary, Row

import orjson


def _encode(value: Any) -> str:
    """One value as compact JSON, non-ASCII text readable, C0 controls escaped: orjson, at
    a quarter of the standard library's cost per entry (bench/results.md). A lone
    surrogate (a file name's undecodable byte) is no UTF-8, which orjson refuses: such a
    value goes through the standard library's encoder, and _UNSAFE escapes it."""
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:
        import json

        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# What the encoder leaves raw but must not reach a terminal or reorder what it shows
# (shared/spec/cli.md, "Output rules"; docs/input-safety.md): DEL and the C1 controls,
# the bidi controls (LRM, RLM, ALM, the embeddings and overrides, the isolates), the
# line and paragraph separators, and lone surrogates (a file name's undecodable bytes),
# which UTF-8 cannot carry. Outside strings a JSON text is ASCII, so each can be written
# as \uXXXX wherever it is found.
_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def _compact(value: Any) -> str:
    """`value` as one line of JSON, with _UNSAFE escaped too. Runs once per entry: an
    ASCII line, the common case, is only searched for DEL; `sub` returns a line with
    nothing to escape as it is. bench/json_escape.py measures the cost."""
    text = _encode(value)
    if text.isascii():
        return text if "\x7f" not in text else text.replace("\x7f", "\\u007f")
    return _UNSAFE.sub(_escape, text)


def write(stream: TextIO, document: dict[str, Any]) -> None:
    """Write one JSON document: the top level indented, one item of each list per line.

    Readable, greppable line by line, and lean: a list may be any iterable, so 100,000
    entries are encoded one at a time and written in blocks of a megabyte
    (`fileio.in_blocks`), never held as one string; and each line is encoded compact by
    orjson (`_encode`), the indent written here.
    """
    stream.write("{")
    for n, (key, value) in enumerate(document.items()):
        stream.write(f"{',' if n else ''}\n  {_compact(key)}: ")
        if isinstance(value, dict | str) or not isinstance(value, Iterable):
            stream.write(_compact(value))
            continue
        lines = (_compact(item) for item in value)
        opened = False
        for block in in_blocks(lines, separator=",\n    "):
            stream.write(",\n    " if opened else "[\n    ")
            stream.write(block)
            opened = True
        stream.write("\n  ]" if opened else "[]")
    stream.write("\n}\n")


def _utc(moment: datetime | date) -> str | None:
    if not isinstance(moment, datetime):
        return None
    assert moment.tzinfo is UTC  # the model holds UTC instants
    return moment.isoformat().replace("+00:00", "Z")


def trip_header(trip: Trip) -> dict[str, Any]:
    return {
        "title": trip.title,
        "home": trip.home.id if trip.home else None,
        "start": trip.start.isoformat() if trip.start else None,
        "end": trip.end.isoformat() if trip.end else None,
        "travellers": list(trip.travellers),
    }


def entry_json(row: Row) -> dict[str, Any]:
    """One entry as cli.md's JSON shape states it, with tripplan's extra fields after.

    One dict literal, no helpers: this runs once per entry of a 100,000-entry trip.
    """
    entry = row.entry
    if isinstance(entry, Event):
        place, origin, destination = entry.place.id, None, None
        tz = end_tz = entry.place.tz
        extra_key, extra = "kind", entry.kind
    else:
        place, origin, destination = None, entry.origin.id, entry.destination.id
        tz, end_tz = entry.origin.tz, entry.destination.tz
        extra_key, extra = "mode", entry.mode
    timed = isinstance(entry.start, datetime)
    return {
        "id": entry.id,
        "type": entry.type,
        "title": entry.title,
        "place": place,
        "from": origin,
        "to": destination,
        "tz": tz,
        "end_tz": end_tz,
        "all_day": not timed,
        "start": row.start.isoformat(),
        "end": row.end.isoformat(),
        "start_utc": _utc(entry.start) if timed else None,
        "end_utc": _utc(entry.end) if timed else None,
        "duration": words.iso_length(entry.end - entry.start) if timed else None,
        "day_shift": row.day_shift,
        "who": entry.who,  # a tuple: JSON writes it as an array
        "venue": entry.venue,
        "notes": entry.notes,
        extra_key: extra,
    }


def itinerary_json(view: Itinerary) -> dict[str, Any]:
    """The itinerary document; its entries are encoded as `write` reaches them."""
    return {
        "trip": trip_header(view.trip),
        "entries": map(entry_json, view.rows),
        "clock_changes": map(clock_change_json, view.changes),
    }


def clock_change_json(change: ClockChange) -> dict[str, Any]:
    return {
        "who": change.who,
        "at_utc": _utc(change.at),
        "place": change.place.id,
        "tz": change.place.tz,
        "before": words.offset(change.offset_before),
        "after": words.offset(change.offset_after),
        "cause": change.cause,
        "entry": change.entry.id if change.entry else None,
    }


def agenda_json(view: Agenda) -> dict[str, Any]:
    """One object per traveller and day (tables merge travellers; JSON does not)."""
    home = view.trip.home
    days = (
        {
            "traveller": day.traveller,
            "date": day.date.isoformat(),
            "place": day.place.id if day.place else None,
            "tz": day.place.tz if day.place else str(day.zone.key),
            "begins": day.begins.astimezone(day.zone).isoformat(),
            "home_begins": day.begins.astimezone(home.zone).isoformat() if home else None,
            "repeat": day.repeat,
            "clock_changes": [clock_change_json(c) for c in day.changes],
            "entries": [entry_json(row) for row in view.rows(day)],
        }
        for day in view.days
    )
    return {"trip": trip_header(view.trip), "days": days}
