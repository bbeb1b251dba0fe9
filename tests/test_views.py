"""What users see: golden tables (fixed width, no colour) and JSON, field by field."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import CONFLICTS, GOLDEN, ROOT, SAMPLE, TRIPS, tripplan

UPDATE = os.environ.get("TRIPPLAN_UPDATE_GOLDEN") == "1"

SPLIT = TRIPS / "split_delegation_dst_2025.toml"
ENVOY = TRIPS / "tokyo_honolulu_washington_2024.toml"
SINGAPORE = TRIPS / "singapore_numeric_zone.toml"

GOLDEN_CASES = {
    "itinerary_sample": ("itinerary", SAMPLE),
    "itinerary_sample_tz_chicago": ("itinerary", SAMPLE, "--tz", "America/Chicago"),
    "itinerary_sample_tz_home": ("itinerary", SAMPLE, "--tz", "home"),
    "itinerary_sample_day": ("itinerary", SAMPLE, "--day", "2010-11-16"),
    "agenda_sample_mayor": ("agenda", SAMPLE, "--who", "mayor"),
    "agenda_sample_day": ("agenda", SAMPLE, "--day", "2010-11-16"),
    "agenda_sample_tz_home": ("agenda", SAMPLE, "--tz", "home", "--day", "2010-11-17"),
    "check_conflicts": ("check", CONFLICTS),
    "itinerary_dateline": ("itinerary", TRIPS / "dateline_seoul_la.toml"),
    "agenda_dateline": ("agenda", TRIPS / "dateline_seoul_la.toml"),
    "itinerary_mexico_2010_vs_2023": ("itinerary", TRIPS / "mexico_city_2010_vs_2023.toml"),
    "itinerary_dst_fold": ("itinerary", TRIPS / "dst_fold_chicago_2010.toml"),
    "itinerary_dst_gap": ("itinerary", TRIPS / "dst_gap_chicago_2010.toml"),
    "agenda_all_day": ("agenda", TRIPS / "all_day_and_durations.toml"),
    # a delegation that splits and rejoins across clock changes in both hemispheres
    "itinerary_split": ("itinerary", SPLIT),
    "itinerary_split_trade": ("itinerary", SPLIT, "--who", "trade"),
    "itinerary_split_press": ("itinerary", SPLIT, "--who", "press"),
    "agenda_split": ("agenda", SPLIT),
    # east and west over the date line, a fall-back during a meeting and at night
    "itinerary_envoy": ("itinerary", ENVOY),
    "agenda_envoy": ("agenda", ENVOY),
    # a zone with no letters, beside a day shift
    "itinerary_singapore": ("itinerary", SINGAPORE),
}


# Narrow and wide terminals: the same facts, columns given up in order and said so,
# never a time or an offset cut.
SIZED_CASES = (
    {f"itinerary_sample_w{w}": (w, ("itinerary", SAMPLE)) for w in (40, 60, 80, 120, 200)}
    | {
        f"agenda_split_w{w}": (w, ("agenda", SPLIT, "--day", "2025-04-06"))
        for w in (40, 60, 80, 120, 200)
    }
    | {
        "agenda_dateline_w60": (60, ("agenda", TRIPS / "dateline_seoul_la.toml")),
        "check_conflicts_w60": (60, ("check", CONFLICTS)),
        "check_conflicts_w40": (40, ("check", CONFLICTS)),
    }
)
ALL_CASES = {name: (100, args) for name, args in GOLDEN_CASES.items()} | SIZED_CASES


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_golden_tables(name: str) -> None:
    width, args = ALL_CASES[name]
    result = tripplan(*args, width=width)
    assert result.err == ""
    assert result.code == (1 if name.startswith("check_conflicts") else 0)
    path = GOLDEN / f"{name}.txt"
    if UPDATE:
        path.write_text(result.out, encoding="utf-8")
    assert result.out == path.read_text(encoding="utf-8")
    assert "\x1b" not in result.out  # no colour when not asked for
    lines = result.out.splitlines()
    assert max(len(line) for line in lines) <= max(width, 37)  # 37: a clock's least
    assert all(line == line.rstrip() for line in lines)  # no trailing spaces


@pytest.mark.parametrize("name", ["itinerary_sample", "agenda_split", "check_conflicts"])
def test_colour_styles_the_same_layout(name: str) -> None:
    """With colour the table is laid out as without: only styles are added."""
    import re

    width, args = ALL_CASES[name]
    coloured = tripplan(*args, width=width, color=True).out
    assert "\x1b[1m" in coloured  # bold headers
    plain = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert plain == (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")


def test_golden_files_are_all_used() -> None:
    assert {p.stem for p in GOLDEN.glob("*.txt")} == set(ALL_CASES)


@pytest.mark.parametrize("columns", ["0", "junk", "-5", ""])
def test_columns_of_zero_or_junk_are_ignored(columns: str) -> None:
    """`COLUMNS` that is 0 or not a number is ignored: not a terminal, so 80 columns."""
    env = {**os.environ, "COLUMNS": columns, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "tripplan", "itinerary", str(SAMPLE)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (GOLDEN / "itinerary_sample_w80.txt").read_text(encoding="utf-8")


def entries_by_id(*args: str | Path) -> dict[str, dict[str, object]]:
    result = tripplan("itinerary", "--json", *args)
    assert (result.code, result.err) == (0, "")
    return {e["id"]: e for e in result.json()["entries"]}


def test_itinerary_json_header_and_order() -> None:
    document = tripplan("itinerary", "--json", SAMPLE).json()
    assert document["trip"] == {
        "title": "Seoul Mayor: Americas green diplomacy",
        "home": "seoul",
        "start": "2010-11-16",
        "end": "2010-11-23",
        "travellers": ["mayor", "delegation"],
    }
    assert [e["id"] for e in document["entries"]] == [
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


def test_itinerary_json_event_fields() -> None:
    mou = entries_by_id(SAMPLE)["la-mou"]
    assert mou == {
        "id": "la-mou",
        "type": "event",
        "title": "EV cooperation MOU with Mayor Villaraigosa",
        "place": "la",
        "from": None,
        "to": None,
        "tz": "America/Los_Angeles",
        "end_tz": "America/Los_Angeles",
        "all_day": False,
        "start": "2010-11-16T15:00:00-08:00",
        "end": "2010-11-16T16:00:00-08:00",
        "start_utc": "2010-11-16T23:00:00Z",
        "end_utc": "2010-11-17T00:00:00Z",
        "duration": "PT1H",
        "day_shift": 0,
        "who": ["mayor", "delegation"],
        "venue": "Los Angeles City Hall",
        "notes": "MOU on exchange and cooperation in electric-vehicle deployment, Seoul-LA.",
        "kind": "meeting",
        # format 1.1, none in the sample: the invitation's UID, its revision and stamp,
        # a reminder, a booking reference
        "uid": None,
        "sequence": None,
        "stamp": None,
        "alarm": None,
        "confirmation": None,
    }


def test_itinerary_json_travel_fields() -> None:
    leg = entries_by_id(SAMPLE)["ke017"]
    assert leg["type"] == "travel"
    assert leg["place"] is None
    assert (leg["from"], leg["to"]) == ("seoul", "la")
    assert (leg["tz"], leg["end_tz"]) == ("Asia/Seoul", "America/Los_Angeles")
    assert (leg["start"], leg["end"]) == ("2010-11-16T14:50:00+09:00", "2010-11-16T09:10:00-08:00")
    assert (leg["start_utc"], leg["end_utc"]) == ("2010-11-16T05:50:00Z", "2010-11-16T17:10:00Z")
    assert leg["mode"] == "flight"
    assert (leg["duration"], leg["day_shift"]) == (
        "PT11H20M",
        0,
    )  # the same date, over the date line
    home = entries_by_id(SAMPLE)["ke038"]
    assert (home["duration"], home["day_shift"]) == ("PT13H45M", 1)


def test_itinerary_json_all_day_fields() -> None:
    congress = entries_by_id(SAMPLE)["uclg-congress"]
    assert congress["all_day"] is True
    assert (congress["start"], congress["end"]) == ("2010-11-16", "2010-11-20")
    assert (congress["start_utc"], congress["end_utc"]) == (None, None)
    assert (congress["duration"], congress["day_shift"]) == (None, 4)


def test_mexico_city_2010_against_2023() -> None:
    entries = entries_by_id(TRIPS / "mexico_city_2010_vs_2023.toml")
    assert entries["mex-2010"]["start"] == "2010-11-18T10:00:00-06:00"
    assert entries["mex-2023"]["start"] == "2023-04-13T10:00:00-06:00"
    leg_2010 = entries["mex-ord-2010"]
    assert (leg_2010["start"], leg_2010["end"]) == (
        "2010-11-20T08:00:00-06:00",
        "2010-11-20T12:10:00-06:00",  # Chicago on CST, like Mexico City
    )
    leg_2023 = entries["ord-mex-2023"]
    assert (leg_2023["start"], leg_2023["end"]) == (
        "2023-04-12T08:00:00-05:00",  # Chicago on CDT
        "2023-04-12T11:10:00-06:00",  # Mexico City: no daylight time since 2022
    )
    assert (leg_2023["start_utc"], leg_2023["end_utc"]) == (
        "2023-04-12T13:00:00Z",
        "2023-04-12T17:10:00Z",
    )


def test_dateline_leg_lands_the_day_before() -> None:
    entries = entries_by_id(TRIPS / "dateline_seoul_la.toml")
    leg = entries["red-eye"]
    assert (leg["start"], leg["end"]) == ("2010-11-17T00:30:00+09:00", "2010-11-16T19:30:00-08:00")
    assert (leg["start_utc"], leg["end_utc"]) == ("2010-11-16T15:30:00Z", "2010-11-17T03:30:00Z")


def test_dst_gap_and_fold_instants() -> None:
    gap = entries_by_id(TRIPS / "dst_gap_chicago_2010.toml")["in-gap"]
    assert (gap["start"], gap["start_utc"]) == ("2010-03-14T03:30:00-05:00", "2010-03-14T08:30:00Z")
    fold = entries_by_id(TRIPS / "dst_fold_chicago_2010.toml")
    assert fold["first-pass"]["start"] == "2010-11-07T01:30:00-05:00"
    assert fold["second-pass"]["start"] == "2010-11-07T01:30:00-06:00"
    assert fold["across-fold"]["end_utc"] == "2010-11-07T09:00:00Z"


def test_tz_option_shows_instants_in_that_zone() -> None:
    entries = entries_by_id(SAMPLE, "--tz", "home")
    assert entries["la-mou"]["start"] == "2010-11-17T08:00:00+09:00"
    assert entries["la-mou"]["tz"] == "America/Los_Angeles"  # the entry's own zone stays
    assert (
        entries_by_id(SAMPLE, "--tz", "chicago")["la-mou"]["start"] == "2010-11-16T17:00:00-06:00"
    )


def test_who_and_day_filters() -> None:
    entries = entries_by_id(TRIPS / "dst_fold_chicago_2010.toml", "--who", "driver")
    assert list(entries) == ["across-fold"]
    on_the_20th = entries_by_id(SAMPLE, "--day", "2010-11-20")
    assert list(on_the_20th) == ["uclg-congress", "am680"]


def test_agenda_json_days() -> None:
    document = tripplan("agenda", "--json", TRIPS / "dateline_seoul_la.toml").json()
    days = [
        (d["date"], d["place"], d["repeat"], [e["id"] for e in d["entries"]])
        for d in document["days"]
    ]
    assert days == [
        ("2010-11-16", "seoul", False, ["farewell"]),
        ("2010-11-17", "seoul", False, ["red-eye"]),
        ("2010-11-16", "la", True, ["red-eye", "la-dinner"]),  # the landing is on the day
    ]
    la_day = document["days"][2]
    assert la_day["begins"] == "2010-11-16T19:30:00-08:00"  # the arrival started this day
    assert la_day["home_begins"] == "2010-11-17T12:30:00+09:00"


def test_agenda_in_one_zone_groups_by_that_zones_dates() -> None:
    document = tripplan("agenda", "--json", "--tz", "home", "--who", "mayor", SAMPLE).json()
    days = [(d["date"], d["place"], d["tz"]) for d in document["days"]]
    assert days[:3] == [
        ("2010-11-16", None, "Asia/Seoul"),
        ("2010-11-17", None, "Asia/Seoul"),
        ("2010-11-18", None, "Asia/Seoul"),
    ]
    seventeenth = document["days"][1]
    # KE017 lands at 02:10 on the 17th, Seoul time: on the 16th and the 17th by that clock
    assert [e["id"] for e in seventeenth["entries"]] == ["uclg-congress", "ke017", "la-mou"]
    assert seventeenth["entries"][2]["start"] == "2010-11-17T08:00:00+09:00"


def test_agenda_one_table_per_traveller_day() -> None:
    document = tripplan("agenda", "--json", SAMPLE).json()
    travellers = {d["traveller"] for d in document["days"]}
    assert travellers == {"mayor", "delegation"}
    mayor = [(d["date"], d["place"]) for d in document["days"] if d["traveller"] == "mayor"]
    assert mayor[:3] == [("2010-11-16", "seoul"), ("2010-11-16", "la"), ("2010-11-17", "la")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--tz", "Mars/Olympus"),
            "--tz: unknown time zone 'Mars/Olympus' (an IANA name, a place id or home)",
        ),
        (("--who", "nobody"), "--who: unknown traveller 'nobody' (travellers: mayor, delegation)"),
    ],
)
def test_bad_options_are_usage_errors(args: tuple[str, ...], message: str) -> None:
    result = tripplan("itinerary", SAMPLE, *args)
    assert (result.code, result.out) == (2, "")
    assert result.err == f"tripplan: {message}\n"


def test_bad_day_is_a_usage_error() -> None:
    result = tripplan("agenda", SAMPLE, "--day", "16 Nov")
    assert (result.code, result.out) == (2, "")
    assert "'16 Nov' is not a date like 2010-11-16" in result.err


@pytest.mark.parametrize("command", ["itinerary", "agenda", "check", "validate", "export ics"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = tripplan(*command.split(), "--help")
    assert result.code == 0
    assert len(capsys.readouterr().out) > 100


def test_help_lists_each_command_with_its_own_summary(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--help` lists the commands from a table, loading none of them: each summary is
    the first paragraph of the command's own help."""
    from tripplan.cli import COMMANDS, _command

    for name, (_, summary) in COMMANDS.items():
        help_text = _command(name).help or ""
        assert summary == help_text.split("\n\n")[0].replace("\n", " "), name
    assert tripplan("--help").code == 0
    listed = capsys.readouterr().out
    for name in COMMANDS:
        assert f"\n  {name} " in listed


