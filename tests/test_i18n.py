"""Language (cli.md 1.1, "Language"): which language speaks, Korean and French tables as
users see them (golden, fixed width), and machine output the same in every language."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from helpers import CONFLICTS, GOLDEN, ROOT, SAMPLE, need, tripplan
from tripplan import lang, words

KOREAN = ROOT / "trips" / "seoul-americas-2010.ko.toml"
LANG_GOLDEN = GOLDEN / "lang"
UPDATE = os.environ.get("TRIPPLAN_UPDATE_GOLDEN") == "1"


# -- golden tables --------------------------------------------------------------------------

CASES = {
    # The Korean sample: Korean without --lang (its [trip] lang = "ko").
    "ko_agenda": ("agenda", KOREAN),
    "ko_agenda_day_w60": ("agenda", KOREAN, "--day", "2010-11-16"),
    "ko_itinerary": ("itinerary", KOREAN),
    "ko_itinerary_w60": ("itinerary", KOREAN),
    "ko_check": ("check", KOREAN),
    # Findings worded in Korean (the file's own text stays as written).
    "ko_check_conflicts": ("check", CONFLICTS, "--lang", "ko"),
    "ko_validate": ("validate", KOREAN),
    # French: CLDR's dates, English words (no French catalog).
    "fr_agenda": ("agenda", SAMPLE, "--lang", "fr", "--day", "2010-11-16"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_tables_in_other_languages(name: str) -> None:
    width = int(name.rsplit("_w", 1)[1]) if "_w" in name else 100
    result = tripplan(*CASES[name], width=width)
    assert result.err == ""
    assert result.code == (1 if name == "ko_check_conflicts" else 0)
    shown = result.out.replace(f"{ROOT}/", "")  # the checkout's own path, wherever it is
    path = LANG_GOLDEN / f"{name}.txt"
    if UPDATE:
        LANG_GOLDEN.mkdir(exist_ok=True)
        path.write_text(shown, encoding="utf-8")
    assert shown == path.read_text(encoding="utf-8")
    # Hangul is two cells wide: no line is wider than the terminal, counted in cells.
    assert max(cell_len(line) for line in result.out.splitlines()) <= width


def test_golden_files_in_other_languages_are_all_used() -> None:
    assert {p.stem for p in LANG_GOLDEN.glob("*.txt")} == set(CASES)


def test_korean_dates_follow_cldr() -> None:
    out = tripplan("agenda", KOREAN, "--day", "2010-11-16").out
    assert "2010년 11월 16일 (화)" in out  # cli.md: `2010년 11월 16일 (화)`
    assert "KST UTC+09:00" in out and "PST UTC-08:00" in out  # zones as in English
    assert "09:10" in out and "AM" not in out.replace("AM649", "").replace("AM680", "")


def test_french_has_cldr_names_and_english_words() -> None:
    out = tripplan(*CASES["fr_agenda"]).out
    assert "mar. 16 nov. 2010" in out
    assert "Time" in out and "Entry" in out  # no French catalog: tripplan's words in English


# -- which language -------------------------------------------------------------------------

AGENDA = ("agenda", SAMPLE, "--day", "2010-11-16")


@pytest.mark.parametrize(
    ("args", "environ", "korean"),
    [
        ((), {}, False),
        ((), {"LANG": "ko_KR.UTF-8"}, True),
        ((), {"LANG": "C"}, False),
        ((), {"LC_ALL": "C.UTF-8", "LANG": "ko_KR.UTF-8"}, False),  # LC_ALL first
        ((), {"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, True),
        ((), {"LC_ALL": "", "LANG": "ko_KR.UTF-8"}, True),  # an empty variable is unset
        ((), {"TRIPPLAN_LANG": "ko", "LANG": "en_US.UTF-8"}, True),
        (("--lang", "en"), {"TRIPPLAN_LANG": "ko"}, False),
        (("--lang", "ko"), {"LANG": "C"}, True),
        (("--lang", "ko-KR"), {}, True),
    ],
)
def test_the_language_is_chosen_in_order(
    args: tuple[str, ...], environ: dict[str, str], korean: bool
) -> None:
    out = tripplan(*AGENDA, *args, environ=environ).out
    assert ("시간" in out) is korean
    assert ("Time" in out) is not korean


def test_the_trip_lang_comes_after_tripplan_lang_and_before_the_locale(tmp_path: Path) -> None:
    french = tmp_path / "fr.toml"
    french.write_text(KOREAN.read_text(encoding="utf-8").replace('lang = "ko"', 'lang = "fr"'))
    assert "mar. 16 nov. 2010" in tripplan("agenda", french, environ={"LANG": "ko_KR"}).out
    assert "2010년" in tripplan("agenda", french, environ={"TRIPPLAN_LANG": "ko"}).out
    assert "2010년" in tripplan("agenda", KOREAN, environ={"LANG": "C"}).out


def test_one_commands_language_never_leaks_into_the_next() -> None:
    assert "시간" in tripplan(*AGENDA, "--lang", "ko").out
    assert "Time" in tripplan(*AGENDA).out
    assert words.day(date(2010, 11, 16), year=True) == "Tue 16 Nov 2010"


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("zz", "'zz' is not a language known (tripplan's words: en, ko; dates: any CLDR language)"),
        ("ko;rm", "'ko;rm' is not a language code (tripplan's words: en, ko; dates: any CLDR"),
    ],
)
def test_a_bad_lang_is_a_usage_error(code: str, said: str) -> None:
    for args in (AGENDA, (*AGENDA, "--json")):
        result = tripplan(*args, "--lang", code)
        assert result.code == 2
        assert result.out == ""
        assert said in " ".join(result.err.split())


@pytest.mark.parametrize("value", ["", "ko kr", "한국어", "k", "ko_KR_x_y_z_w", "C"])
def test_a_trip_lang_that_is_no_language_code_is_refused(tmp_path: Path, value: str) -> None:
    trip = tmp_path / "trip.toml"
    text = KOREAN.read_text(encoding="utf-8").replace('lang = "ko"', f"lang = {value!r}")
    trip.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("lang ="))
    result = tripplan("validate", trip)
    assert result.code == 2
    assert result.err.startswith(f"tripplan: {trip}:{line}: [trip]: `lang` is ")
    assert "not a language code (such as ko, en, fr-CA)" in result.err


# -- machine output is the same in every language -------------------------------------------

LANGUAGES = [
    ("--lang ko", ("--lang", "ko"), {}),
    ("--lang en", ("--lang", "en"), {}),
    ("--lang fr", ("--lang", "fr"), {}),
    ("LANG=ko_KR.UTF-8", (), {"LANG": "ko_KR.UTF-8"}),
    ("LANG=C", (), {"LANG": "C"}),
    ("TRIPPLAN_LANG=ko", (), {"TRIPPLAN_LANG": "ko"}),
]
MACHINE = {
    "itinerary": ("itinerary", "--json"),
    "agenda": ("agenda", "--json"),
    "check": ("check", "--json"),
    "validate": ("validate", "--json"),
    "search": ("search", "--json"),
    "ics": ("export", "ics"),
}


@pytest.mark.parametrize("command", sorted(MACHINE))
@pytest.mark.parametrize("trip", [SAMPLE, KOREAN, CONFLICTS], ids=["en", "ko", "conflicts"])
def test_machine_output_is_byte_identical_in_every_language(command: str, trip: Path) -> None:
    name, more = MACHINE[command]
    if name == "export":
        args: list[str | Path] = [name, more, trip]
    elif name == "search":
        args = [name, trip, "서울" if trip == KOREAN else "a", more]
    else:
        args = [name, trip, more]
    outputs = {said: tripplan(*args, *flag, environ=env) for said, flag, env in LANGUAGES}
    first = outputs["--lang en"]
    assert first.out or first.err
    for said, result in outputs.items():
        assert (result.code, result.out, result.err) == (first.code, first.out, first.err), said


def test_json_findings_stay_english_under_korean() -> None:
    document = tripplan("check", CONFLICTS, "--json", "--lang", "ko").json()
    messages = [f["message"] for f in document["findings"]]
    assert messages and not any(re.search("[가-힣]", m) for m in messages)


def test_a_process_reads_its_locale_from_its_environment() -> None:
    """The installed command reads LANG from the process's environment (Environment's
    `from_system`), and its JSON is the same."""
    command = [sys.executable, "-m", "tripplan", *AGENDA[:2], "--day", "2010-11-16"]
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env.pop("TRIPPLAN_LANG", None)
    korean = subprocess.run(command, env={**env, "LANG": "ko_KR.UTF-8"}, capture_output=True)
    english = subprocess.run(command, env={**env, "LANG": "C"}, capture_output=True)
    assert "시간".encode() in korean.stdout and b"Time" in english.stdout
    for extra in ([], ["--json"]):
        outs = {
            value: subprocess.run(
                [*command, *extra], env={**env, "LANG": value}, capture_output=True
            ).stdout
            for value in ("ko_KR.UTF-8", "C")
        }
        if extra:
            assert outs["ko_KR.UTF-8"] == outs["C"]


# -- every word the views print is in the catalog -------------------------------------------

KOREAN_VIEWS = [
    ("agenda", KOREAN),
    ("itinerary", KOREAN),
    ("check", KOREAN),
    ("validate", KOREAN),
    ("agenda", KOREAN, "--tz", "home"),
    ("itinerary", KOREAN, "--tz", "America/Chicago"),
    ("search", KOREAN, "시장"),
]


def _ascii_words_of_the_file(path: Path) -> set[str]:
    """Every Latin word the Korean file's own text holds (ids, KE017, UCLG, MOU, the
    venue's Spanish name), the travellers, and the zones' letters: the rest of a Korean
    table's Latin words would be tripplan's, untranslated."""
    text = f"{path.read_text(encoding='utf-8')} {path}"
    return {w.casefold() for w in re.findall(r"[A-Za-z]+", text)} | {"kst", "pst", "cst", "utc"}


def _foreign(out: str, allowed: set[str]) -> set[str]:
    """The Latin words of `out` that are no word (or, wrapped, part of one) of `allowed`."""
    return {
        word
        for word in re.findall(r"[A-Za-z]{2,}", out)
        if not any(word.casefold() in known for known in allowed)
    }


@pytest.mark.parametrize("args", KOREAN_VIEWS, ids=lambda a: "-".join(map(str, a[::2])))
@pytest.mark.parametrize("width", [100, 40])
def test_no_english_word_is_left_in_a_korean_view(args: tuple[str | Path, ...], width: int) -> None:
    result = tripplan(*args, width=width)
    left = _foreign(result.out, _ascii_words_of_the_file(KOREAN))
    assert not left, left
    assert re.search("[가-힣]", result.out)


def test_every_message_of_the_conflicts_is_korean_beyond_the_files_text() -> None:
    out = tripplan("check", CONFLICTS, "--lang", "ko", width=200).out
    allowed = _ascii_words_of_the_file(CONFLICTS) | {"cdt", "cst", "edt", "pdt", "pst"}
    left = _foreign(out, allowed)
    # The file's keys, as the finding quotes them (`start` 2010-03-14T02:30:00).
    assert left <= {"start", "end", "depart", "arrive", "T"}, left


def test_the_catalogs_are_complete_and_compiled() -> None:
    """Every string the code gives to `_` is in the template, every language's catalog
    translates all of them, with the same placeholders, and its .mo is compiled from it:
    tools/catalogs.py (run it after changing a user-visible string)."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import catalogs
    finally:
        sys.path.remove(str(ROOT / "tools"))
    from babel.messages.pofile import read_po

    stale = [
        path.relative_to(ROOT)
        for path, data in catalogs.wanted().items()
        if not catalogs.same(path, path.read_bytes() if path.exists() else None, data)
    ]
    assert not stale, f"run: python tools/catalogs.py (stale: {stale})"
    assert lang.catalogs() == ["ko"]
    for po in catalogs.languages():
        with po.open("rb") as file:
            catalog = read_po(file)
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(strings) and not message.fuzzy, f"{po.parent.parent.name}: {ids[0]!r}"
            wanted = set(re.findall(r"\{(\w*)\}", ids[0]))
            for string in strings:
                assert set(re.findall(r"\{(\w*)\}", string)) == wanted, (ids[0], string)


