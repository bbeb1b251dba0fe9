"""The staff questions in another language (cli.md 1.1 "Language", issue 21): `where`,
`reach`, `diff` and `check` of several files word their tables, headings and messages in
the language chosen (the trip's `lang`: the Korean sample's is ko; diff's newer version's),
and their JSON is the same bytes whatever is chosen.

The Korean tables are golden files under tests/golden/ko/ (fixed width, no colour, the
clock fixed at 2026-11-25 12:00 UTC); TRIPPLAN_UPDATE_GOLDEN=1 rewrites them. The English
ones are tests/test_staff_golden.py's, unchanged."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from helpers import GOLDEN, ROOT, tripplan

UPDATE = os.environ.get("TRIPPLAN_UPDATE_GOLDEN") == "1"
KO_GOLDEN = GOLDEN / "ko"
# Paths as a user in the checkout types them: the tables show them.
KO = "trips/seoul-americas-2010.ko.toml"
SAMPLE = "trips/seoul-americas-2010.toml"
SIDE = "tests/trips/side_visit_la_2010.toml"
REVISED = "tests/trips/seoul_americas_2010_revised.toml"
IN_THE_AIR = "2010-11-16 21:00"  # on the home (Seoul) clock: both on KE017


@pytest.fixture(autouse=True)
def _in_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _versions(folder: Path) -> None:
    """Beside each other in `folder`, three versions of the Korean sample: as it is
    (`ko.toml`), with the UCLG speech moved a day on, over the Mexico City agreement
    (`moved.toml`: a move and a new overlap), and as it is but with `lang = "en"`."""
    text = (ROOT / KO).read_text(encoding="utf-8")
    speech = "start = 2010-11-18T10:00:00"
    lang = 'lang = "ko"'
    assert text.count(speech) == text.count(lang) == 1
    (folder / "ko.toml").write_text(text, encoding="utf-8")
    moved = text.replace(speech, "start = 2010-11-19T10:30:00")
    (folder / "moved.toml").write_text(moved, encoding="utf-8")
    (folder / "en.toml").write_text(text.replace(lang, 'lang = "en"'), encoding="utf-8")


# -- golden Korean tables ------------------------------------------------------------------

CASES: dict[str, tuple[int, int, tuple[str, ...]]] = {
    # name: (width, exit status, arguments), run in the checkout
    "where_in_the_air": (100, 0, ("where", KO, "--at", IN_THE_AIR)),
    "where_in_the_air_w60": (60, 0, ("where", KO, "--at", IN_THE_AIR)),  # next: under now
    "where_mou_la_time": (
        100,
        0,
        ("where", KO, "--who", "mayor", "--at", "2010-11-16 15:30", "--tz", "la"),
    ),
    "where_two_files": (100, 0, ("where", KO, SIDE, "--at", "2010-11-16T16:00:00-08:00")),
    "where_before": (100, 0, ("where", KO, "--at", "2010-11-15 12:00")),  # not started yet
    "reach": (100, 0, ("reach", KO)),
    "reach_mayor_w60": (60, 0, ("reach", KO, "--who", "mayor", "--to", "2010-11-17")),
    "reach_no_days": (100, 0, ("reach", KO, "--from", "2011-01-01")),
    "diff_sample_revised": (100, 1, ("diff", SAMPLE, REVISED, "--lang", "ko")),
    "diff_sample_revised_w60": (60, 1, ("diff", SAMPLE, REVISED, "--lang", "ko")),  # was/now
    "diff_no_changes": (100, 0, ("diff", KO, KO)),
    "check_two_files": (100, 1, ("check", KO, SIDE)),
}
# Run in a folder of _versions: diff of the Korean sample and a copy with one entry moved.
VERSION_CASES: dict[str, tuple[int, int, tuple[str, ...]]] = {
    "diff_moved": (100, 1, ("diff", "ko.toml", "moved.toml")),
    "diff_moved_back_w60": (60, 1, ("diff", "moved.toml", "ko.toml")),
}


def _golden(name: str, shown: str) -> None:
    path = KO_GOLDEN / f"{name}.txt"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(shown, encoding="utf-8")
    assert shown == path.read_text(encoding="utf-8")


def _fits(shown: str, width: int) -> None:
    """No line past the width (a clock's 37 columns at the least), none with trailing
    spaces: measured in terminal cells, a Hangul syllable two."""
    from tripplan.render.printer import cell_len

    lines = shown.splitlines()
    assert max(cell_len(line) for line in lines) <= max(width, 37)
    assert all(line == line.rstrip() for line in lines)


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_korean_tables(name: str) -> None:
    width, code, args = CASES[name]
    result = tripplan(*args, width=width)
    assert (result.code, result.err) == (code, "")
    _golden(name, result.out)
    _fits(result.out, width)


@pytest.mark.parametrize("name", sorted(VERSION_CASES))
def test_golden_korean_diff_of_versions(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _versions(tmp_path)
    monkeypatch.chdir(tmp_path)
    width, code, args = VERSION_CASES[name]
    result = tripplan(*args, width=width)
    assert (result.code, result.err) == (code, "")
    _golden(name, result.out)
    _fits(result.out, width)


def test_korean_golden_files_are_all_used() -> None:
    names = {*CASES, *VERSION_CASES, "reach_cut_note"}
    assert {p.stem for p in KO_GOLDEN.glob("*.txt")} == names


def test_the_reach_note_of_days_left_out_speaks_the_trips_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The line on standard error that says which days reach left out is human output:
    in the trip's language for the table, in English beside JSON."""
    from tripplan.staff import reach

    monkeypatch.setattr(reach, "MOST_DAYS", 10)
    monkeypatch.setattr(reach, "MOST_DAYS_IN_ALL", 25)
    path = tmp_path / "long.toml"
    entries = "".join(
        f'[[events]]\ntitle = "{title}"\nplace = "seoul"\nstart = {day}T10:00:00\n'
        f'duration = "1h"\nwho = ["{who}"]\n\n'
        for who in "abcde"
        for title, day in (("처음", "2010-01-01"), ("마지막", "2010-01-20"))
    )
    path.write_text(
        '[trip]\ntitle = "긴 출장"\nhome = "seoul"\ntravellers = ["a", "b", "c", "d", "e"]\n'
        'lang = "ko"\n\n[places.seoul]\nname = "서울"\ntz = "Asia/Seoul"\n\n' + entries,
        encoding="utf-8",
    )
    table = tripplan("reach", str(path))
    assert table.code == 0
    assert table.err.startswith("tripplan: note: ") and table.err.count("\n") == 1
    _golden("reach_cut_note", table.err)
    beside_json = tripplan("reach", str(path), "--json")
    assert beside_json.err == (
        "tripplan: note: reach: 75 days left out, past 10 a traveller and 25 in all"
        " (a from 2010-01-11, b from 2010-01-11, c from 2010-01-06, … (2 more));"
        " --from and --to show them\n"
    )


# -- which language speaks ---------------------------------------------------------------------

# Each way of asking for a language: what `tripplan(...)` adds to the command line, and
# the environment it runs in.
ASKED: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "nothing": ((), {}),
    "--lang ko": (("--lang", "ko"), {}),
    "--lang en": (("--lang", "en"), {}),
    "LANG=ko_KR.UTF-8": ((), {"LANG": "ko_KR.UTF-8"}),
    "TRIPPLAN_LANG=ko": ((), {"TRIPPLAN_LANG": "ko"}),
}
JSON_LINES: dict[str, tuple[str, ...]] = {
    "where": ("where", KO, "--at", IN_THE_AIR),
    "where two files": ("where", SAMPLE, SIDE, "--at", "2010-11-16T16:00:00-08:00"),
    "reach": ("reach", KO),
    "reach English sample": ("reach", SAMPLE, "--who", "mayor"),
    "diff": ("diff", SAMPLE, REVISED),
    "diff to Korean": ("diff", SAMPLE, KO),
    "check two files": ("check", KO, SIDE),
}


