"""tripplan timeline: the SVG parses as XML, has a row per traveller and a bar per entry
at the x of its UTC start, reads its clocks right, and shows hostile text as text.

Instants are computed here from the TOML (tomllib and zoneinfo), not by tripplan.
"""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from browser import chromium
from helpers import CONFLICTS, ROOT, SAMPLE, TRIPS, tripplan
from tripplan.text import visible

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = TRIPS / "hostile_markup.toml"
WHOLE = [
    SAMPLE,
    TRIPS / "dateline_seoul_la.toml",
    TRIPS / "split_delegation_dst_2025.toml",
    TRIPS / "tokyo_honolulu_washington_2024.toml",
]
# These hold entries 13 years apart, and a picture draws at most a year (svg.MOST_DAYS,
# tests/test_picture_caps.py): each of their years is drawn on its own.
SPLIT = [TRIPS / "ics_zone_heavy.toml", TRIPS / "mexico_city_2010_vs_2023.toml"]
FIXTURES = [
    *(pytest.param(trip, None, id=trip.stem) for trip in WHOLE),
    *(
        pytest.param(trip, year, id=f"{trip.stem}-{year}")
        for trip in SPLIT
        for year in (2010, 2023)
    ),
]


def picture(trip: Path, *args: str) -> ET.Element:
    result = tripplan("timeline", trip, *args)
    assert (result.code, result.err) == (0, "")
    assert result.out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    return ET.fromstring(result.out.encode("utf-8"))


def axis(root: ET.Element, strip: str = "0") -> tuple[datetime, float, float]:
    """The picture's own statement of its x axis: the UTC instant at x0 (of a strip: the
    first, unless named), pixels an hour (the same in every strip)."""
    home = next(g for g in homes(root) if g.attrib["data-strip"] == strip)
    t0 = datetime.fromisoformat(home.attrib["data-t0"])
    return t0, float(root.attrib["data-x0"]), float(root.attrib["data-hour-width"])


def homes(root: ET.Element) -> list[ET.Element]:
    """Each strip's home-clock axis, in order."""
    return [g for g in root.iter(f"{SVG}g") if g.get("data-axis") == "home"]


def x_of(root: ET.Element, at: datetime, strip: str = "0") -> float:
    t0, x0, hour = axis(root, strip)
    return x0 + (at - t0).total_seconds() / 3600 * hour


def starts(trip: Path) -> tuple[dict[str, datetime], dict[str, tuple[str, ...]], tuple[str, ...]]:
    """Each entry's UTC start read from the file: its wall time in its place's zone (a
    leg's departure in its `from` zone), an all-day event's first local midnight; who
    attends each; the travellers."""
    doc = tomllib.loads(trip.read_text(encoding="utf-8"))
    zones = {pid: ZoneInfo(p["tz"]) for pid, p in doc["places"].items()}
    travellers = tuple(doc["trip"].get("travellers", ())) or ("",)
    begin: dict[str, datetime] = {}
    who: dict[str, tuple[str, ...]] = {}
    for entry in doc.get("events", []):
        start = entry["start"]
        if not isinstance(start, datetime):
            start = datetime(start.year, start.month, start.day)
        if start.tzinfo is None:  # a wall time; else an instant with its own offset
            start = start.replace(tzinfo=zones[entry["place"]])
        begin[entry["id"]] = start.astimezone(UTC)
        who[entry["id"]] = tuple(entry.get("who", travellers))
    for leg in doc.get("travel", []):
        depart = leg["depart"]
        if depart.tzinfo is None:
            depart = depart.replace(tzinfo=zones[leg["from"]])
        begin[leg["id"]] = depart.astimezone(UTC)
        who[leg["id"]] = tuple(leg.get("who", travellers))
    return begin, who, travellers


def rows(root: ET.Element, strip: str | None = "0") -> dict[str, ET.Element]:
    """Each traveller's row of a strip (the first, unless named)."""
    return {
        g.attrib["data-who"]: g
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "row" and strip in (None, g.attrib["data-strip"])
    }


