"""What an ICS export refuses, how its UIDs are made, and what becomes of control characters.

- An entry that ends at or before it starts cannot be a VEVENT (RFC 5545 3.6.1, 3.8.2.2):
  the export stops with status 1, names each such entry, and writes nothing.
- UIDs are `<entry id>@<[trip] id>`; without a trip id, a name that survives a new title
  and differs between trips (a hash of the file's path; from stdin, of the title).
- RFC 5545 TEXT carries no control character but tab (line breaks become `\\n`): C0, DEL
  and C1, and the explicit bidirectional controls, become U+FFFD; right-to-left text stays.
"""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from helpers import SAMPLE, tripplan

PLACE = '[places.la]\nname = "Los Angeles"\ntz = "America/Los_Angeles"\n'


def trip(*entries: str, title: str = "Trip", head: str = "") -> str:
    return f"[trip]\ntitle = {json.dumps(title)}\n{head}{PLACE}" + "".join(entries)


def event(ident: str | None, start: str, end: str, title: str = "Meeting") -> str:
    line = f"id = {json.dumps(ident)}\n" if ident else ""
    return (
        f'[[events]]\n{line}title = {json.dumps(title)}\nplace = "la"\n'
        f"start = {start}\nend = {end}\n"
    )


def leg(ident: str, depart: str, arrive: str) -> str:
    return (
        f'[[travel]]\nid = "{ident}"\ntitle = "Hop"\nfrom = "la"\nto = "la"\n'
        f"depart = {depart}\narrive = {arrive}\n"
    )


GOOD = event("good", "2010-11-16T10:00:00", "2010-11-16T11:00:00")
BACKWARDS = event("backwards", "2010-11-16T12:00:00", "2010-11-16T11:00:00")
INSTANT = event("instant", "2010-11-16T13:00:00", "2010-11-16T13:00:00")
DAYS = event("days", "2010-11-18", "2010-11-17")
LEG = leg("hop", "2010-11-17T10:00:00", "2010-11-17T09:59:00")
BAD = trip(GOOD, BACKWARDS, INSTANT, DAYS, LEG)

# -- refusal ---------------------------------------------------------------------------


def test_an_entry_that_ends_before_it_starts_stops_the_export(write_trip) -> None:  # type: ignore[no-untyped-def]
    path = write_trip(BAD)
    result = tripplan("export", "ics", path)
    assert (result.code, result.out) == (1, "")  # ExitStatus.REFUSED; no calendar at all
    assert result.err.splitlines() == [
        f"tripplan: {path}: {entry}: {why}; nothing exported (an ICS event must end after it starts)"
        for entry, why in [
            ('events[1] "backwards"', "ends 1 h before it starts, in absolute time"),
            ('events[2] "instant"', "ends at the instant it starts"),
            ('events[3] "days"', "ends 2010-11-17, before it starts 2010-11-18"),
            ('travel[0] "hop"', "arrives 1 min before it starts, in absolute time"),
        ]
    ]


