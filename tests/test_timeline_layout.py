"""The timeline as Chromium lays it out (cli.md 1.1, "Pictures fit to hand over"): no text
box intersects another, none is crossed by a marker line (a clock change's dashed line, a
finding's line and triangle), every text lies inside the picture, and every bar is named:
its title inside it, beside it, or a number in its lane that the list under its strip
gives with the title. A trip of up to 14 days is one strip of the A4 landscape width; a
longer one is strips of that width, each with its own date axis.

Boxes are the browser's (getBoundingClientRect of every <text>, in the picture's own
pixels: the page shows it at 1:1 from its top left corner); marker lines are read from
their attributes (a line's box has no width).
"""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from browser import chromium
from helpers import CONFLICTS, ROOT, SAMPLE, TRIPS, tripplan

SVG = "{http://www.w3.org/2000/svg}"
A4_LANDSCAPE_PX = 277 * 96 / 25.4  # 297 mm less 10 mm margins, at 96 pixels an inch
KOREAN = ROOT / "trips" / "seoul-americas-2010.ko.toml"
FRANKFURT = TRIPS / "delegation_frankfurt_2026.toml"
DST_SPLIT = TRIPS / "split_delegation_dst_2025.toml"
PICTURES = [
    pytest.param(SAMPLE, (), id="sample"),
    pytest.param(SAMPLE, ("--lang", "ko"), id="sample-ko"),
    pytest.param(KOREAN, (), id="sample-korean-trip"),
    pytest.param(CONFLICTS, (), id="conflicts"),
    pytest.param(DST_SPLIT, (), id="split-dst"),
    pytest.param(FRANKFURT, (), id="frankfurt"),
    pytest.param(FRANKFURT, ("--lang", "ko"), id="frankfurt-ko"),
    pytest.param(TRIPS / "hostile_markup.toml", (), id="hostile"),
]

