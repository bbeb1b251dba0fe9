"""Fonts for the text the pictures print (tripplan.fonts; docs/pictures.md, "Fonts"): a
booklet of Korean titles embeds Noto Sans CJK in its PDF and gives the Korean back; with
DejaVu alone installed, the booklet and the timeline say in one line which package to
install, exit 0 and write the file; an English trip never asks fontconfig; a Korean title
cut to its bar fits it as Chromium draws it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import chromium
from helpers import ROOT, SAMPLE, need, tripplan
from tripplan import fonts
from tripplan.render.picture import FONT

TRIP_TITLE = "서울시장 미주 순방"
# entry id: (the English title in the sample, its Korean title)
KOREAN = {
    "ke017": ("KE017 Seoul to Los Angeles", "인천에서 로스앤젤레스로 가는 대한항공 항공편"),
    "la-mou": ("EV cooperation MOU with Mayor Villaraigosa", "로스앤젤레스 시장 면담"),
    "uclg-congress": ("3rd UCLG World Congress", "제3차 UCLG 세계총회"),
    "chicago-daley": ("Meeting with Mayor Richard M. Daley", "데일리 시카고 시장 면담"),
}
WARNING = (
    "tripplan: no installed font covers the Hangul text (Debian: apt-get install fonts-noto-cjk)\n"
)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def need_noto_cjk() -> None:
    families = subprocess.run(
        [need("fc-list", "fontconfig"), ":charset=ac00", "family"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Noto Sans CJK KR" in families:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI must have Noto Sans CJK (apt-get install fonts-noto-cjk)")
    pytest.skip("no Noto Sans CJK KR (apt-get install fonts-noto-cjk)")


def need_weasyprint() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as err:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must make PDFs: {err}")
        pytest.skip(f"WeasyPrint cannot run here: {err}")


@pytest.fixture
def korean(tmp_path: Path) -> Path:
    """The sample trip with its title and four entries' titles in Korean."""
    text = SAMPLE.read_text(encoding="utf-8")
    for old, new in [("Seoul Mayor: Americas green diplomacy", TRIP_TITLE), *KOREAN.values()]:
        assert text.count(f'title = "{old}"') == 1, old
        text = text.replace(f'title = "{old}"', f'title = "{new}"')
    trip = tmp_path / "korean.toml"
    trip.write_text(text, encoding="utf-8")
    return trip