@pytest.mark.parametrize("line", sorted(JSON_LINES))
def test_json_is_the_same_bytes_in_every_language(line: str) -> None:
    """--json under --lang ko, --lang en, a Korean locale and TRIPPLAN_LANG is the output
    of no choice at all: English, byte for byte (findings' messages included)."""
    args = (*JSON_LINES[line], "--json")
    plain = tripplan(*args)
    assert plain.out.startswith("{") and plain.err == ""
    for asked, (extra, environ) in ASKED.items():
        result = tripplan(*args, *extra, environ=environ)
        assert (result.code, result.out, result.err) == (plain.code, plain.out, plain.err), asked


def test_findings_in_json_stay_english_where_the_table_speaks_korean() -> None:
    """The messages of the overlaps across files are made in English for JSON, whatever
    the trip's `lang`: the same words as the English sample's (its titles aside)."""
    korean = tripplan("check", KO, SIDE, "--json").json()
    english = tripplan("check", SAMPLE, SIDE, "--json").json()
    ko_title = "비야라이고사 LA시장과 전기차 교류 협력 MOU 체결"
    en_title = "EV cooperation MOU with Mayor Villaraigosa"
    said = [
        f["message"].replace(KO, SAMPLE).replace(ko_title, en_title) for f in korean["findings"]
    ]
    assert said == [f["message"] for f in english["findings"]]
    assert said[0].endswith(f"({SIDE}) share 30 min")


