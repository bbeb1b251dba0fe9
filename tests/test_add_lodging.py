"""add lodging, add place --airport, and set, move and cancel of a lodging: what the file
holds after each (its bytes), what the command says, and what it refuses."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from helpers import SAMPLE, assert_one_clean_line, tripplan
from tripplan.load import load_trip
from tripplan.model import Lodging

LA = ZoneInfo("America/Los_Angeles")

HOTEL = """
[[lodging]]
id = "westin"
title = "The Westin Bonaventure"
place = "la"
check_in = 2010-11-16T15:00:00
check_out = 2010-11-17T07:00:00
address = "404 S Figueroa St"
who = ["mayor"]
confirmation = "K7QX2P"
"""


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    copy = tmp_path / "trip.toml"
    shutil.copyfile(SAMPLE, copy)
    return copy


@pytest.fixture
def hotel(sample: Path) -> Path:
    with sample.open("a", encoding="utf-8") as handle:
        handle.write(HOTEL)
    return sample


def lodging(path: Path, ident: str) -> Lodging:
    found = next(e for e in load_trip(str(path)).entries if e.id == ident)
    assert isinstance(found, Lodging)
    return found


def la(*parts: int) -> datetime:
    """A Los Angeles wall time as a UTC instant, by zoneinfo alone (the oracle)."""
    return datetime(*parts, tzinfo=LA).astimezone(UTC)  # type: ignore[misc]


def test_add_lodging_writes_the_table_and_says_it(sample: Path) -> None:
    before = sample.read_bytes()
    result = tripplan(
        "add", "lodging", sample, "--title", "The Westin Bonaventure", "--place", "la",
        "--check-in", "2010-11-16 3pm", "--check-out", "+1 7:00", "--address",
        "404 S Figueroa St", "--who", "mayor", "--confirmation", "K7QX2P", "--id", "westin",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert sample.read_bytes() == before + HOTEL.encode()
    assert result.err.splitlines()[0] == (
        f"tripplan: {sample}: added lodging 'westin': 'The Westin Bonaventure' at Los Angeles,"
        " Tue 16 Nov 2010 15:00 PST UTC-08:00 to Wed 17 Nov 2010 07:00 PST UTC-08:00"
    )
    stay = lodging(sample, "westin")
    assert (stay.start, stay.end) == (la(2010, 11, 16, 15), la(2010, 11, 17, 7))
    assert stay.who == ("mayor",)
    assert stay.confirmation == "K7QX2P"


def test_a_date_alone_is_a_hotels_usual_hours(sample: Path) -> None:
    result = tripplan(
        "add", "lodging", sample, "--title", "Hotel Geneve", "--place", "mexico",
        "--check-in", "2010-11-17", "--check-out", "2010-11-20",
    )  # fmt: skip
    assert result.code == 0, result.err
    text = sample.read_text(encoding="utf-8")
    assert text.endswith(
        '\n[[lodging]]\nid = "hotel-geneve"\ntitle = "Hotel Geneve"\nplace = "mexico"\n'
        "check_in = 2010-11-17T15:00:00\ncheck_out = 2010-11-20T11:00:00\n"
    )


def test_add_lodging_typed_in_another_zone_is_written_local(sample: Path) -> None:
    result = tripplan(
        "add", "lodging", sample, "--title", "Hotel", "--place", "la", "--tz", "Asia/Seoul",
        "--check-in", "2010-11-17 08:00", "--check-out", "2010-11-18 00:00",
    )  # fmt: skip
    assert result.code == 0, result.err
    stay = lodging(sample, "hotel")
    seoul = ZoneInfo("Asia/Seoul")
    assert stay.start == datetime(2010, 11, 17, 8, tzinfo=seoul).astimezone(UTC)
    assert "check_in = 2010-11-16T15:00:00\n" in sample.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("--place", "nowhere"),
            "tripplan: {file}: nothing written: --place: unknown place 'nowhere'"
            " (places: chicago, la, mexico, seoul)",
        ),
        (
            ("--check-out", "7:00"),
            "tripplan: --check-out: '7:00' has no date: give one, as in 2010-11-18 7:00",
        ),
        (("--id", "la-mou"), "tripplan: {file}: nothing written: the id 'la-mou' is already used"),
    ],
)
def test_add_lodging_refusals_write_nothing(sample: Path, args: tuple[str, ...], line: str) -> None:
    before = sample.read_bytes()
    base = {"--place": "la", "--check-in": "2010-11-16 15:00", "--check-out": "+1 07:00"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [part for pair in base.items() for part in pair]
    result = tripplan("add", "lodging", sample, "--title", "Hotel", *flat)
    assert result.code == 2
    assert assert_one_clean_line(result.err) == line.format(file=sample)
    assert sample.read_bytes() == before


def test_a_lodging_where_nobody_is_is_refused_unless_forced(sample: Path) -> None:
    """wrong-place is an error: an edit that adds it writes nothing (exit 1)."""
    before = sample.read_bytes()
    args = (
        "add", "lodging", sample, "--title", "Hotel", "--place", "chicago",
        "--check-in", "2010-11-16 15:00", "--check-out", "+1 07:00",
    )  # fmt: skip
    result = tripplan(*args)
    assert result.code == 1
    assert sample.read_bytes() == before
    assert result.err.splitlines()[-1] == (
        f"tripplan: {sample}: nothing written: the edit adds an error (--force writes it)"
    )
    assert any("new error: wrong-place: hotel" in line for line in result.err.splitlines())
    assert tripplan(*args, "--force").code == 1
    assert sample.read_bytes() != before


def test_set_check_out_keeps_check_in_and_raises_sequence(hotel: Path) -> None:
    before = hotel.read_text(encoding="utf-8")
    result = tripplan("set", hotel, "westin", "check_out", "06:00")
    assert result.code == 0, result.err
    assert result.err == (
        f"tripplan: {hotel}: set check_out of lodging 'westin' to"
        " Wed 17 Nov 2010 06:00 PST UTC-08:00\n"
    )
    after = hotel.read_text(encoding="utf-8")
    assert after == before.replace(
        "check_out = 2010-11-17T07:00:00\n", "check_out = 2010-11-17T06:00:00\n"
    ).replace('confirmation = "K7QX2P"\n', 'confirmation = "K7QX2P"\nsequence = 1\n')
    stay = lodging(hotel, "westin")
    assert (stay.start, stay.end) == (la(2010, 11, 16, 15), la(2010, 11, 17, 6))


@pytest.mark.parametrize(
    ("key", "value", "old", "new"),
    [
        ("address", "900 Wilshire Blvd", '"404 S Figueroa St"', '"900 Wilshire Blvd"'),
        ("title", "Westin", '"The Westin Bonaventure"', '"Westin"'),
        ("check_in", "2010-11-16 14:00", "2010-11-16T15:00:00", "2010-11-16T14:00:00"),
    ],
)
def test_set_a_lodging_key(hotel: Path, key: str, value: str, old: str, new: str) -> None:
    before = hotel.read_text(encoding="utf-8")
    result = tripplan("set", hotel, "westin", key, value)
    assert result.code == 0, result.err
    assert hotel.read_text(encoding="utf-8") == before.replace(
        f"{key} = {old}\n", f"{key} = {new}\n"
    ).replace('confirmation = "K7QX2P"\n', 'confirmation = "K7QX2P"\nsequence = 1\n')


def test_move_a_lodging_by_a_day(hotel: Path) -> None:
    """Moved into the night of the 17th, when the mayor is in Mexico City: wrong-place, so
    forced; both times move a day on LA's wall clock."""
    result = tripplan("move", hotel, "westin", "--by", "1d", "--force")
    assert result.err.splitlines()[0] == (
        f"tripplan: {hotel}: moved lodging 'westin' to Wed 17 Nov 2010 15:00 PST UTC-08:00"
    )
    stay = lodging(hotel, "westin")
    assert (stay.start, stay.end) == (la(2010, 11, 17, 15), la(2010, 11, 18, 7))
    assert stay.sequence == 1