@pytest.fixture
def dejavu_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fontconfig that knows DejaVu alone (its cache in tmp_path), for this process's
    children; the fonts.conf written."""
    need("fc-list", "fontconfig")
    if not (DEJAVU / "DejaVuSans.ttf").exists():
        pytest.skip("no DejaVu Sans (apt-get install fonts-dejavu-core)")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{DEJAVU}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir>"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    return conf


def pdf_text(path: Path) -> str:
    done = subprocess.run(
        [need("pdftotext", "poppler-utils"), "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    )
    return " ".join(done.stdout.decode("utf-8").split())


def pdf_fonts(path: Path) -> list[tuple[str, str]]:
    """Each font of the PDF: its name and whether it is embedded (pdffonts' emb)."""
    done = subprocess.run(
        [need("pdffonts", "poppler-utils"), str(path)], capture_output=True, text=True, check=True
    )
    rows = done.stdout.splitlines()[2:]  # after the heading and its rule
    # name, type (one to three words), encoding, then emb sub uni (yes/no) and the object
    return [(row.split()[0], row.split()[-5]) for row in rows]


def test_a_korean_booklet_embeds_a_cjk_font_and_gives_its_korean_back(
    korean: Path, tmp_path: Path
) -> None:
    need_weasyprint()
    need_noto_cjk()
    pdf = tmp_path / "korean.pdf"
    result = tripplan("booklet", korean, "-o", pdf)
    assert (result.code, result.out, result.err) == (0, "", "")  # every font there: no warning
    embedded = [name for name, emb in pdf_fonts(pdf) if emb == "yes"]
    assert [name for name in embedded if "CJK" in name], embedded
    text = pdf_text(pdf)
    for title in [TRIP_TITLE, *(korean for _, korean in KOREAN.values())]:
        assert title in text, title


def test_a_korean_timeline_and_html_booklet_say_nothing_when_the_fonts_are_there(
    korean: Path, tmp_path: Path
) -> None:
    need_noto_cjk()
    for command, name in [("timeline", "t.svg"), ("booklet", "b.html")]:
        result = tripplan(command, korean, "-o", tmp_path / name)
        assert (result.code, result.out, result.err) == (0, "", ""), command
        assert TRIP_TITLE in (tmp_path / name).read_text(encoding="utf-8")


def test_without_a_font_for_hangul_the_pictures_say_so_in_one_line_and_are_written(
    korean: Path, tmp_path: Path, dejavu_only: Path
) -> None:
    for command, name in [("timeline", "t.svg"), ("booklet", "b.html")]:
        result = tripplan(command, korean, "-o", tmp_path / name)
        assert (result.code, result.out, result.err) == (0, "", WARNING), command
        assert TRIP_TITLE in (tmp_path / name).read_text(encoding="utf-8")
    result = tripplan("booklet", korean)  # the HTML on standard output, the line apart
    assert (result.code, result.err) == (0, WARNING)
    assert TRIP_TITLE in result.out


def test_without_a_font_for_hangul_the_pdf_is_written_with_the_warning(
    korean: Path, tmp_path: Path, dejavu_only: Path
) -> None:
    """In a fresh process, so that WeasyPrint's fontconfig too knows DejaVu alone."""
    need_weasyprint()
    pdf = tmp_path / "korean.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "tripplan", "booklet", str(korean), "-o", str(pdf)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", WARNING)
    names = [name for name, _ in pdf_fonts(pdf)]
    assert names and not [name for name in names if "CJK" in name], names


@pytest.fixture
def fake_fc_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PATH holding only an fc-list that writes its arguments to a log and finds no
    font; the log (absent until it is called)."""
    bin_dir, log = tmp_path / "bin", tmp_path / "fc-list.log"
    bin_dir.mkdir()
    script = bin_dir / "fc-list"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\n', encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    return log


def code_points(charset: str) -> set[int]:
    """The code points of fontconfig's charset value ("ac00-ac02 c11c")."""
    points: set[int] = set()
    for run in charset.split():
        low, _, high = run.partition("-")
        points.update(range(int(low, 16), int(high or low, 16) + 1))
    return points


def test_an_english_trip_never_asks_fontconfig(fake_fc_list: Path, tmp_path: Path) -> None:
    for command, name in [("timeline", "t.svg"), ("booklet", "b.html")]:
        result = tripplan(command, SAMPLE, "-o", tmp_path / name)
        assert (result.code, result.out, result.err) == (0, "", ""), command
    assert not fake_fc_list.exists()


def test_a_korean_trip_asks_fontconfig_once_for_its_hangul(
    fake_fc_list: Path, korean: Path, tmp_path: Path
) -> None:
    """The same fake fc-list that an English trip never calls: once per command, for
    exactly the syllables the titles hold."""
    titles = TRIP_TITLE + "".join(korean for _, korean in KOREAN.values())
    hangul = {ord(ch) for ch in titles if unicodedata.name(ch).startswith("HANGUL")}
    for command, name in [("timeline", "t.svg"), ("booklet", "b.html")]:
        fake_fc_list.unlink(missing_ok=True)
        result = tripplan(command, korean, "-o", tmp_path / name)
        assert (result.code, result.out, result.err) == (0, "", WARNING), command
        [call] = fake_fc_list.read_text(encoding="utf-8").splitlines()
        found = re.fullmatch(r":charset=([0-9a-f -]+) family", call)
        assert found, call
        assert code_points(found[1]) == hangul