# Human output under each way of asking: a date CLDR writes in Korean, or tripplan's own
# English one (the words of tripplan itself are the catalog's: the goldens hold them).
DATED: dict[str, tuple[tuple[str, ...], str, str]] = {
    # name: (arguments, the date in English, in Korean)
    "where": (("where", SAMPLE, "--at", IN_THE_AIR), "Tue 16 Nov 2010", "2010년 11월 16일 (화)"),
    "reach": (("reach", SAMPLE, "--to", "2010-11-16"), "Tue 16 Nov 2010", "2010년 11월 16일 (화)"),
    "diff": (("diff", SAMPLE, REVISED), "Thu 18 Nov 2010", "2010년 11월 18일 (목)"),
}


@pytest.mark.parametrize("name", sorted(DATED))
@pytest.mark.parametrize("asked", sorted(ASKED))
def test_the_tables_speak_the_language_asked_for(name: str, asked: str) -> None:
    args, english, korean = DATED[name]
    extra, environ = ASKED[asked]
    result = tripplan(*args, *extra, environ=environ)
    assert result.err == ""
    said, unsaid = (english, korean) if asked in ("nothing", "--lang en") else (korean, english)
    assert said in result.out and unsaid not in result.out


def test_the_korean_sample_speaks_korean_unless_asked_otherwise() -> None:
    """The trip's `lang = "ko"` chooses Korean; --lang and TRIPPLAN_LANG come before it,
    the locale after it."""
    at = ("where", KO, "--at", IN_THE_AIR)
    assert "2010년 11월 16일 (화) 21:00" in tripplan(*at).out
    assert "2010년 11월 16일 (화) 21:00" in tripplan(*at, environ={"LANG": "en_US.UTF-8"}).out
    assert "Tue 16 Nov 2010 21:00" in tripplan(*at, "--lang", "en").out
    assert "Tue 16 Nov 2010 21:00" in tripplan(*at, environ={"TRIPPLAN_LANG": "en"}).out


def test_diff_speaks_the_language_of_the_newer_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two versions whose `lang` differs (diff does not compare it): the table is in the
    second one's, what the trip is now."""
    _versions(tmp_path)
    monkeypatch.chdir(tmp_path)
    to_korean = tripplan("diff", "en.toml", "moved.toml")
    to_english = tripplan("diff", "moved.toml", "en.toml")
    assert (to_korean.code, to_korean.err, to_english.code, to_english.err) == (1, "", 1, "")
    assert "2010년 11월 19일 (금)" in to_korean.out and "Fri 19 Nov" not in to_korean.out
    assert "Fri 19 Nov 2010" in to_english.out and "2010년" not in to_english.out
    assert to_english.out.startswith("moved.toml → en.toml\n")


def test_a_lang_that_is_no_language_is_refused_by_each_command() -> None:
    for args in (("where", KO), ("reach", KO), ("diff", KO, KO)):
        for json in ((), ("--json",)):
            result = tripplan(*args, *json, "--lang", "k@")
            assert (result.code, result.out) == (2, ""), args
            assert "'k@' is not a language code" in result.err, args


# -- no English word left ------------------------------------------------------------------

KOREAN_VIEWS: list[tuple[str, ...]] = [
    ("where", KO, "--at", IN_THE_AIR),
    ("where", KO, "--at", "2010-11-15 12:00"),  # not started yet
    ("where", KO, "--who", "mayor", "--at", "2010-11-16 15:30", "--tz", "la"),
    ("where", KO),  # now: the trip is over
    ("where", KO, SIDE, "--at", "2010-11-16T16:00:00-08:00"),
    ("reach", KO),
    ("reach", KO, "--from", "2011-01-01"),
    ("diff", KO, KO),
    ("diff", "ko.toml", "moved.toml"),
    ("diff", "moved.toml", "ko.toml"),
    ("check", KO, SIDE),
]


def _latin_words(*paths: Path) -> set[str]:
    """The Latin words the files' own text holds (ids, keys, KE017, UCLG, the venues, the
    English side visit's words), their paths, the zones' letters and the findings' codes:
    any other Latin word of a Korean table would be tripplan's, untranslated."""
    text = " ".join(f"{path.read_text(encoding='utf-8')} {path}" for path in paths)
    words = {w.casefold() for w in re.findall(r"[A-Za-z]+", text)}
    return words | {"kst", "pst", "cst", "utc", "overlap"}


@pytest.mark.parametrize("args", KOREAN_VIEWS, ids=lambda a: "-".join(a[::2]))
@pytest.mark.parametrize("width", [100, 40])
def test_no_english_word_is_left_in_a_korean_staff_table(
    args: tuple[str, ...], width: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _versions(tmp_path)
    if "moved.toml" in args:
        monkeypatch.chdir(tmp_path)
    result = tripplan(*args, width=width)
    assert result.err == ""
    files = [Path(a) for a in args[1:] if a.endswith(".toml")]
    left = {
        word
        for word in re.findall(r"[A-Za-z]{2,}", result.out)
        if not any(word.casefold() in known for known in _latin_words(*files))
    }
    assert not left, left
    assert re.search("[가-힣]", result.out)