def test_cancel_a_lodging_takes_its_lines_out(hotel: Path, sample: Path) -> None:
    original = SAMPLE.read_bytes()
    result = tripplan("cancel", hotel, "westin")
    assert result.err.splitlines()[0] == f"tripplan: {hotel}: cancelled lodging 'westin'"
    assert hotel.read_bytes() == original


def test_add_place_with_an_airport(sample: Path) -> None:
    before = sample.read_text(encoding="utf-8")
    result = tripplan("add", "place", sample, "lax", "--airport", "lax")
    assert result.code == 0, result.err
    assert result.err == (
        f"tripplan: {sample}: added place 'lax': Los Angeles (LAX), airport LAX"
        " (America/Los_Angeles)\n"
    )
    after = sample.read_text(encoding="utf-8")
    added = '[places.chicago]\nname = "Chicago"\ntz = "America/Chicago"\n'
    assert after == before.replace(added, added + '\n[places.lax]\nairport = "LAX"\n')
    place = load_trip(str(sample)).places["lax"]
    assert (place.name, place.tz, place.airport) == (
        "Los Angeles (LAX)",
        "America/Los_Angeles",
        "LAX",
    )


def test_add_place_with_an_airport_and_a_zone_writes_both(sample: Path) -> None:
    result = tripplan(
        "add", "place", sample, "icn", "--airport", "ICN", "--tz", "Asia/Seoul", "--name", "Incheon"
    )
    assert result.code == 0, result.err
    assert '[places.icn]\nname = "Incheon"\ntz = "Asia/Seoul"\nairport = "ICN"\n' in (
        sample.read_text(encoding="utf-8")
    )


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("--airport", "QQQ"), "tripplan: --airport: 'QQQ' is not in the airport database"),
        (
            ("--airport", "LA1"),
            "tripplan: --airport: 'LA1' is not an IATA airport code (three letters: LAX)",
        ),
        ((), "tripplan: add place: give --tz ZONE, or --airport CODE"),
    ],
)
def test_add_place_refusals(sample: Path, args: tuple[str, ...], line: str) -> None:
    before = sample.read_bytes()
    result = tripplan("add", "place", sample, "lax", *args)
    assert result.code == 2
    assert assert_one_clean_line(result.err) == line
    assert sample.read_bytes() == before


