"""Views as JSON documents (shared/spec/cli.md, "Machine output"). No Rich here."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any, TextIO

from tripplan.model import AnyEntry, Event, Finding, Trip
from tripplan.views import Agenda, Itinerary, Row

_compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def write(stream: TextIO, document: dict[str, Any]) -> None:
    """Write one JSON document: the top level indented, one item of each list per line.

    Readable, greppable line by line, and lean: a list may be any iterable, so 100,000
    entries are encoded one at a time straight to the stream, never held as one string;
    and each line is encoded by the json module's C encoder (`indent=` would make it fall
    back to pure Python, 2.5 s for 100,000 entries).
    """
    stream.write("{")
    for n, (key, value) in enumerate(document.items()):
        stream.write(f"{',' if n else ''}\n  {_compact(key)}: ")
        if isinstance(value, dict | str) or not isinstance(value, Iterable):
            stream.write(_compact(value))
            continue
        opened = False
        for item in value:
            stream.write(",\n    " if opened else "[\n    ")
            stream.write(_compact(item))
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
    entry: AnyEntry = row.entry
    is_event = isinstance(entry, Event)
    document: dict[str, Any] = {
        "id": entry.id,
        "type": entry.type,
        "title": entry.title,
        "place": entry.place.id if is_event else None,  # type: ignore[union-attr]
        "from": None if is_event else entry.start_place.id,
        "to": None if is_event else entry.end_place.id,
        "tz": entry.start_place.tz,
        "end_tz": entry.end_place.tz,
        "all_day": entry.all_day,
        "start": row.start.isoformat(),
        "end": row.end.isoformat(),
        "start_utc": _utc(entry.start),
        "end_utc": _utc(entry.end),
        "who": list(entry.who),
        "venue": entry.venue,
        "notes": entry.notes,
    }
    if is_event:
        document["kind"] = entry.kind  # type: ignore[union-attr]
    else:
        document["mode"] = entry.mode  # type: ignore[union-attr]
    return document


def itinerary_json(view: Itinerary) -> dict[str, Any]:
    """The itinerary document; its entries are encoded as `write` reaches them."""
    rows = (item for item in view.items if isinstance(item, Row))
    return {"trip": trip_header(view.trip), "entries": (entry_json(row) for row in rows)}


def agenda_json(view: Agenda) -> dict[str, Any]:
    days = []
    for day in view.days:
        home = view.trip.home
        days.append(
            {
                "traveller": day.traveller or None,
                "date": day.date.isoformat(),
                "place": day.place.id if day.place else None,
                "tz": day.place.tz if day.place else str(day.zone.key),
                "begins": day.begins.astimezone(day.zone).isoformat(),
                "home_begins": day.begins.astimezone(home.zone).isoformat() if home else None,
                "repeat": day.repeat,
                "entries": [entry_json(row) for row in day.rows],
            }
        )
    return {"trip": trip_header(view.trip), "days": days}


def findings_json(findings: list[Finding]) -> dict[str, Any]:
    return {
        "findings": [
            {
                "code": f.code,
                "severity": f.severity,
                "entries": list(f.entry_ids),
                "message": f.message,
                "who": list(f.who),
            }
            for f in findings
        ]
    }
