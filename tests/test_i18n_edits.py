"""The edit commands in another language (cli.md 1.1, "Language"; issue 21): what they say
on standard error speaks it, what they write does not.

- Every edit writes the same bytes under `--lang ko` as under `--lang en` (and prints the
  same `--dry-run` diff): nothing that goes into the file is worded.
- `set FILE trip lang ko` writes the trip's language; a code that is none is refused.
- The report lines go through the catalog: under a pseudo-catalog (every message wrapped
  in «»), each report line is wrapped, an error of bad input is not (it stays English),
  and the trip's own `lang` chooses the report's language once the file is read.
- The Korean report of `add event` (and of a refused move, a removal, a note) as the
  shipped catalog words it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import tripplan.lang as lang
from helpers import SAMPLE, TRIPS, assert_one_clean_line, tripplan
from tripplan.load import load_trip

INVITATION = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tripplan tests//EN\r\n"
    "BEGIN:VEVENT\r\nUID:briefing-1@example.org\r\nDTSTAMP:20101101T090000Z\r\n"
    "SEQUENCE:1\r\nDTSTART;TZID=America/Los_Angeles:20101116T190000\r\n"
    "DTEND;TZID=America/Los_Angeles:20101116T200000\r\nSUMMARY:Press briefing\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)
DINNER = ("add", "event", "--title", "Dinner", "--place", "la")
DINNER_AT = ("--start", "2010-11-16 19:00", "--duration", "2h")

# Each case: the command lines run one after another on a copy of a trip (TRIP: its path,
# ICS: a small invitation beside it), and that trip (the sample unless named).
EDITS: dict[str, tuple[list[tuple[str, ...]], Path]] = {
    "add place": ([("add", "place", "TRIP", "paris", "--tz", "Europe/Paris")], SAMPLE),
    "add event": ([(*DINNER[:2], "TRIP", *DINNER[2:], *DINNER_AT)], SAMPLE),
    "add all-day event": (
        [("add", "event", "TRIP", "--title", "Rest", "--place", "la", "--start", "2010-11-17")],
        SAMPLE,
    ),
    "add travel": (
        [
            (
                "add",
                "travel",
                "TRIP",
                "--title",
                "Side trip",
                "--from",
                "la",
                "--to",
                "la",
                "--depart",
                "2010-11-16 22:00",
                "--arrive",
                "2010-11-16 23:00",
                "--mode",
                "car",
            ),
        ],
        SAMPLE,
    ),
    "add an error, forced": (
        [
            (
                "add",
                "event",
                "TRIP",
                "--title",
                "X",
                "--place",
                "la",
                "--start",
                "2010-11-17 19:00",
                "--duration",
                "1h",
                "--force",
            )
        ],
        SAMPLE,
    ),
    "add traveller": (
        [
            ("add", "traveller", "TRIP", "aide", "--name", "Kim Aide", "--email", "a@example.org"),
            ("set", "TRIP", "aide", "name", "Kim Ji-won"),
        ],
        SAMPLE,
    ),
    "cancel traveller": (
        [
            ("add", "traveller", "TRIP", "aide"),
            (*DINNER[:2], "TRIP", *DINNER[2:], *DINNER_AT, "--who", "mayor", "--who", "aide"),
            ("cancel", "traveller", "TRIP", "aide"),
        ],
        SAMPLE,
    ),
    "move to": ([("move", "TRIP", "la-mou", "--to", "2010-11-16 15:30")], SAMPLE),
    "move by": ([("move", "TRIP", "la-mou", "--by", "30m")], SAMPLE),
    "move all-day": ([("move", "TRIP", "uclg-congress", "--by", "1d")], SAMPLE),
    "move into a gap": (
        [("move", "TRIP", "after-gap", "--to", "2010-03-14 02:30", "--force")],
        TRIPS / "dst_gap_chicago_2010.toml",
    ),
    "cancel": ([("cancel", "TRIP", "la-mou")], SAMPLE),
    "set time": ([("set", "TRIP", "la-mou", "start", "15:30")], SAMPLE),
    "set duration": ([("set", "TRIP", "la-mou", "duration", "2h")], SAMPLE),
    "set title": ([("set", "TRIP", "la-mou", "title", "MOU signing")], SAMPLE),
    "set place": ([("set", "TRIP", "la-mou", "place", "chicago", "--force")], SAMPLE),
    "set removes": ([("set", "TRIP", "la-mou", "venue", "")], SAMPLE),
    "set trip lang": ([("set", "TRIP", "trip", "lang", "ko")], SAMPLE),
    "import ics, twice": (
        [("import", "ics", "TRIP", "ICS"), ("import", "ics", "TRIP", "ICS")],
        SAMPLE,
    ),
    "new": (
        [
            (
                "new",
                "TRIP",
                "--title",
                "Busan",
                "--id",
                "busan-2026",
                "--force",
                "--home",
                "seoul",
                "--home-tz",
                "Asia/Seoul",
                "--start",
                "2026-01-05",
            )
        ],
        SAMPLE,
    ),
}


def _copy(folder: Path, trip: Path) -> tuple[Path, Path]:
    folder.mkdir()
    path = folder / "trip.toml"
    shutil.copyfile(trip, path)
    invitation = folder / "briefing.ics"
    invitation.write_bytes(INVITATION.encode())
    return path, invitation


def _run(lines: list[tuple[str, ...]], path: Path, invitation: Path, *options: str) -> list:
    """Each command line's exit status and standard output (the diff of a dry run)."""
    said = []
    for line in lines:
        args = [str(path) if a == "TRIP" else str(invitation) if a == "ICS" else a for a in line]
        result = tripplan(*args, *options)
        assert result.err.startswith("tripplan: "), (line, result.err)
        said.append((result.code, result.out.replace(str(path.parent), "DIR")))
    return said


