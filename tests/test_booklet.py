"""tripplan booklet: the day book as HTML (opened in headless Chromium) and as PDF
(WeasyPrint, read back with pdftotext).

Times are checked against instants the test computes itself from the TOML (tomllib and
zoneinfo), not against tripplan's own helpers.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from browser import OUTSIDE_THE_PAGE, chromium, mm_to_px
from helpers import ROOT, SAMPLE, TRIPS, tripplan
from helpers import need as need_tool
from tripplan.text import visible

HOSTILE = TRIPS / "hostile_markup.toml"
SPLIT = TRIPS / "split_delegation_dst_2025.toml"
DATELINE = TRIPS / "dateline_seoul_la.toml"
IMAGES = ROOT / "docs" / "img"
# paper: (width, height) in mm, and the PDF page size in points
PAPERS = {"a4": ((210.0, 297.0), (595, 842)), "letter": ((215.9, 279.4), (612, 792))}
MARGIN_MM = 16.0
SECTION_HEAD = re.compile(r"\b[A-Z][a-z]{2} \d\d [A-Z][a-z]{2} \d{4} · ")


def need(tool: str) -> str:
    return need_tool(tool, "poppler-utils")


def need_weasyprint() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as err:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must make PDFs: {err}")
        pytest.skip(f"WeasyPrint cannot run here: {err}")


def booklet(tmp_path: Path, trip: Path, *options: str, name: str = "book.html") -> Path:
    out = tmp_path / name
    result = tripplan("booklet", trip, "-o", out, *options)
    assert (result.code, result.out, result.err) == (0, "", "")
    return out


def pdf_pages(path: Path) -> list[str]:
    """Each page's text, in the order the PDF draws it, whitespace made single spaces."""
    done = subprocess.run(
        [need("pdftotext"), "-raw", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    )
    pages = done.stdout.decode("utf-8").split("\f")
    return [" ".join(page.split()) for page in pages if page.strip()]


def pdf_size(path: Path) -> tuple[int, tuple[int, int]]:
    info = subprocess.run(
        [need("pdfinfo"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size
    return pages, (round(float(size[1])), round(float(size[2])))


# -- what the file says, read independently ------------------------------------------------


def _duration(text: str) -> timedelta:
    parts = dict.fromkeys("dhms", 0)
    for amount, unit in re.findall(r"(\d+)([dhms])", text):
        parts[unit] = int(amount)
    return timedelta(days=parts["d"], hours=parts["h"], minutes=parts["m"], seconds=parts["s"])


def entries_from_toml(path: Path) -> list[dict[str, Any]]:
    """Each timed entry's title and its start and end instants (UTC), from the file's own
    wall times read in its places' zones (none of these fixtures has a gap or a fold)."""
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    zones = {pid: ZoneInfo(p["tz"]) for pid, p in doc["places"].items()}
    out = []
    for event in doc.get("events", []):
        if not isinstance(event["start"], datetime):
            continue
        zone = zones[event["place"]]
        start = event["start"].replace(tzinfo=zone).astimezone(UTC)
        if "end" in event:
            end = event["end"].replace(tzinfo=zone).astimezone(UTC)
        else:
            end = start + _duration(event["duration"])
        out.append(
            {
                "title": event["title"],
                "start": start,
                "end": end,
                "start_zone": zone,
                "end_zone": zone,
                "leg": False,
                "mode": None,
            }
        )
    for leg in doc.get("travel", []):
        start = leg["depart"].replace(tzinfo=zones[leg["from"]]).astimezone(UTC)
        end = leg["arrive"].replace(tzinfo=zones[leg["to"]]).astimezone(UTC)
        out.append(
            {
                "title": leg["title"],
                "start": start,
                "end": end,
                "start_zone": zones[leg["from"]],
                "end_zone": zones[leg["to"]],
                "leg": True,
                "mode": leg.get("mode"),
            }
        )
    home = doc["trip"].get("home")
    for entry in out:
        entry["home"] = zones[home] if home else None
    return out


# -- the PDF --------------------------------------------------------------------------------


@pytest.mark.parametrize("trip", [SAMPLE, SPLIT, DATELINE], ids=lambda p: p.stem)
def test_the_pdf_has_every_entry_with_its_local_and_home_times(tmp_path: Path, trip: Path) -> None:
    need_weasyprint()
    pdf = booklet(tmp_path, trip, name="book.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    pages = pdf_pages(pdf)
    # the cover and its picture (which names bars too) end their page; then the sections,
    # each headed "Tue 16 Nov 2010 · Seoul"
    first = next(n for n, page in enumerate(pages) if SECTION_HEAD.search(page))
    assert first >= 1
    for entry in entries_from_toml(trip):
        title = entry["title"] + (f" ({entry['mode']})" if entry["mode"] else "")
        holding = [page for page in pages[first:] if title in page]
        assert holding, f"{title!r} is on no day page"
        start = entry["start"].astimezone(entry["start_zone"])
        end = entry["end"].astimezone(entry["end_zone"])
        for page in holding:
            assert f"{start:%H:%M}" in page, (title, f"{start:%H:%M}")
            assert f"{end:%H:%M}" in page, (title, f"{end:%H:%M}")
            if entry["home"] is not None:
                home = entry["start"].astimezone(entry["home"])
                assert f"{home:%a %d %b %H:%M}" in page, (title, f"{home:%a %d %b %H:%M}")


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_pdf_is_on_the_paper_asked_for_with_headers_and_page_numbers(
    tmp_path: Path, paper: str
) -> None:
    need_weasyprint()
    pdf = booklet(tmp_path, SAMPLE, "--paper", paper, name="book.pdf")
    count, size = pdf_size(pdf)
    assert size == PAPERS[paper][1]
    pages = pdf_pages(pdf)
    assert len(pages) == count
    for n, page in enumerate(pages, 1):
        assert "Seoul Mayor: Americas green diplomacy" in page
        assert f"Page {n} of {count}" in page


def test_the_pdf_says_clearly_when_weasyprint_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails: not installed
    out = tmp_path / "book.pdf"
    result = tripplan("booklet", SAMPLE, "-o", out)
    assert result.code == 2
    assert result.err.startswith(
        "tripplan: PDF output needs WeasyPrint: pip install 'tripplan[pdf]'"
    )
    assert result.err.count("\n") == 1
    assert not out.exists()


def test_the_pdf_says_clearly_when_pango_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WeasyPrint raises OSError at import when it cannot load Pango."""

    class NoPango:
        def find_spec(self, name: str, *args: object) -> None:
            if name == "weasyprint":
                raise OSError("cannot load library 'libpango-1.0-0': not found")

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(sys, "meta_path", [NoPango(), *sys.meta_path])
    out = tmp_path / "book.pdf"
    result = tripplan("booklet", SAMPLE, "-o", out)
    assert result.code == 2
    assert result.err.startswith("tripplan: PDF output needs Pango (Debian: apt-get install")
    assert "libpango-1.0-0" in result.err and result.err.count("\n") == 1
    assert not out.exists()


# -- the command ---------------------------------------------------------------------------


def test_the_booklet_goes_to_stdout_as_html() -> None:
    result = tripplan("booklet", SAMPLE, "--day", "2010-11-18")
    assert result.code == 0 and result.err == ""
    assert result.out.startswith("<!DOCTYPE html>")
    assert "UCLG Congress: Seoul&#39;s green policies" in result.out
    assert "Meeting with Mayor Richard M. Daley" not in result.out  # 22 Nov: not chosen


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-o", "book.txt"],
            "tripplan: -o book.txt: the booklet is written as PATH.html or PATH.pdf\n",
        ),
        (
            ["--day", "2010-11-18", "--from", "2010-11-17"],
            "tripplan: --day: give --day, or --from/--to, not both\n",
        ),
        (
            ["--from", "2010-11-18", "--to", "2010-11-17"],
            "tripplan: --to 2010-11-17 is before --from 2010-11-18\n",
        ),
        (
            ["--who", "nobody"],
            "tripplan: --who: unknown traveller 'nobody' (travellers: mayor, delegation)\n",
        ),
    ],
)
def test_bad_options_are_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = tripplan("booklet", SAMPLE, *args)
    assert (result.code, result.out, result.err) == (2, "", message)
    assert list(tmp_path.iterdir()) == []


def test_from_to_keeps_the_days_between() -> None:
    out = tripplan("booklet", SAMPLE, "--from", "2010-11-19", "--to", "2010-11-21").out
    days = re.findall(
        r'<span class="date">([^<]+)</span> · <span class="place">([^<]+)</span>', out
    )
    assert days == [
        ("Fri 19 Nov 2010", "Mexico City"),
        ("Sat 20 Nov 2010", "Mexico City"),
        ("Sat 20 Nov 2010", "Chicago"),
        ("Sun 21 Nov 2010", "Chicago"),
    ]


def test_a_day_page_has_its_clock_home_clock_changes_and_findings() -> None:
    out = tripplan("booklet", SAMPLE, "--who", "mayor", "--day", "2010-11-16").out
    la = out.split('<span class="place">Los Angeles</span>')[1]
    assert "from 09:10 PST UTC-08:00" in la
    assert "Seoul clock when this day begins: Wed 17 Nov 02:10" in la
    assert "This date again: the clock went back." in la
    assert "clock -17h on landing in Los Angeles: 02:10 KST UTC+09:00 → 09:10 PST UTC-08:00" in la
    assert "Seoul clock then: Wed 17 Nov 08:00" in la  # the MOU at 15:00 PST
    conflicts = tripplan("booklet", ROOT / "trips" / "examples" / "conflicts.toml").out
    assert (
        '<li class="error">error overlap: &#34;Green roof tour&#34; and &#34;Press conference&#34; share 30 min'
        in conflicts
    )


# -- in the browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Any:
    with chromium() as context:
        yield context


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_long_words_are_not_cut_off_at_the_page_edges(
    browser: Any, tmp_path: Path, paper: str
) -> None:
    """A title, venue and notes of 200 letters without a space wrap inside the page."""
    (width_mm, _), _ = PAPERS[paper]
    html = booklet(tmp_path, HOSTILE, "--paper", paper)
    width = mm_to_px(width_mm - 2 * MARGIN_MM)
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(media="print")
    page.goto(html.as_uri())
    assert "Unbroken" * 30 in page.evaluate("() => document.body.textContent")
    assert page.evaluate(OUTSIDE_THE_PAGE, width) == []
    page.close()


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_nothing_is_cut_off_at_the_page_edges_in_chromium(
    browser: Any, tmp_path: Path, paper: str
) -> None:
    """At print media, the viewport as wide as the page inside its margins: every
    element's box lies within it, and each date-and-place section is no taller than a
    sheet (so it is never split); Chromium's own print has the header and page number on
    every sheet."""
    (width_mm, height_mm), points = PAPERS[paper]
    html = booklet(tmp_path, SAMPLE, "--paper", paper)
    width = mm_to_px(width_mm - 2 * MARGIN_MM)
    height = mm_to_px(height_mm - 2 * MARGIN_MM)
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.emulate_media(media="print")
    page.goto(html.as_uri())
    assert page.evaluate(OUTSIDE_THE_PAGE, width) == []
    heights = page.evaluate(
        "() => [...document.querySelectorAll('section.day')].map(s => s.getBoundingClientRect().height)"
    )
    assert len(heights) == 11  # the agenda's eleven dates and places
    assert max(heights) <= height
    page.screenshot(path=tmp_path / f"{paper}.png", full_page=True)
    printed = tmp_path / "chromium.pdf"
    page.pdf(path=printed, prefer_css_page_size=True)
    page.close()
    count, size = pdf_size(printed)
    assert size == points
    assert count < len(heights)  # sections share pages
    for n, text in enumerate(pdf_pages(printed), 1):
        assert text.startswith("Seoul Mayor: Americas green diplomacy")
        assert f"Page {n} of {count}" in text


def test_the_booklet_fetches_nothing(browser: Any, tmp_path: Path) -> None:
    html = booklet(tmp_path, SAMPLE)
    page = browser.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(html.as_uri())
    page.close()
    assert asked == [html.as_uri()]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def hostile_texts() -> list[str]:
    """Every free text of the hostile fixture, as the booklet must show it."""
    doc = tomllib.loads(HOSTILE.read_text(encoding="utf-8"))
    texts = [doc["trip"]["title"], *doc["trip"]["travellers"]]
    texts += [p["name"] for p in doc["places"].values()]
    for entry in [*doc["events"], *doc["travel"]]:
        texts += [entry["title"], entry.get("venue", "")]
        texts += (entry.get("notes") or "").splitlines()
    return [visible(t) for t in texts if t]


def test_hostile_text_is_shown_literally_and_runs_nothing(browser: Any, tmp_path: Path) -> None:
    html = booklet(tmp_path, HOSTILE)
    source = html.read_text(encoding="utf-8")
    parser = _Elements()
    parser.feed(source)
    tags = {tag for tag, _ in parser.tags}
    assert tags.isdisjoint({"script", "iframe", "img", "b", "i", "foreignobject"})
    assert not [name for _, attrs in parser.tags for name, _ in attrs if name.startswith("on")]
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202e]", source)

    page = browser.new_page()
    page.goto(html.as_uri())
    assert page.evaluate("() => typeof window.pwned") == "undefined"
    assert page.evaluate("() => document.scripts.length") == 0
    assert page.title() == visible(tomllib.loads(HOSTILE.read_text())["trip"]["title"])
    shown = page.evaluate("() => document.body.textContent")
    for text in hostile_texts():
        assert text in shown, text
    assert page.evaluate("() => getComputedStyle(document.body).display") == "block"
    page.close()


def test_hostile_text_in_the_pdf(tmp_path: Path) -> None:
    need_weasyprint()
    text = " ".join(pdf_pages(booklet(tmp_path, HOSTILE, name="book.pdf")))
    assert "</title><script>window.pwned = 'title'</script>" in text
    assert "\\u202edelbat\\u202c" in text


def test_readme_pictures(browser: Any, tmp_path: Path) -> None:
    """The README's pictures of the sample trip: the timeline, and the booklet's first
    page as Chromium prints it. TRIPPLAN_UPDATE_GOLDEN=1 makes them again."""
    images = {"timeline": IMAGES / "timeline.png", "booklet": IMAGES / "booklet-first-page.png"}
    if os.environ.get("TRIPPLAN_UPDATE_GOLDEN") == "1":
        svg = tmp_path / "timeline.svg"
        assert tripplan("timeline", SAMPLE, "-o", svg).code == 0
        page = browser.new_page()
        page.goto(svg.as_uri())
        box = page.evaluate(
            "() => [document.documentElement.width.baseVal.value, document.documentElement.height.baseVal.value]"
        )
        page.set_viewport_size({"width": int(box[0] + 0.99), "height": int(box[1] + 0.99)})
        IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=images["timeline"])
        page.close()
        page = browser.new_page()
        page.goto(booklet(tmp_path, SAMPLE).as_uri())
        printed = tmp_path / "book.pdf"
        page.pdf(path=printed, prefer_css_page_size=True)
        page.close()
        subprocess.run(
            [
                need("pdftoppm"),
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(printed),
                str(images["booklet"].with_suffix("")),
            ],
            check=True,
        )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for image in images.values():
        assert image.read_bytes().startswith(b"\x89PNG\r\n\x1a\n"), image
        assert f"({image.relative_to(ROOT).as_posix()})" in readme