def all_rows(root: ET.Element) -> dict[str, list[ET.Element]]:
    """Each traveller's rows, one a strip, in order."""
    out: dict[str, list[ET.Element]] = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "row":
            out.setdefault(g.attrib["data-who"], []).append(g)
    assert {len(strips) for strips in out.values()} <= {len(homes(root))}
    return out


def bars(row: ET.Element) -> dict[str, ET.Element]:
    found = [r for r in row.iter(f"{SVG}rect") if r.get("class") == "bar"]
    by_id = {r.attrib["data-entry"]: r for r in found}
    assert len(by_id) == len(found), "an entry drawn twice in one row"
    return by_id


@pytest.mark.parametrize(("trip", "year"), FIXTURES)
def test_a_row_per_traveller_and_a_bar_per_entry_at_its_utc_start(
    trip: Path, year: int | None
) -> None:
    """In strips (a trip over 14 days), a bar in the strip its start is in starts where
    that strip's axis puts its instant; one that began in the strip before starts at the
    strip's left edge."""
    root = picture(trip, *(("--from", f"{year}-01-01", "--to", f"{year}-12-31") if year else ()))
    begin, who, travellers = starts(trip)
    shown = all_rows(root)
    assert list(shown) == list(travellers)
    for name, strips in shown.items():
        drawn: dict[str, ET.Element] = {}
        for row in strips:
            strip = row.attrib["data-strip"]
            t0, _x0, _hour = axis(root, strip)
            for entry_id, rect in bars(row).items():
                at = max(begin[entry_id], t0)
                assert float(rect.attrib["x"]) == pytest.approx(x_of(root, at, strip), abs=0.01)
                assert rect.attrib["data-start-utc"] == utc(begin[entry_id])
                drawn.setdefault(entry_id, rect)
        assert set(drawn) == {
            i for i, names in who.items() if name in names and year in (None, begin[i].year)
        }