def test_without_fc_list_nothing_is_said(
    tmp_path: Path, korean: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = tripplan("timeline", korean, "-o", tmp_path / "t.svg")
    assert (result.code, result.out, result.err) == (0, "", "")
    assert (tmp_path / "t.svg").exists()


def test_latin_text_asks_nothing_and_each_script_is_asked_once() -> None:
    asked: list[str] = []

    def covers(chars: str) -> bool:
        asked.append(chars)
        return "서" not in chars

    latin = "Mexico City → Zürich – São Paulo… «Łódź» “Αθήνα” Москва e\u0301"
    assert fonts.uncovered(latin, covers) == []
    assert asked == []
    assert fonts.uncovered(latin + " 서울 東京 서울", covers) == [
        fonts.Script("Hangul", "fonts-noto-cjk")
    ]
    assert asked == ["京東", "서울"]  # in the order of their code points


def test_what_is_taken_as_covered_is_what_dejavu_alone_covers(dejavu_only: Path) -> None:
    """fonts.DEJAVU_HAS, asked of a fontconfig with nothing but DejaVu: every assigned
    character of each range is in DejaVu Sans, in each face installed (fonts-dejavu-core:
    Book and Bold)."""
    for low, high in fonts.DEJAVU_HAS:
        chars = [chr(c) for c in range(low, high + 1) if unicodedata.category(chr(c)) != "Cn"]
        done = subprocess.run(
            ["fc-list", f":charset={fonts.charset(chars)}", "family", "style"],
            capture_output=True,
            text=True,
            check=True,
        )
        styles = {
            style
            for line in done.stdout.splitlines()
            if line.startswith("DejaVu Sans:style=")
            for style in line.removeprefix("DejaVu Sans:style=").split(",")
        }
        assert {"Book", "Bold"} <= styles, (hex(low), done.stdout)


def test_the_booklet_and_the_timeline_name_the_same_fonts() -> None:
    """The template's three font-family lists are the timeline's FONT, Noto Sans CJK
    after the Latin families."""
    template = (ROOT / "src" / "tripplan" / "templates" / "booklet.html.j2").read_text()
    lists = re.findall(r"font-family: ([^;]+);", template)
    assert len(lists) == 3
    families = [name.strip() for name in FONT.split(",")]
    for listed in lists:
        assert [name.strip().strip('"') for name in listed.split(",")] == families
    assert families.index("Noto Sans CJK KR") == families.index("Helvetica") + 1


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as context:
        yield context


def test_a_korean_title_cut_to_its_bar_fits_it_in_chromium(
    browser: Any, korean: Path, tmp_path: Path
) -> None:
    """Every bar's label, as Chromium draws it (Noto Sans CJK for the Hangul), ends
    inside its bar; the long Korean title is cut, leaving at most two em unused."""
    need_noto_cjk()
    svg = tmp_path / "korean.svg"
    assert tripplan("timeline", korean, "-o", svg).code == 0
    page = browser.new_page()
    page.goto(svg.as_uri())
    labels = page.evaluate(
        """() => [...document.querySelectorAll('g.entry svg')].map(box => {
            const text = box.querySelector('text');
            return [box.closest('g.entry').dataset.entry, text.textContent,
                    box.width.baseVal.value, text.x.baseVal[0].value,
                    text.getComputedTextLength(), parseFloat(text.getAttribute('font-size'))];
        })"""
    )
    page.close()
    assert labels
    for entry, label, width, x, length, _ in labels:
        assert x + length <= width, (entry, label, width, length)
    drawn = {
        entry: (label, width - 2 * x - length, size)
        for entry, label, width, x, length, size in labels
    }
    # titles are no longer cut: one too long for its bar is named beside it or by a
    # number (tests/test_timeline_layout.py); every label drawn inside fits its bar
    assert "ke017" not in drawn or not drawn["ke017"][0].endswith("…")