@pytest.mark.parametrize("target", ["new.ics", "old.ics"])
def test_a_refused_export_writes_no_file_and_keeps_the_old_one(
    target: str, write_trip, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = write_trip(BAD)
    out = tmp_path / target
    if target == "old.ics":
        out.write_bytes(b"the calendar exported last week")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = tripplan("export", "ics", path, "-o", out)
    assert (result.code, result.out) == (1, "")
    assert len(result.err.splitlines()) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing new, no temporary
    if target == "old.ics":
        assert out.read_bytes() == b"the calendar exported last week"


def test_only_the_exported_entries_are_checked(write_trip) -> None:  # type: ignore[no-untyped-def]
    text = trip(
        GOOD,
        BACKWARDS.replace('place = "la"', 'place = "la"\nwho = ["b"]'),
        head='travellers = ["a", "b"]\n',
    )
    path = write_trip(text)
    assert tripplan("export", "ics", path).code == 1
    result = tripplan("export", "ics", path, "--who", "a")  # b's bad entry is not exported
    assert (result.code, result.err) == (0, "")
    assert [str(e["UID"]) for e in Calendar.from_ical(result.out).walk("VEVENT")] == [
        f"good@{_domain(result.out)}"
    ]


def test_a_one_day_all_day_event_and_a_short_meeting_are_fine(write_trip) -> None:  # type: ignore[no-untyped-def]
    path = write_trip(
        trip(
            event("day", "2010-11-18", "2010-11-18"),
            event("brief", "2010-11-16T10:00:00", "2010-11-16T10:00:01"),
        )
    )
    result = tripplan("export", "ics", path)
    assert (result.code, result.err) == (0, "")
    assert len(Calendar.from_ical(result.out).walk("VEVENT")) == 2


def _domain(ics: str) -> str:
    (first, *_) = (str(e["UID"]) for e in Calendar.from_ical(ics).walk("VEVENT"))
    return first.split("@", 1)[1]


# -- UIDs --------------------------------------------------------------------------------


def uids(path: Path | str, stdin: bytes = b"") -> list[str]:
    result = tripplan("export", "ics", path, stdin=stdin)
    assert (result.code, result.err) == (0, ""), result.err
    return [str(e["UID"]) for e in Calendar.from_ical(result.out).walk("VEVENT")]


def test_uids_are_the_entry_id_at_the_trip_id() -> None:
    assert "la-mou@7f3a9c2e41d8" in uids(SAMPLE)  # the sample's [trip] id
    assert all(uid.endswith("@7f3a9c2e41d8") for uid in uids(SAMPLE))


def test_uids_survive_a_new_title(write_trip) -> None:  # type: ignore[no-untyped-def]
    path = write_trip(trip(GOOD, title="Americas trip"))
    first = uids(path)
    path.write_text(trip(GOOD, title="Americas trip, revised after the budget"))
    assert uids(path) == first
    stdin = trip(GOOD, head='id = "b2c4"\n', title="Renamed").encode()
    assert uids("-", stdin) == uids("-", trip(GOOD, head='id = "b2c4"\n').encode())


def test_two_trips_with_non_latin_titles_do_not_share_uids(tmp_path: Path) -> None:
    seoul, tokyo = tmp_path / "seoul.toml", tmp_path / "tokyo.toml"
    seoul.write_text(trip(GOOD, title="서울 출장"), encoding="utf-8")
    tokyo.write_text(trip(GOOD, title="東京出張"), encoding="utf-8")
    assert set(uids(seoul)).isdisjoint(uids(tokyo))  # the same entry id in both
    copy = tmp_path / "copy.toml"
    copy.write_bytes(seoul.read_bytes())  # even the same trip, as another file
    assert set(uids(seoul)).isdisjoint(uids(copy))
    from_stdin = [uids("-", p.read_bytes()) for p in (seoul, tokyo)]
    assert set(from_stdin[0]).isdisjoint(from_stdin[1])
    assert from_stdin[0] == uids("-", seoul.read_bytes())  # and stable


def test_a_file_has_one_uid_however_its_path_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "trip.toml"
    path.write_text(trip(GOOD), encoding="utf-8")
    link = tmp_path / "link.toml"
    link.symlink_to(path)
    monkeypatch.chdir(tmp_path)
    assert uids(path) == uids("trip.toml") == uids(f"./{path.name}") == uids(link)
    monkeypatch.chdir(os.sep)
    assert uids(path) == uids(os.path.relpath(path))
    (domain,) = {uid.split("@")[1] for uid in uids(path)}
    assert domain.startswith("file-") and domain.endswith(".tripplan")
    assert str(tmp_path) not in domain  # a hash, not the path itself


# -- control characters ------------------------------------------------------------------

HOSTILE = "\x1b[31m\x9b2J\x07\x00\x7f\x01\x0b\x0c\x1f\x85\u202eevil\u2066x\u2069"
RTL = "שלום\u200f עולם، مرحبا بكم\u061c"  # Hebrew, Arabic, and the implicit marks RLM, ALM


def _unwritable(char: str) -> bool:
    """By RFC 5545 and the contract, independently of the code: every character of
    Unicode's Cc category but tab and line feed (C0, DEL, C1), and the explicit
    bidirectional embeddings, overrides and isolates (Unicode's Bidi_Class LRE, RLE, LRO,
    RLO, PDF, LRI, RLI, FSI, PDI), and the byte-order mark U+FEFF, which readers drop."""
    if char in "\t\n":
        return False
    if char == "\ufeff":
        return True
    bidi = unicodedata.bidirectional(char)
    return unicodedata.category(char) == "Cc" or bidi in {
        "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"
    }  # fmt: skip


def expected_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join("\ufffd" if _unwritable(c) else c for c in text)


def _raw_controls(data: bytes) -> list[str]:
    """The unwritable characters in the bytes, line ends (CRLF) aside."""
    text = data.decode("utf-8").replace("\r\n", "")
    return sorted({f"U+{ord(c):04X}" for c in text if _unwritable(c)})


def test_control_characters_never_reach_the_calendar_raw(write_trip) -> None:  # type: ignore[no-untyped-def]
    text = (
        f"[trip]\ntitle = {json.dumps(HOSTILE)}\nid = {json.dumps('t' + HOSTILE)}\n"
        f"travellers = [{json.dumps('mayor' + HOSTILE)}]\n"
        f'[places.la]\nname = {json.dumps("LA" + HOSTILE)}\ntz = "America/Los_Angeles"\n'
        f"[[events]]\nid = {json.dumps('e' + HOSTILE)}\ntitle = {json.dumps(RTL + HOSTILE)}\n"
        f"venue = {json.dumps(HOSTILE)}\nkind = {json.dumps(HOSTILE)}\n"
        f"notes = {json.dumps(RTL + chr(9) + HOSTILE)}\n"
        'place = "la"\nstart = 2010-11-16T10:00:00\nduration = "1h"\n'
    )
    result = tripplan("export", "ics", write_trip(text))
    assert (result.code, result.err) == (0, "")
    data = result.out.encode("utf-8")
    assert _raw_controls(data) == []
    assert b"\xc2\x9b" not in data and b"\x1b" not in data and b"\x00" not in data
    calendar = Calendar.from_ical(data)
    (vevent,) = calendar.walk("VEVENT")
    mark = expected_text(HOSTILE)
    assert mark.count("\ufffd") == 13 and "evil" in mark
    assert str(calendar["X-WR-CALNAME"]) == mark
    assert str(vevent["SUMMARY"]) == RTL + mark  # right-to-left text as written
    assert str(vevent["UID"]) == f"e{mark}@t{mark}"
    assert str(vevent["LOCATION"]) == f"{mark}, LA{mark}"
    assert str(vevent["DESCRIPTION"]) == f"{RTL}\t{mark}\nTravellers: mayor{mark}"
    assert vevent.categories == [mark]


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40))
def test_any_title_is_written_with_exactly_the_unwritable_characters_marked(
    title: str,
) -> None:
    from datetime import UTC, datetime

    import tomli_w

    from tripplan.load import loads_trip
    from tripplan.render.ics import trip_calendar

    document = {
        "trip": {"title": "t"},
        "places": {"la": {"tz": "America/Los_Angeles"}},
        "events": [
            {"id": "e", "title": title, "place": "la", "start": datetime(2010, 11, 16, 10)}
            | {"duration": "1h"}
        ],
    }
    if not title.strip():
        return  # the loader refuses an empty title
    loaded = loads_trip(tomli_w.dumps(document).encode(), "t.toml")
    data = b"".join(trip_calendar(loaded, loaded.entries, datetime(2026, 11, 25, tzinfo=UTC)))
    assert _raw_controls(data) == []
    (vevent,) = Calendar.from_ical(data).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == expected_text(title)


def test_an_unreadable_zone_file_is_one_clear_line(
    write_trip, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from tripplan import tzrules

    def unreadable(key: str) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tzrules, "_tzif_bytes", unreadable)
    tzrules.zone_rules.cache_clear()
    try:
        result = tripplan("export", "ics", write_trip(trip(GOOD)))
    finally:
        tzrules.zone_rules.cache_clear()
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "tripplan: America/Los_Angeles: cannot read the zone's transitions:"
        " [Errno 13] Permission denied\n"
    )