CATALOG = Path(__file__).resolve().parent.parent / "src/tripplan/locale/ko/LC_MESSAGES/tripplan.po"
MERGED = 'msgid "added lodging {id}: {title} at {place}, {check_in} to {check_out}"' in (
    CATALOG.read_text(encoding="utf-8")
)


@pytest.mark.skipif(not MERGED, reason="/tmp/notes/ko-bookings.po not merged into the catalog yet")
def test_the_report_in_korean_and_the_file_the_same(sample: Path, tmp_path: Path) -> None:
    english = tmp_path / "en.toml"
    shutil.copyfile(sample, english)
    args = (
        "--title", "Hotel", "--place", "la", "--check-in", "2010-11-16 15:00",
        "--check-out", "+1 07:00",
    )  # fmt: skip
    korean = tripplan("add", "lodging", sample, *args, "--lang", "ko")
    assert korean.err.splitlines()[0] == (
        f"tripplan: {sample}: 숙소 'hotel' 추가: 'Hotel', Los Angeles, "
        "2010년 11월 16일 (화) 15:00 PST UTC-08:00 → 2010년 11월 17일 (수) 07:00 PST UTC-08:00"
    )
    tripplan("add", "lodging", english, *args)
    assert sample.read_bytes() == english.read_bytes()
    cancelled = tripplan("cancel", sample, "hotel", "--lang", "ko")
    assert cancelled.err == f"tripplan: {sample}: 숙소 'hotel' 취소\n"