def utc(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_x_axis_is_utc_not_wall_time() -> None:
    """KE017 leaves Seoul at 14:50 and lands in Los Angeles at 09:10 the same date: its
    bar is 11h20m long, not minus 5h40m."""
    root = picture(SAMPLE)
    rect = bars(rows(root)["mayor"])["ke017"]
    hour = axis(root)[2]
    assert float(rect.attrib["width"]) == pytest.approx((11 + 20 / 60) * hour, abs=0.01)


def tick_labels(group: ET.Element, short: bool = False) -> list[tuple[float, str]]:
    """Each shown date label (bold) and its tick's x; with `short`, also the dates cut
    to their day of the month where the whole date had no room (`17`)."""
    out = []
    form = r"\w{3} \d\d \w{3}|\d\d?" if short else r"\w{3} \d\d \w{3}"
    for text in group.iter(f"{SVG}text"):
        if text.get("font-weight") == "bold" and text.text and re.fullmatch(form, text.text):
            shift = 2 if text.get("text-anchor") == "start" else -2
            out.append((float(text.attrib["x"]) - shift, text.text))
    return out


def test_the_home_clock_runs_along_the_top() -> None:
    """Its dates at Seoul's midnights; where the picture begins (12:00, half a day
    before the first midnight) the date is cut to its day, `16`, for want of room."""
    root = picture(SAMPLE)
    t0, x0, hour = axis(root)
    (home,) = homes(root)
    labels = tick_labels(home, short=True)
    assert [label for _, label in labels] == [
        "16", "Wed 17 Nov", "Thu 18 Nov", "Fri 19 Nov", "Sat 20 Nov",
        "Sun 21 Nov", "Mon 22 Nov", "Tue 23 Nov",
    ]  # fmt: skip
    assert labels[0][0] == x0
    seoul = ZoneInfo("Asia/Seoul")
    for x, label in labels[1:]:  # the first labels where the picture begins
        at = (t0 + timedelta(hours=(x - x0) / hour)).astimezone(seoul)
        assert (at.hour, at.minute, at.strftime("%a %d %b")) == (0, 0, label)


def test_each_row_reads_the_travellers_own_clock_so_the_date_line_shows() -> None:
    """The mayor's local dates: every label sits at a local midnight of the clock they
    keep (computed here from the legs' arrivals), and 17 November comes twice, once in
    Seoul and once in Los Angeles, because KE017 crosses the date line."""
    root = picture(SAMPLE)
    t0, x0, hour = axis(root)
    doc = tomllib.loads(SAMPLE.read_text(encoding="utf-8"))
    zones = {pid: ZoneInfo(p["tz"]) for pid, p in doc["places"].items()}
    arrivals = sorted(
        (leg["arrive"].replace(tzinfo=zones[leg["to"]]).astimezone(UTC), zones[leg["to"]])
        for leg in doc["travel"]
    )

    def clock(at: datetime) -> ZoneInfo:
        zone = zones["seoul"]
        for when, there in arrivals:
            if when <= at:
                zone = there
        return zone

    strip = next(g for g in rows(root)["mayor"].iter(f"{SVG}g") if g.get("class") == "clock")
    labels = tick_labels(strip, short=True)
    for x, label in labels[1:]:
        at = t0 + timedelta(hours=(x - x0) / hour)
        local = at.astimezone(clock(at))
        assert (local.hour, local.minute) == (0, 0)
        assert label in (local.strftime("%a %d %b"), str(local.day)), (label, local)
    # Seoul's midnight in the air is crossed by the landing's line: not labelled; Los
    # Angeles's, 15 hours later, has room for its day of the month
    assert [label for _, label in labels][:3] == ["Tue 16 Nov", "17", "Thu 18 Nov"]
    changes = [t.text for t in strip.iter(f"{SVG}text") if t.get("font-style") == "italic"]
    assert changes == [
        "-17h Tue 16 Nov 09:10 again",  # back past Seoul's midnight in the air: the date again
        "+2h Wed 17 Nov 14:20",
        "+15h Tue 23 Nov 17:20",
    ]


def test_a_daylight_time_change_is_drawn_where_it_happens() -> None:
    trip = TRIPS / "split_delegation_dst_2025.toml"
    root = picture(trip)
    changes = [
        (g.find(f"{SVG}title").text, float(g.find(f"{SVG}line").attrib["x1"]))  # type: ignore[union-attr]
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "clock-change"
    ]
    by_clock = [(text, x) for text, x in changes if text and text.startswith("clocks go")]
    assert by_clock, changes
    for text, x in by_clock:
        t0, x0, hour = axis(root)
        at = t0 + timedelta(hours=(x - x0) / hour)
        place = text.split(" in ", 1)[1].split(":", 1)[0]
        doc = tomllib.loads(trip.read_text(encoding="utf-8"))
        zone = next(ZoneInfo(p["tz"]) for p in doc["places"].values() if p.get("name", "") == place)
        before, after = (at - timedelta(seconds=1)).astimezone(zone), at.astimezone(zone)
        assert before.utcoffset() != after.utcoffset()


def test_the_findings_are_marked_on_the_rows_they_concern() -> None:
    root = picture(CONFLICTS)
    findings = tripplan("check", "--json", CONFLICTS).json()["findings"]
    marked = {
        name: sorted(
            g.attrib["data-code"]
            for row in strips
            for g in row.iter(f"{SVG}g")
            if g.get("class") == "finding"
        )
        for name, strips in all_rows(root).items()
    }
    expected: dict[str, list[str]] = {name: [] for name in marked}
    doc = tomllib.loads(CONFLICTS.read_text(encoding="utf-8"))
    travellers = tuple(doc["trip"]["travellers"])
    attendees = {e["id"]: tuple(e.get("who", travellers)) for e in [*doc["events"], *doc["travel"]]}
    for finding in findings:
        who = {n for entry in finding["entries"] for n in attendees[entry]}
        for name in who:
            expected[name].append(finding["code"])
    for name in marked:
        assert set(marked[name]) <= set(expected[name]), name
    assert {c for codes in marked.values() for c in codes} == {f["code"] for f in findings}


def test_who_and_dates_choose_the_rows_and_the_span() -> None:
    root = picture(SAMPLE, "--who", "delegation", "--day", "2010-11-19")
    assert list(rows(root)) == ["delegation"]
    drawn = bars(rows(root)["delegation"])
    assert set(drawn) == {"uclg-congress", "mexico-agreement"}
    t0 = axis(root)[0]  # the picture begins with the chosen day, not the trip
    assert t0.astimezone(ZoneInfo("America/Mexico_City")).date() == date(2010, 11, 18)


def test_hostile_text_is_text_in_the_svg() -> None:
    root = picture(HOSTILE)
    names = {el.tag.removeprefix(SVG).lower() for el in root.iter()}
    assert names.isdisjoint({"script", "foreignobject", "iframe", "img", "style", "a"})
    assert not [k for el in root.iter() for k in el.attrib if k.lower().startswith("on")]
    text = " ".join(t for el in root.iter() for t in (el.text, el.tail) if t)
    doc = tomllib.loads(HOSTILE.read_text(encoding="utf-8"))
    assert visible(doc["trip"]["title"]) in text
    for entry in doc["events"][:2] + doc["travel"]:
        assert visible(entry["title"]) in text
    assert rows(root).keys() == {visible(n) for n in doc["trip"]["travellers"]}


@pytest.fixture(scope="module")
def browser() -> Any:
    with chromium() as context:
        yield context


def test_chromium_renders_the_hostile_svg_and_runs_nothing(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "hostile.svg"
    assert tripplan("timeline", HOSTILE, "-o", out).code == 0
    page = browser.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(out.as_uri())
    assert (
        page.evaluate("() => document.documentElement.namespaceURI") == "http://www.w3.org/2000/svg"
    )
    assert page.evaluate("() => document.getElementsByTagName('parsererror').length") == 0
    assert page.evaluate("() => typeof window.pwned") == "undefined"
    assert page.evaluate("() => document.getElementsByTagName('script').length") == 0
    shown = page.evaluate("() => document.documentElement.textContent")
    assert visible(tomllib.loads(HOSTILE.read_text())["trip"]["title"]) in shown
    for name in tomllib.loads(HOSTILE.read_text())["trip"]["travellers"]:
        assert visible(name) in shown
    assert asked == [out.as_uri()]
    page.close()


def test_chromium_draws_each_bar_where_the_file_says(browser: Any, tmp_path: Path) -> None:
    """Laid out by the browser, not only written: each bar's box starts at the x of its
    UTC start."""
    out = tmp_path / "sample.svg"
    assert tripplan("timeline", SAMPLE, "-o", out).code == 0
    root = ET.parse(out).getroot()
    begin, _, _ = starts(SAMPLE)
    page = browser.new_page()
    page.set_viewport_size({"width": 2000, "height": 400})
    page.goto(out.as_uri())
    boxes = page.evaluate(
        "() => [...document.querySelectorAll('g.row[data-who=mayor] rect.bar')]"
        ".map(r => [r.dataset.entry, r.getBoundingClientRect().left])"
    )
    page.close()
    assert {entry for entry, _ in boxes} == set(begin)
    for entry, left in boxes:
        assert left == pytest.approx(x_of(root, begin[entry]), abs=1.0)


def test_the_trip_file_is_never_the_output(tmp_path: Path) -> None:
    trip = tmp_path / "trip.toml"
    trip.write_bytes(SAMPLE.read_bytes())
    result = tripplan("timeline", trip, "-o", trip)
    assert (result.code, result.out) == (2, "")
    assert (
        result.err == f"tripplan: {trip}: is the trip file being read ({trip}): not overwritten\n"
    )
    assert trip.read_bytes() == SAMPLE.read_bytes()


def test_the_korean_clock_changes_read_in_korean_and_never_cross_a_line() -> None:
    """The Korean sample trip (lang = "ko"): each change says the jump and the new local
    date and time in CLDR's Korean; the first, longer in Korean than the 35 hours to the
    next landing hold (its line would cross it), is cut to the jump and the time."""
    root = picture(ROOT / "trips" / "seoul-americas-2010.ko.toml")
    strip = next(g for g in rows(root)["mayor"].iter(f"{SVG}g") if g.get("class") == "clock")
    changes = [t.text for t in strip.iter(f"{SVG}text") if t.get("font-style") == "italic"]
    assert changes == ["-17h 09:10", "+2h 11월 17일 (수) 14:20", "+15h 11월 23일 (화) 17:20"]