@pytest.mark.parametrize("case", sorted(EDITS))
def test_every_edit_writes_the_same_bytes_in_every_language(tmp_path: Path, case: str) -> None:
    lines, trip = EDITS[case]
    written = {}
    for code in ("en", "ko"):
        path, invitation = _copy(tmp_path / code, trip)
        said = _run(lines, path, invitation, "--lang", code)
        written[code] = (path.read_bytes(), said)
    assert written["ko"] == written["en"]
    data, said = written["en"]
    assert data != trip.read_bytes(), "the edit wrote nothing: it tests nothing"
    assert all(status in (0, 1) for status, _out in said), said


@pytest.mark.parametrize("case", ["add event", "move by", "set trip lang", "import ics, twice"])
def test_a_dry_run_prints_the_same_diff_in_every_language(tmp_path: Path, case: str) -> None:
    lines, trip = EDITS[case]
    printed = {}
    for code in ("en", "ko"):
        path, invitation = _copy(tmp_path / code, trip)
        printed[code] = _run(lines[:1], path, invitation, "--lang", code, "--dry-run")
        assert path.read_bytes() == trip.read_bytes()
    assert printed["ko"] == printed["en"]
    assert printed["en"][0][1].startswith("--- a/DIR/trip.toml\n+++ b/DIR/trip.toml\n@@ ")


def test_set_trip_lang_writes_the_language_and_the_trip_loads_with_it(tmp_path: Path) -> None:
    path, _ = _copy(tmp_path / "t", SAMPLE)
    result = tripplan("set", path, "trip", "lang", "ko")
    assert (result.code, result.err) == (0, f"tripplan: {path}: set lang of [trip] to ko\n")
    lines = path.read_text(encoding="utf-8").splitlines()
    trip_table = lines[lines.index("[trip]") : lines.index("[places.seoul]")]
    assert 'lang = "ko"' in trip_table
    assert load_trip(str(path)).lang == "ko"
    assert load_trip(str(SAMPLE)).lang is None


@pytest.mark.parametrize("code", ["en", "ko"])
def test_set_trip_lang_refuses_a_code_that_is_none(tmp_path: Path, code: str) -> None:
    path, _ = _copy(tmp_path / "t", SAMPLE)
    result = tripplan("set", path, "trip", "lang", "not a code!", "--lang", code)
    line = assert_one_clean_line(result.err)
    assert (result.code, line) == (
        2,
        f"tripplan: {path}: nothing written: the edit would make the file invalid: [trip]:"
        ' `lang` is "not a code!": not a language code (such as ko, en, fr-CA)',
    )
    assert path.read_bytes() == SAMPLE.read_bytes()


