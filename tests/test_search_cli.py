"""`tripplan search FILE... TEXT`: the entries whose id, title, venue, notes or confirmation
contain TEXT, NFKC- and case-folded, as itinerary rows (golden tables at a fixed width, no
colour), `--json` as `itinerary --json`, exit 1 when nothing matches."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata

import pytest

from helpers import GOLDEN, ROOT, SAMPLE, TRIPS, tripplan

UPDATE = os.environ.get("TRIPPLAN_UPDATE_GOLDEN") == "1"
BERLIN = TRIPS / "search_folding_berlin_2026.toml"
SIDE = TRIPS / "side_visit_la_2010.toml"

GOLDEN_CASES = {
    "sample_city_hall": ("search", SAMPLE, "city hall"),
    "sample_tz_home": ("search", SAMPLE, "CITY HALL", "--tz", "home"),
    "berlin_strasse": ("search", BERLIN, "STRASSE"),
    "two_files": ("search", SAMPLE, SIDE, "Los Angeles"),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_tables(name: str) -> None:
    result = tripplan(*GOLDEN_CASES[name])
    assert (result.code, result.err) == (0, "")
    path = GOLDEN / "search" / f"{name}.txt"  # apart: test_views holds golden/*.txt to its own
    if UPDATE:
        path.write_text(result.out, encoding="utf-8")
    assert result.out == path.read_text(encoding="utf-8")
    assert "\x1b" not in result.out
    assert all(line == line.rstrip() and len(line) <= 100 for line in result.out.splitlines())


def _entries(*args: object) -> list[dict[str, object]]:
    document = tripplan("itinerary", *args, "--json").json()
    return list(document["entries"])


def test_json_is_the_itinerarys_document_field_by_field() -> None:
    result = tripplan("search", SAMPLE, "city hall", "--json")
    assert (result.code, result.err) == (0, "")
    document = result.json()
    itinerary = tripplan("itinerary", SAMPLE, "--json").json()
    assert list(document) == ["trip", "entries", "clock_changes"]
    assert document["trip"] == itinerary["trip"]
    assert document["clock_changes"] == []
    by_id = {entry["id"]: entry for entry in itinerary["entries"]}
    assert [e["id"] for e in document["entries"]] == ["la-mou", "daley-meeting"]
    for entry in document["entries"]:
        assert list(entry) == list(by_id[entry["id"]])  # the same keys in the same order
        for key, value in entry.items():
            assert value == by_id[entry["id"]][key], (entry["id"], key)
    first = document["entries"][0]
    assert (first["start"], first["start_utc"]) == (
        "2010-11-16T15:00:00-08:00",
        "2010-11-16T23:00:00Z",
    )
    assert (first["venue"], first["tz"]) == ("Los Angeles City Hall", "America/Los_Angeles")


def test_json_under_tz_and_who_is_the_itinerarys_under_them() -> None:
    document = tripplan("search", BERLIN, "strasse", "--tz", "home", "--who", "aide", "--json")
    assert document.code == 0
    entries = document.json()["entries"]
    assert [e["id"] for e in entries] == ["senate"]
    expected = [e for e in _entries(BERLIN, "--tz", "home", "--who", "aide") if e["id"] == "senate"]
    assert entries == expected
    assert entries[0]["start"] == "2026-10-21T17:00:00+09:00"  # 10:00 CEST on Seoul's clock


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("STRASSE", ["dinner", "senate"]),  # ß case-folds to ss
        ("straße", ["dinner", "senate"]),
        ("rathausstrasse", ["senate"]),
        ("CAFÉ EINSTEIN", ["dinner"]),  # an accent is kept, in any case
        (unicodedata.normalize("NFD", "café"), ["dinner"]),  # e + U+0301, as macOS types it
        ("cafe", []),  # NFKC keeps accents: "cafe" is another word
        ("KURFÜRST", ["dinner", "senate"]),  # a venue and a note
        ("브리핑", ["briefing"]),  # Hangul
        (unicodedata.normalize("NFD", "브리핑"), ["briefing"]),  # typed in jamo
        ("서울시청", ["briefing"]),  # a venue in Hangul
        ("kx7q2p", ["lh713"]),  # a full-width confirmation, typed in ASCII
        ("\uff2c\uff28\uff17\uff11\uff13", ["lh713"]),  # LH713 full-width, the other way round
        ("frankfurt", ["lh713"]),
    ],
)
def test_folding(text: str, ids: list[str]) -> None:
    result = tripplan("search", BERLIN, text, "--json")
    assert [e["id"] for e in result.json()["entries"]] == ids
    assert result.code == (0 if ids else 1)


def test_no_match_is_exit_1_with_one_line() -> None:
    result = tripplan("search", SAMPLE, "Hilton")
    assert (result.code, result.out, result.err) == (1, "", "tripplan: no entries match 'Hilton'\n")


def test_no_match_under_json_is_still_one_document() -> None:
    result = tripplan("search", SAMPLE, "Hilton", "--json")
    assert (result.code, result.err) == (1, "tripplan: no entries match 'Hilton'\n")
    document = result.json()
    assert (document["entries"], document["clock_changes"]) == ([], [])
    assert document["trip"]["title"] == "Seoul Mayor: Americas green diplomacy"


def test_who_leaves_out_the_others_entries() -> None:
    assert [e["id"] for e in tripplan("search", BERLIN, "berlin", "--json").json()["entries"]] == [
        "lh713"
    ]
    mayor = tripplan("search", BERLIN, "strasse", "--who", "aide", "--json").json()["entries"]
    assert [e["id"] for e in mayor] == ["senate"]  # the dinner is the mayor's alone
    nobody = tripplan("search", BERLIN, "Café", "--who", "aide")
    assert (nobody.code, nobody.err) == (1, "tripplan: no entries match 'Café'\n")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            (SAMPLE, "la", "--who", "nobody"),
            "tripplan: --who: unknown traveller 'nobody' (travellers: mayor, delegation)",
        ),
        (
            (SAMPLE, "la", "--tz", "Europe/Londn"),
            "tripplan: --tz: unknown time zone 'Europe/Londn' (did you mean 'Europe/London'?)"
            " (an IANA name, a place id or home)",
        ),
        ((SAMPLE, ""), "tripplan: TEXT: nothing to look for (give some text)"),
        (
            (TRIPS / "no-such-trip.toml", "la"),
            f"tripplan: {TRIPS / 'no-such-trip.toml'}: no such file",
        ),
    ],
)
def test_refusals_are_one_line_and_exit_2(args: tuple[object, ...], line: str) -> None:
    result = tripplan("search", *args)
    assert (result.code, result.out, result.err) == (2, "", line + "\n")


def test_a_missing_text_is_said_so() -> None:
    """`search trip.toml`: the one word is the file; what is missing is the text."""
    result = tripplan("search", SAMPLE)
    assert (result.code, result.out) == (2, "")
    assert result.err.endswith("Error: Missing argument 'TEXT'.\n")


def test_several_files_json() -> None:
    """Several files: itinerary's keys, `trips` for `trip`, each trip and entry with its file."""
    result = tripplan("search", SAMPLE, SIDE, "Los Angeles", "--json")
    assert (result.code, result.err) == (0, "")
    document = result.json()
    assert list(document) == ["trips", "entries", "clock_changes"]
    assert [(t["file"], t["title"]) for t in document["trips"]] == [
        (str(SAMPLE), "Seoul Mayor: Americas green diplomacy"),
        (str(SIDE), "Vice-mayor: Port of Los Angeles"),
    ]
    found = [(e["file"], e["id"]) for e in document["entries"]]
    assert found == [
        (str(SAMPLE), "ke017"),
        (str(SAMPLE), "la-mou"),
        (str(SAMPLE), "am649"),
        (str(SIDE), "port-tour"),
    ]
    side = {e["id"]: e for e in _entries(SIDE)}
    assert {k: v for k, v in document["entries"][3].items() if k != "file"} == side["port-tour"]