def run_in_zone(tz: str, *args: str) -> str:
    env = {**os.environ, "TZ": tz, "COLUMNS": "100", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "tripplan", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert done.stderr == ""
    return f"{done.returncode}\n{done.stdout}"


@pytest.mark.parametrize(
    "args",
    [
        ("itinerary", str(SAMPLE)),
        ("agenda", str(SAMPLE)),
        ("itinerary", "--json", str(TRIPS / "dst_fold_chicago_2010.toml")),
        ("check", str(CONFLICTS)),
    ],
    ids=["itinerary", "agenda", "json", "check"],
)
def test_output_does_not_depend_on_the_machines_zone(args: tuple[str, ...]) -> None:
    outputs = {tz: run_in_zone(tz, *args) for tz in ("UTC", "Asia/Kolkata", "America/St_Johns")}
    assert len(set(outputs.values())) == 1, outputs


@pytest.mark.parametrize("command", ["agenda", "reach", "itinerary"])
def test_at_every_width_no_line_is_a_lone_dot_or_too_wide(command: str) -> None:
    """Headings wrap between their parts, keeping each part's dot beside it."""
    for width in range(16, 131):
        out = tripplan(command, SAMPLE, width=width).out
        lines = out.splitlines()
        assert "·" not in [line.strip() for line in lines], width
        assert max(len(line) for line in lines) <= max(width, 37), width  # 37: see above


TIME_WORDS = re.compile(r"\d\d:\d\d–\d\d:\d\d|\d\d:\d\d|UTC[+-]\d\d:\d\d(?::\d\d)?")


@pytest.mark.parametrize("command", ["agenda", "reach", "itinerary", "where"])
def test_no_time_or_offset_is_ever_cut_however_narrow(command: str) -> None:
    """Below 40 columns, time columns are squeezed to their widest word, never less: every
    time and offset shown at 200 columns is shown whole at 16 to 40 (a trip with no home
    clock, whose column a narrow terminal would leave out)."""
    trip = TRIPS / "dst_fold_chicago_2010.toml"
    args = ("--at", "2010-11-07T06:45:00Z") if command == "where" else ()
    wide = sorted(TIME_WORDS.findall(tripplan(command, *args, trip, width=200).out))
    assert wide
    for width in range(16, 41):
        narrow = sorted(TIME_WORDS.findall(tripplan(command, *args, trip, width=width).out))
        assert narrow == wide, width