def test_english_reads_no_catalog_and_imports_no_babel() -> None:
    code = (
        "import sys; from tripplan.cli import run; from tripplan.cli.env import Environment;"
        "import io; e = Environment(io.StringIO(), io.StringIO(), io.BytesIO());"
        f"run(['agenda', {str(SAMPLE)!r}], e);"
        "from tripplan import lang;"
        "print('babel' in sys.modules, lang._catalog.cache_info().currsize)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == ["False", "0"], done.stderr


# -- a shipped language's dates are Babel's --------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(moment=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_shipped_dates_are_babels_dates(moment: date) -> None:
    """The oracle is Babel itself: the table tools/catalogs.py compiled for Korean writes
    every date as Babel's format_skeleton does (ko, and ko_KR, which reads it too)."""
    from babel.dates import format_skeleton

    for code in ("ko", "ko_KR"):
        assert lang._shipped_dates(code) is not None
        for year, skeleton in ((True, "yMMMEd"), (False, "MMMEd")):
            said = lang.cldr_day(code, moment, year)
            assert said == format_skeleton(skeleton, moment, locale=code), (code, skeleton)


def test_every_day_of_the_sample_year_in_korean() -> None:
    from babel.dates import format_skeleton

    day = date(2010, 1, 1)
    while day.year == 2010:
        assert lang.cldr_day("ko", day, True) == format_skeleton("yMMMEd", day, locale="ko")
        day = date.fromordinal(day.toordinal() + 1)


def test_korean_speaks_without_babel() -> None:
    """The shipped languages' dates need no Babel (its 40 ms); another language's do."""
    code = (
        "import sys, io; from tripplan.cli import run; from tripplan.cli.env import Environment;"
        "e = Environment(io.StringIO(), io.StringIO(), io.BytesIO());"
        f"run(['agenda', {str(KOREAN)!r}], e);"
        "assert '2010년' in e.stdout.getvalue();"
        "print('babel' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == ["False"], done.stderr
    french = code.replace(repr(str(KOREAN)), repr(str(KOREAN)) + ", '--lang', 'fr'").replace(
        "'2010년'", "'nov.'"
    )
    done = subprocess.run([sys.executable, "-c", french], capture_output=True, text=True)
    assert done.stdout.split() == ["True"], done.stderr


# -- the Korean sample's booklet -------------------------------------------------------------


def test_the_korean_booklet_pdf_embeds_cjk_and_gives_back_every_title(tmp_path: Path) -> None:
    """cli.md 1.1: the PDF embeds a font that covers Hangul (`pdffonts`), and its text
    (`pdftotext`) holds the trip's Korean title and every entry's. (poppler-utils; Debian's
    fonts-noto-cjk: .ci/run installs both.)"""
    from tripplan import load_trip

    need("pdffonts", "poppler-utils")
    need("pdftotext", "poppler-utils")
    pdf = tmp_path / "ko.pdf"
    result = tripplan("booklet", KOREAN, "-o", pdf)
    assert (result.code, result.err) == (0, "")
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
    embedded = [line for line in fonts.splitlines() if "CJK" in line]
    assert embedded and all(" yes " in line for line in embedded), fonts
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", "", text)
    trip = load_trip(KOREAN)
    for title in [trip.title, *(entry.title for entry in trip.entries)]:
        assert re.sub(r"\s+", "", title) in flat, title
    assert "2010년11월16일(화)" in flat


def test_one_instant_in_two_zones_has_each_zones_date_in_korean() -> None:
    """Aware datetimes of one instant are equal in Python whatever their zones: the dates
    Korean caches are keyed by the wall date, or Seoul's 17th would be said as LA's 16th."""
    from zoneinfo import ZoneInfo

    la = datetime(2010, 11, 16, 9, 10, tzinfo=ZoneInfo("America/Los_Angeles"))
    seoul = la.astimezone(ZoneInfo("Asia/Seoul"))
    assert la == seoul
    with lang.speaking("ko"):
        assert words.day_time(la) == "11월 16일 (화) 09:10"
        assert words.day_time(seoul) == "11월 17일 (수) 02:10"
        assert words.day(seoul, year=True) == "2010년 11월 17일 (수)"