def test_several_files_who_named_in_one() -> None:
    """As `where`: a traveller named in one of the files is one to look for; the files that
    do not name them have nothing of theirs."""
    result = tripplan("search", SAMPLE, SIDE, "port", "--who", "vice", "--json")
    assert (result.code, result.err) == (0, "")
    assert [e["id"] for e in result.json()["entries"]] == ["vice-lunch", "port-tour"]
    mayor = tripplan("search", SAMPLE, SIDE, "port", "--who", "mayor", "--json").json()
    found = [(e["file"], e["id"]) for e in mayor["entries"]]
    assert (str(SIDE), "port-tour") in found  # the mayor joins the tour,
    assert (str(SIDE), "vice-lunch") not in found  # not the lunch: the vice's alone
    assert [t["file"] for t in result.json()["trips"]] == [str(SAMPLE), str(SIDE)]


def test_several_files_with_no_match_in_one_show_the_others() -> None:
    result = tripplan("search", BERLIN, SAMPLE, "Villaraigosa")
    assert (result.code, result.err) == (0, "")
    assert result.out.startswith("Seoul Mayor: Americas green diplomacy\n")
    assert "Berlin" not in result.out


def test_help_lists_search() -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "tripplan", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert (
        "\n  search     Find entries by id, title, venue, notes or confirmation.\n" in listed.stdout
    )
    own = subprocess.run(
        [sys.executable, "-m", "tripplan", "search", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert own.returncode == 0
    for flag in ("--json", "--tz ZONE", "--who NAME", "FILE...", "TEXT"):
        assert flag in own.stdout, flag


def test_search_json_imports_no_renderer() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "tripplan",
            "search",
            str(SAMPLE),
            "la",
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    modules = {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert modules.isdisjoint({"rich", "icalendar", "tomlkit", "pydantic", "pendulum"})