# Everything the checks need, as Chromium laid it out.
LAID_OUT = """
() => {
  const box = el => { const r = el.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; };
  const root = document.documentElement;
  const texts = [...root.querySelectorAll('text')].filter(t => t.textContent.trim() !== '')
    .map(t => ({text: t.textContent, box: box(t), cls: t.getAttribute('class') || ''}));
  const lines = [...root.querySelectorAll('g.clock-change line, g.finding line')].map(l => ({
    x: l.x1.baseVal.value, y1: l.y1.baseVal.value, y2: l.y2.baseVal.value,
    width: parseFloat(l.getAttribute('stroke-width'))}));
  const triangles = [...root.querySelectorAll('g.finding path')].map(box);
  const strips = [...root.querySelectorAll('g.axis[data-axis=home]')].map(axis => {
    const strip = axis.dataset.strip;
    const rows = [...root.querySelectorAll(`g.row[data-strip="${strip}"]`)].map(row => ({
      who: row.dataset.who,
      bars: [...row.querySelectorAll('g.entry')].map(g => {
        const rect = g.querySelector('rect.bar');
        const inside = g.querySelector('svg text');
        return {entry: g.dataset.entry, kind: g.dataset.kind,
                title: g.querySelector('title').textContent, box: box(rect),
                inside: inside ? inside.textContent : null};
      }),
      labels: [...row.querySelectorAll('text.bar-label')].filter(t => !t.closest('svg svg'))
        .map(t => ({how: t.classList[1], text: t.textContent, box: box(t)})),
    }));
    const list = root.querySelector(`g.bar-list[data-strip="${strip}"]`);
    return {t0: axis.dataset.t0, t1: axis.dataset.t1, rows,
            notes: list ? [...list.querySelectorAll('text')].map(t => t.textContent) : []};
  });
  return {width: root.width.baseVal.value, height: root.height.baseVal.value,
          texts, lines, triangles, strips};
}
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as context:
        yield context


def laid_out(browser: Any, tmp_path: Path, trip: Path, *args: str) -> dict[str, Any]:
    out = tmp_path / "timeline.svg"
    result = tripplan("timeline", trip, *args, "-o", out)
    assert (result.code, result.err) == (0, ""), result.err
    root = ET.parse(out).getroot()
    page = browser.new_page()
    width, height = float(root.attrib["width"]), float(root.attrib["height"])
    page.set_viewport_size({"width": int(width) + 1, "height": int(height) + 1})
    page.goto(out.as_uri())
    try:
        drawn: dict[str, Any] = page.evaluate(LAID_OUT)
    finally:
        page.close()
    return drawn


def meet(a: list[float], b: list[float]) -> bool:
    """Whether two boxes (left, top, right, bottom) share more than a hairline."""
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.05 and min(a[3], b[3]) - max(a[1], b[1]) > 0.05


def title_of(tooltip: str) -> str:
    return tooltip.split(" · ", 1)[0]


@pytest.mark.parametrize(("trip", "args"), PICTURES)
def test_no_text_meets_other_text_or_a_marker_line(
    browser: Any, tmp_path: Path, trip: Path, args: tuple[str, ...]
) -> None:
    drawn = laid_out(browser, tmp_path, trip, *args)
    texts = sorted(drawn["texts"], key=lambda t: t["box"][0])
    assert len(texts) > 20
    clashes = []
    for n, one in enumerate(texts):  # in order of left edges: stop at the first past its right
        for other in texts[n + 1 :]:
            if other["box"][0] >= one["box"][2]:
                break
            if meet(one["box"], other["box"]):
                clashes.append((one["text"], other["text"]))
    assert clashes == []
    crossed = []
    for line in drawn["lines"]:
        half = line["width"] / 2
        mark = [
            line["x"] - half,
            min(line["y1"], line["y2"]),
            line["x"] + half,
            max(line["y1"], line["y2"]),
        ]
        crossed.extend((t["text"], line["x"]) for t in texts if meet(t["box"], mark))
    for triangle in drawn["triangles"]:
        crossed.extend((t["text"], triangle[0]) for t in texts if meet(t["box"], triangle))
    assert crossed == []


@pytest.mark.parametrize(("trip", "args"), PICTURES)
def test_every_text_is_inside_the_picture(
    browser: Any, tmp_path: Path, trip: Path, args: tuple[str, ...]
) -> None:
    drawn = laid_out(browser, tmp_path, trip, *args)
    assert drawn["width"] == pytest.approx(A4_LANDSCAPE_PX, abs=0.5)
    outside = [
        (t["text"], [round(v, 1) for v in t["box"]])
        for t in drawn["texts"]
        if t["box"][0] < 0
        or t["box"][2] > drawn["width"]
        or t["box"][1] < 0
        or t["box"][3] > drawn["height"]
    ]
    assert outside == []


NEAR = 60.0  # pixels: a number further from its bar is not taken for its


def named(row: dict[str, Any], bar: dict[str, Any], notes: list[str]) -> str | None:
    """How a bar is named: inside, beside (its title right of it, in its lane), or
    "number N" (N in its lane, less than NEAR pixels from it, and a line of the strip's
    list that begins with N and ends with its title: `listed`); None: not named."""
    title = title_of(bar["title"])
    if bar["inside"] is not None:
        return "inside" if bar["inside"] == title else None
    left, top, right, bottom = bar["box"]
    middle = (top + bottom) / 2
    in_lane = [label for label in row["labels"] if label["box"][1] < middle < label["box"][3]]
    for label in in_lane:
        if label["how"] == "beside" and label["text"] == title and label["box"][0] >= right:
            return "beside"
    for label in in_lane:
        if label["how"] != "number" or not left - NEAR < label["box"][0] < right + NEAR:
            continue
        if any(listed(label["text"], title, note) for note in notes):
            return f"number {label['text']}"
    return None


def listed(number: str, title: str, note: str) -> bool:
    """Whether a line of the list is the number's and ends with the title: the whole
    title, or (a title longer than the picture is wide) as much of it as the line holds,
    cut with an ellipsis."""
    if not note.startswith(f"{number} "):
        return False
    if note.endswith(f" {title}"):
        return True
    cut = note.endswith("…") and re.search(r"\d\d:\d\d (.*)…$", note)
    return bool(cut) and len(cut.group(1)) > 20 and title.startswith(cut.group(1))


@pytest.mark.parametrize(("trip", "args"), PICTURES)
def test_every_bar_is_named(
    browser: Any, tmp_path: Path, trip: Path, args: tuple[str, ...]
) -> None:
    drawn = laid_out(browser, tmp_path, trip, *args)
    unnamed, ways = [], set()
    for strip in drawn["strips"]:
        for row in strip["rows"]:
            for bar in row["bars"]:
                how = named(row, bar, strip["notes"])
                if how is None:
                    unnamed.append((row["who"], bar["entry"], title_of(bar["title"])))
                else:
                    ways.add(how.split()[0])
    assert unnamed == []
    assert "number" in ways  # the checks above have something to check
    if trip in (SAMPLE, DST_SPLIT) and not args:  # titles with room are written whole
        assert ways & {"inside", "beside"}


def test_a_trip_longer_than_14_days_is_drawn_in_strips_of_the_a4_width(
    browser: Any, tmp_path: Path
) -> None:
    """conflicts.toml spans eight months (12,146 pixels wide before): strips of at most
    14 days each, as few as hold it, one under the other, each with its home-clock axis
    and its rows; together they span the picture's time with no gap."""
    drawn = laid_out(browser, tmp_path, CONFLICTS)
    strips = drawn["strips"]
    assert drawn["width"] == pytest.approx(A4_LANDSCAPE_PX, abs=0.5)
    spans = [(datetime.fromisoformat(s["t0"]), datetime.fromisoformat(s["t1"])) for s in strips]
    whole = spans[-1][1] - spans[0][0]
    assert len(strips) == -(-whole // timedelta(days=14))
    for (_, end), (start, _) in pairwise(spans):
        assert end == start
    assert all(end - start <= timedelta(days=14) for start, end in spans)
    travellers = tomllib.loads(CONFLICTS.read_text(encoding="utf-8"))["trip"]["travellers"]
    for strip in strips:
        assert [row["who"] for row in strip["rows"]] == travellers


@pytest.mark.parametrize("trip", [SAMPLE, DST_SPLIT, FRANKFURT], ids=lambda t: t.stem)
def test_a_trip_of_up_to_14_days_is_one_strip(trip: Path) -> None:
    root = ET.fromstring(tripplan("timeline", trip).out.encode("utf-8"))
    assert root.attrib["data-strips"] == "1"
    assert float(root.attrib["width"]) == pytest.approx(A4_LANDSCAPE_PX, abs=0.5)