def test_a_lang_that_is_no_language_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    path, _ = _copy(tmp_path / "t", SAMPLE)
    result = tripplan("cancel", path, "la-mou", "--lang", "not a code!")
    assert result.code == 2
    assert "'not a code!' is not a language code" in result.err
    assert path.read_bytes() == SAMPLE.read_bytes()


# -- the report lines go through the catalog ------------------------------------------------


class Pseudo:
    """A catalog that wraps every message in «», so a test sees what went through it."""

    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"«{singular if n == 1 else plural}»"


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Korean speaks the pseudo-catalog's words (its dates are still CLDR's Korean)."""
    monkeypatch.setattr(lang, "_catalog", lambda code: Pseudo())


def test_report_lines_speak_the_language_chosen(tmp_path: Path, pseudo: None) -> None:
    path, invitation = _copy(tmp_path / "t", SAMPLE)
    said = [
        tripplan(*DINNER[:2], path, *DINNER[2:], *DINNER_AT, "--lang", "ko").err,
        tripplan("set", path, "la-mou", "venue", "", "--lang", "ko").err,
        tripplan("move", path, "dinner", "--by", "1d", "--lang", "ko").err,
        tripplan("add", "traveller", path, "aide", "--lang", "ko").err,
        tripplan("import", "ics", path, invitation, "--lang", "ko", "--dry-run").err,
    ]
    assert said == [
        f"tripplan: {path}: «added event {{id}}: {{title}} at {{place}}, {{when}}»"
        "".format(
            id="'dinner'", title="'Dinner'", place="Los Angeles",
            when="2010년 11월 16일 (화) 19:00 PST UTC-08:00",
        ) + "\n",
        f"tripplan: {path}: «set {{key}} of {{target}} to {{value}}»".format(
            key="venue", target="«event 'la-mou'»", value="«(removed)»"
        ) + "\n",
        f"tripplan: {path}: «not written: {{done}}»".format(
            done="«moved {entry} to {when}»".format(
                entry="«event 'dinner'»", when="2010년 11월 17일 (수) 19:00 PST UTC-08:00"
            )
        ) + "\n"
        f"tripplan: {path}: «new {{severity}}: {{code}}: {{subjects}} ({{who}}): {{message}}»"
        "".format(
            severity="«error»", code="wrong-place", subjects="dinner", who="mayor, delegation",
            message="«is in {place}, but the traveller is in {where} then»".format(
                place="Los Angeles", where="Mexico City"
            ),
        ) + "\n"
        f"tripplan: {path}: «nothing written: the edit adds an error (--force writes it)»\n",
        f"tripplan: {path}: «added traveller {{name}}»".format(name="'aide'") + "\n"
        "tripplan: «note: {note}»".format(
            note="«{n} entries without `who` are everyone's: {name} now takes part in them»"
            "".format(n=11, name="'aide'")
        ) + "\n",
        f"tripplan: {path}: «dry run, nothing written: {{done}}»".format(
            done="«imported event {id}: {title} at {place}, {when}»".format(
                id="'briefing-1@example.org'", title="'Press briefing'", place="Los Angeles",
                when="2010년 11월 16일 (화) 19:00 PST UTC-08:00",
            )
        ) + "\n"
        f"tripplan: {path}: «new {{severity}}: {{code}}: {{subjects}} ({{who}}): {{message}}»"
        "".format(
            severity="«error»", code="overlap", subjects="dinner, briefing-1@example.org",
            who="mayor, delegation, aide",
            message='«{first} and {second} share {length}»'.format(
                first='"Dinner"', second='"Press briefing"', length="«1 h»"
            ),
        ) + "\n",
    ]  # fmt: skip


def test_the_trips_lang_chooses_the_reports_language(tmp_path: Path, pseudo: None) -> None:
    path, _ = _copy(tmp_path / "t", SAMPLE)
    set_lang = tripplan("set", path, "trip", "lang", "ko")  # the trip as read had none
    assert set_lang.err == f"tripplan: {path}: set lang of [trip] to ko\n"
    cancelled = tripplan("cancel", path, "la-mou")
    assert cancelled.err == f"tripplan: {path}: «cancelled {{entry}}»\n".format(
        entry="«event 'la-mou'»"
    )
    english = tripplan("cancel", path, "mexico-agreement", "--lang", "en")
    assert english.err == f"tripplan: {path}: cancelled event 'mexico-agreement'\n"


@pytest.mark.parametrize(
    "line",
    [
        ("set", "TRIP", "la-mou", "colour", "red"),
        ("move", "TRIP", "la-mou", "--to", "next tuesday"),
        ("cancel", "TRIP", "nope"),
        ("add", "event", "TRIP", "--title", "X", "--place", "paris", "--start", "2010-11-17"),
        ("import", "ics", "TRIP", "ICS", "--place", "paris"),
        ("set", "TRIP", "trip", "lang", "not a code!"),
    ],
)
def test_errors_of_bad_input_stay_english(
    tmp_path: Path, pseudo: None, line: tuple[str, ...]
) -> None:
    said = {}
    for code in ("en", "ko"):
        path, invitation = _copy(tmp_path / code, SAMPLE)
        args = [str(path) if a == "TRIP" else str(invitation) if a == "ICS" else a for a in line]
        result = tripplan(*args, "--lang", code)
        assert result.code == 2
        said[code] = assert_one_clean_line(result.err).replace(str(path), "TRIP")
        assert path.read_bytes() == SAMPLE.read_bytes()
    assert said["ko"] == said["en"]
    assert "«" not in said["ko"]


def test_new_says_written_in_the_language_chosen(tmp_path: Path, pseudo: None) -> None:
    path = tmp_path / "new.toml"
    result = tripplan("new", path, "--title", "Busan", "--id", "busan", "--lang", "ko")
    assert (result.code, result.err) == (0, f"tripplan: {path}: «written»\n")
    english = tmp_path / "english.toml"
    assert tripplan("new", english, "--title", "Busan", "--id", "busan").code == 0
    assert path.read_bytes() == english.read_bytes()


# -- the shipped Korean catalog ---------------------------------------------------------------

ADDED_EVENT = "added event {id}: {title} at {place}, {when}"


def test_the_korean_report_of_add_event(tmp_path: Path) -> None:
    path, _ = _copy(tmp_path / "t", SAMPLE)
    result = tripplan(*DINNER[:2], path, *DINNER[2:], *DINNER_AT, "--lang", "ko")
    assert (result.code, result.err) == (
        0,
        f"tripplan: {path}: 행사 'dinner' 추가: 'Dinner', Los Angeles,"
        " 2010년 11월 16일 (화) 19:00 PST UTC-08:00\n",
    )


def test_the_korean_report_of_a_refused_move_a_removal_and_a_note(tmp_path: Path) -> None:
    path, _ = _copy(tmp_path / "t", SAMPLE)
    moved = tripplan("move", path, "la-mou", "--by", "1d", "--lang", "ko")
    assert (moved.code, moved.err.splitlines()) == (
        1,
        [
            f"tripplan: {path}: 기록하지 않음: 행사 'la-mou' 이동:"
            " 2010년 11월 17일 (수) 15:00 PST UTC-08:00",
            f"tripplan: {path}: 새 오류: wrong-place: la-mou (mayor, delegation):"
            " 장소는 Los Angeles이지만 그때 출장자는 Mexico City에 있음",
            f"tripplan: {path}: 기록하지 않음: 이 편집은 오류를 추가합니다 (--force로 기록)",
        ],
    )
    assert path.read_bytes() == SAMPLE.read_bytes()
    removed = tripplan("set", path, "la-mou", "venue", "", "--lang", "ko")
    assert removed.err == f"tripplan: {path}: 행사 'la-mou'의 venue 변경: (삭제)\n"
    added = tripplan("add", "traveller", path, "aide", "--lang", "ko")
    assert added.err.splitlines() == [
        f"tripplan: {path}: 출장자 'aide' 추가",
        "tripplan: 참고: `who`가 없는 일정 10개는 모든 출장자의 일정: 이제 'aide'도 참여",
    ]
