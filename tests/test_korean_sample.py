"""The sample trip in Korean (cli.md 1.1 "Language"): trips/seoul-americas-2010.ko.toml is
the English sample worded from the press release itself. Both files must be one trip: the
same ids in the same order, travellers, places, zones and instants, the same findings and
the same calendar; only the words differ, and the Korean file's words are Hangul."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from icalendar import Calendar

from helpers import ROOT, SAMPLE, tripplan
from tripplan import AnyEntry, Trip, load_trip, loads_trip

KOREAN = ROOT / "trips" / "seoul-americas-2010.ko.toml"

# The keys whose values are words (translated); every other value is the same in both files.
WORDED = {"title", "name", "venue", "notes", "kind"}


def hangul(text: str) -> bool:
    """Whether the text holds a Hangul syllable (U+AC00..U+D7A3)."""
    return any("\uac00" <= char <= "\ud7a3" for char in text)


def _entry_shape(entry: AnyEntry) -> dict[str, object]:
    """What an entry is, apart from its words: kind, travellers, instants, places, zones."""
    return {
        "id": entry.id,
        "type": entry.type,
        "all_day": entry.all_day,
        "who": entry.who,
        "table": entry.table,
        "index": entry.index,
        "start": entry.start,  # UTC for a timed entry, a local date for an all-day one
        "end": entry.end,
        "begins": entry.begins,
        "ends": entry.ends,
        "from": (entry.start_place.id, entry.start_place.tz),
        "to": (entry.end_place.id, entry.end_place.tz),
        "mode": getattr(entry, "mode", None),
    }


def _trip_shape(trip: Trip) -> dict[str, object]:
    return {
        "id": trip.id,
        "start": trip.start,
        "end": trip.end,
        "home": (trip.home.id, trip.home.tz) if trip.home else None,
        "buffer": trip.buffer,
        "travellers": trip.travellers,
        "places": [(place.id, place.tz) for place in trip.places.values()],
    }


def _differences(english: Trip, korean: Trip) -> list[str]:
    """Every way the Korean trip is not the English one, apart from its words."""
    found = []
    if _trip_shape(english) != _trip_shape(korean):
        found.append(f"[trip]: {_trip_shape(english)} != {_trip_shape(korean)}")
    ids = ([e.id for e in english.entries], [e.id for e in korean.entries])
    if ids[0] != ids[1]:
        found.append(f"entries: {ids[0]} != {ids[1]}")
    for en, ko in zip(english.entries, korean.entries, strict=False):
        if _entry_shape(en) != _entry_shape(ko):
            found.append(f"{en.id}: {_entry_shape(en)} != {_entry_shape(ko)}")
    return found


def _unworded(table: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in table.items() if key not in WORDED}


def _document(path: Path) -> dict[str, Any]:
    with path.open("rb") as file:
        return tomllib.load(file)


def test_the_korean_trip_is_the_english_one() -> None:
    english, korean = load_trip(SAMPLE), load_trip(KOREAN)
    assert [e.id for e in korean.entries] == [
        "ke017",
        "uclg-congress",
        "la-mou",
        "am649",
        "uclg-speech",
        "mexico-agreement",
        "am680",
        "chicago-ccgt",
        "daley-meeting",
        "ke038",
    ]
    assert _differences(english, korean) == []


def test_a_moved_time_is_a_difference() -> None:
    """The comparison sees one minute: the Korean file with KE038 landing at 17:21."""
    text = KOREAN.read_text(encoding="utf-8")
    moved = text.replace("arrive = 2010-11-23T17:20:00", "arrive = 2010-11-23T17:21:00")
    assert moved != text
    found = _differences(load_trip(SAMPLE), loads_trip(moved.encode("utf-8")))
    assert [line.split(":")[0] for line in found] == ["ke038"]


def test_the_files_have_the_same_tables_keys_and_values_but_words() -> None:
    """Key for key in the same order, every value that is no word the same as written (ids,
    times, durations, zones, places, modes); the Korean [trip] adds `lang` last."""
    english, korean = _document(SAMPLE), _document(KOREAN)
    assert list(korean) == list(english)
    assert list(korean["trip"]) == [*english["trip"], "lang"]
    assert korean["trip"]["lang"] == "ko"
    assert _unworded(korean["trip"]) == {**_unworded(english["trip"]), "lang": "ko"}
    assert list(korean["places"]) == list(english["places"])
    for place_id, place in english["places"].items():
        assert list(korean["places"][place_id]) == list(place), place_id
        assert _unworded(korean["places"][place_id]) == _unworded(place), place_id
    for table in ("events", "travel"):
        assert len(korean[table]) == len(english[table]), table
        for en, ko in zip(english[table], korean[table], strict=True):
            assert list(ko) == list(en), en["id"]
            assert _unworded(ko) == _unworded(en), en["id"]


def test_the_korean_words_are_hangul() -> None:
    """The trip's title, every entry's title and notes and every place's name are Korean
    (the English file, read the same way, has none: the test can tell them apart)."""
    korean, english = load_trip(KOREAN), load_trip(SAMPLE)

    def words(trip: Trip) -> list[str]:
        texts = [trip.title, *(place.name for place in trip.places.values())]
        texts += [entry.title for entry in trip.entries]
        return texts + [entry.notes for entry in trip.entries if entry.notes]

    assert [text for text in words(korean) if not hangul(text)] == []
    assert [text for text in words(english) if hangul(text)] == []
    assert len(words(korean)) == len(words(english)) == 20


def test_the_trip_says_it_is_korean() -> None:
    """`[trip] lang` as the loader reads it: "ko" here, none in the English file."""
    korean, english = load_trip(KOREAN), load_trip(SAMPLE)
    assert getattr(korean, "lang", "no lang attribute") == "ko"
    assert getattr(english, "lang", "no lang attribute") is None


def _findings(path: Path) -> list[tuple[str, list[str]]]:
    result = tripplan("check", "--json", path)
    assert (result.code, result.err) == (0, ""), result.err
    return [(f["code"], f["entries"]) for f in result.json()["findings"]]


def test_check_finds_the_same_in_both() -> None:
    assert _findings(KOREAN) == _findings(SAMPLE)


def _instant(value: datetime | date) -> datetime | date:
    """An ICS time as an instant: a date-time in UTC (a floating one would be refused), a
    date as itself."""
    if isinstance(value, datetime):
        assert value.tzinfo is not None, value
        return value.astimezone(UTC)
    return value


def _calendar(path: Path) -> set[tuple[str, object, object, str, str]]:
    """Each VEVENT's UID, start and end instants and the zones they are written in."""
    result = tripplan("export", "ics", path)
    assert (result.code, result.err) == (0, ""), result.err
    events = set()
    for event in Calendar.from_ical(result.out).walk("VEVENT"):
        start, end = event["DTSTART"], event["DTEND"]
        events.add(
            (
                str(event["UID"]),
                _instant(start.dt),
                _instant(end.dt),
                str(start.params.get("TZID", "")),
                str(end.params.get("TZID", "")),
            )
        )
    return events


def test_the_calendars_hold_the_same_instants() -> None:
    korean, english = _calendar(KOREAN), _calendar(SAMPLE)
    assert len(english) == 10
    assert korean == english
    assert ("ke017@7f3a9c2e41d8", datetime(2010, 11, 16, 5, 50, tzinfo=UTC)) in {
        event[:2] for event in korean
    }
