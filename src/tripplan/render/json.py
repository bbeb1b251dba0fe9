"""Views as JSON documents (shared/spec/cli.md, "Machine output"). No Rich here."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, TextIO

from tripplan import fields, words
from tripplan.fileio import in_blocks
from tripplan.model import AllDayEvent, Travel, Trip

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


def trip_header(trip: Trip) -> dict[str, Any]:
    return {
        "title": trip.title,
        "home": trip.home.id if trip.home else None,
        "start": trip.start.isoformat() if trip.start else None,
        "end": trip.end.isoformat() if trip.end else None,
        "travellers": list(trip.travellers),
    }


# The keys cli.md's shape gives every entry, whichever its table: an event's `from` and
# `to` are null, a leg's `place` is. The other keys each table declares with `json` follow.
_SHAPE = ("place", "from", "to")


@cache
def _declared(table: fields.Table) -> tuple[tuple[str, str | None, bool], ...]:
    """A table's keys JSON writes after the shape's: (name, attribute or None for
    `Entry.extra`, whether the value needs `fields.plain`)."""
    return tuple(
        (key.name, key.attr, key.kind in _NOT_PLAIN or key.attr is None)
        for key in table.keys
        if key.json and key.name not in ("id", "title", *_SHAPE)
    )


_NOT_PLAIN = frozenset(
    {
        fields.Kind.PLACE,
        fields.Kind.DATE,
        fields.Kind.DATE_TIME,
        fields.Kind.DURATION,
        fields.Kind.INSTANT,
    }
)


def entry_json(row: Row) -> dict[str, Any]:
    """One entry as cli.md's JSON shape states it, then each other key its table declares
    for JSON (fields.py), by the file's names. Runs once per entry of a 100,000-entry trip:
    the shape is one dict literal, the declared keys a loop over a cached list."""
    entry = row.entry
    start, end = entry.start_place, entry.end_place
    timed = not isinstance(entry, AllDayEvent)
    leg = isinstance(entry, Travel)
    out: dict[str, Any] = {
        "id": entry.id,
        "type": entry.type,
        "title": entry.title,
        "place": None if leg else start.id,
        "from": start.id if leg else None,
        "to": end.id if leg else None,
        "tz": start.tz,
        "end_tz": end.tz,
        "all_day": not timed,
        "start": row.start.isoformat(),
        "end": row.end.isoformat(),
        "start_utc": words.utc(entry.begins) if timed else None,
        "end_utc": words.utc(entry.ends) if timed else None,
        "duration": words.iso_length(entry.ends - entry.begins) if timed else None,
        "day_shift": row.day_shift,
    }
    for name, attr, convert in _declared(fields.entry_table(entry.table)):
        value = getattr(entry, attr) if attr else entry.value(name)
        out[name] = fields.plain(value) if convert else value
    return out


def itinerary_json(view: Itinerary) -> dict[str, Any]:
    """The itinerary document; its entries are encoded as `write` reaches them."""
    return {
        "trip": trip_header(view.trip),
        "entries": map(entry_json, _whole(view)),
        "clock_changes": map(clock_change_json, view.changes),
    }


def _whole(view: Itinerary) -> Iterator[Row]:
    """The itinerary's rows, a lodging's check-in and check-out as one entry (at the
    first of its rows shown), as JSON holds every entry once."""
    from tripplan.views import make_row

    seen: set[str] = set()
    for row in view.rows:
        if row.part is None:
            yield row
        elif row.entry.id not in seen:
            seen.add(row.entry.id)
            yield make_row(view.trip, row.entry, view.zone)


def clock_change_json(change: ClockChange) -> dict[str, Any]:
    return {
        "who": change.who,
        "at_utc": words.utc(change.at),
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
            "night": day.night.id if day.night else None,  # their lodging's id (1.1)
            "clock_changes": [clock_change_json(c) for c in day.changes],
            "entries": [entry_json(row) for row in view.rows(day)],
        }
        for day in view.days
    )
    return {"trip": trip_header(view.trip), "days": days}
