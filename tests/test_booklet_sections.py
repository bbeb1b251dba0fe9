"""The booklet's sections (issue 24): each local date at each place once, holding every
traveller's entries of it, each entry once and marked with whose it is; sections flowing
on the page (a 9-day, 5-traveller trip on at most 12 A4 pages); a cover with the trip, its
travellers, its places and their clocks, and the findings.

Where an entry belongs is worked out here from the TOML itself (tomllib and zoneinfo: an
event on its start's local date at its place, a leg on its departure's date where it
leaves and its arrival's date where it lands), and the whole of each section is held to
`agenda --json`, the same days in another output.
"""

from __future__ import annotations

import html as html_module
import json
import re
import tomllib
from collections import Counter
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from browser import OUTSIDE_THE_PAGE, chromium, mm_to_px
from helpers import CONFLICTS, SAMPLE, TRIPS, tripplan
from test_booklet import booklet, need_weasyprint, pdf_pages, pdf_size

DELEGATION = TRIPS / "delegation_frankfurt_2026.toml"
TRIPS_SHOWN = [SAMPLE, CONFLICTS, DELEGATION]


class _Sections(HTMLParser):
    """Each `<section class="day">`: its data-section key, the text of its date, place
    and who, and its entries (id, title, who), in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[dict[str, Any]] = []
        self._stack: list[str] = []  # the class of each open element, "" for none
        self._entry: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = found.get("class") or ""
        if tag == "section" and classes == "day":
            self.sections.append(
                {"key": found["data-section"], "date": "", "place": "", "who": "", "entries": []}
            )
        if tag == "li" and "entry" in classes.split():
            self._entry = {"id": found["data-entry"] or "", "title": "", "who": ""}
            self.sections[-1]["entries"].append(self._entry)
        if tag not in ("br", "meta", "img"):
            self._stack.append(classes)

    def handle_endtag(self, tag: str) -> None:
        if self._stack:
            closed = self._stack.pop()
            if "entry" in closed.split():
                self._entry = None

    def handle_data(self, data: str) -> None:
        if not self._stack or not self.sections:
            return
        where = self._stack[-1]
        if self._entry is not None and where in ("title", "who"):
            self._entry[where] += data
        elif self._entry is None and where in ("date", "place", "who"):
            self.sections[-1][where] += data


def sections_of(html: str) -> list[dict[str, Any]]:
    parser = _Sections()
    parser.feed(html)
    return parser.sections


def _local(moment: datetime, zone: ZoneInfo) -> date:
    return moment.replace(tzinfo=zone).date()


def expected_homes(trip: Path) -> dict[str, set[str]]:
    """From the TOML: each timed entry's id, and the sections ("DATE PLACE") it must be
    in. A leg with an offset-free departure and arrival is on both local dates."""
    doc = tomllib.loads(trip.read_text(encoding="utf-8"))
    homes: dict[str, set[str]] = {}
    for n, event in enumerate(doc.get("events", [])):
        if isinstance(event["start"], datetime):
            start = event["start"].replace(tzinfo=None)
            homes[event.get("id", f"events-{n}")] = {f"{start.date()} {event['place']}"}
    for n, leg in enumerate(doc.get("travel", [])):
        depart, arrive = leg["depart"].replace(tzinfo=None), leg["arrive"].replace(tzinfo=None)
        homes[leg.get("id", f"travel-{n}")] = {
            f"{depart.date()} {leg['from']}",
            f"{arrive.date()} {leg['to']}",
        }
    return homes


def whose(trip: Path) -> dict[str, str]:
    """Each entry's who as the booklet says it: "everyone" when it is all the trip's."""
    doc = tomllib.loads(trip.read_text(encoding="utf-8"))
    travellers = doc["trip"].get("travellers", [])
    out = {}
    for table in ("events", "travel"):
        for entry in doc.get(table, []):
            who = entry.get("who", travellers)
            out[entry["id"]] = "everyone" if set(who) >= set(travellers) else ", ".join(who)
    return out


@pytest.mark.parametrize("trip", TRIPS_SHOWN, ids=lambda p: p.stem)
def test_each_date_and_place_is_one_section(trip: Path) -> None:
    sections = sections_of(tripplan("booklet", trip).out)
    keys = Counter(section["key"] for section in sections)
    assert sections and max(keys.values()) == 1, keys.most_common(3)
    said = Counter((section["date"], section["place"]) for section in sections)
    assert max(said.values()) == 1, said.most_common(3)
    # and in the order they are lived: dates never go back but for the date line's repeat
    agenda = json.loads(tripplan("agenda", "--json", trip).out)["days"]
    order = list(dict.fromkeys(f"{day['date']} {day['place']}" for day in agenda))
    assert [section["key"] for section in sections] == order


@pytest.mark.parametrize("trip", TRIPS_SHOWN, ids=lambda p: p.stem)
def test_every_entry_is_in_its_sections_once_with_whose_it_is(trip: Path) -> None:
    sections = sections_of(tripplan("booklet", trip).out)
    held = {section["key"]: [entry["id"] for entry in section["entries"]] for section in sections}
    for entry_id, homes in expected_homes(trip).items():
        for key in homes:
            assert held[key].count(entry_id) == 1, (entry_id, key, held[key])
    # each section holds exactly what agenda --json has on that date there, for anyone
    agenda = json.loads(tripplan("agenda", "--json", trip).out)["days"]
    wanted: dict[str, set[str]] = {}
    for day in agenda:
        wanted.setdefault(f"{day['date']} {day['place']}", set()).update(
            entry["id"] for entry in day["entries"]
        )
    assert {key: set(ids) for key, ids in held.items()} == wanted
    who = whose(trip)
    for section in sections:
        assert len(section["entries"]) == len(set(held[section["key"]]))  # none twice
        for entry in section["entries"]:
            assert entry["who"] == who[entry["id"]], (section["key"], entry)


def test_the_delegation_on_the_fall_back_sunday() -> None:
    """Sun 25 Oct 2026 in Frankfurt: everyone's morning, the press officer's radio link
    across the change, the deputy's group's day; once, with the change said once."""
    html = tripplan("booklet", DELEGATION).out
    sections = {section["key"]: section for section in sections_of(html)}
    sunday = sections["2026-10-25 frankfurt"]
    assert (sunday["date"], sunday["place"], sunday["who"]) == (
        "Sun 25 Oct 2026",
        "Frankfurt",
        "everyone",
    )
    assert [(e["id"], e["who"]) for e in sunday["entries"]] == [
        ("radio-link", "press"),
        ("split-breakfast", "everyone"),
        ("ice-fra-ber", "mayor, aide, security"),
        ("staedel-visit", "deputy, press"),
        ("hesse-lunch", "deputy, press"),
        ("fra-startups", "deputy, press"),
        ("sachsenhausen-dinner", "deputy, press"),
    ]
    part = html.split('data-section="2026-10-25 frankfurt"')[1].split("</section>")[0]
    assert part.count("<li>clocks go back 1h in Frankfurt") == 1
    assert (
        "<li>clocks go back 1h in Frankfurt: 03:00 CEST UTC+02:00 → 02:00 CET UTC+01:00"
        " (everyone)</li>" in part
    )
    assert "01:30–02:30" not in part  # two hours of elapsed time: 01:30 CEST to 02:30 CET
    assert "01:30 CEST UTC+02:00" in part and "02:30 CET UTC+01:00" in part
    berlin = sections["2026-10-25 berlin"]
    assert berlin["who"] == "mayor, aide, security"
    assert [e["id"] for e in berlin["entries"]] == [
        "ice-fra-ber",
        "wall-memorial",
        "ambassador-dinner",
    ]


def test_the_cover_has_the_travellers_places_and_clocks() -> None:
    html = tripplan("booklet", DELEGATION).out
    cover = html.split('<section class="cover">')[1].split("</section>")[0]
    assert (
        "<li>Travellers: mayor (Oh Se-hoon), deputy (Kim Ji-yeon), aide, press (Park Min-jun),"
        " security</li>" in cover
    )
    rows = [
        " ".join(piece for piece in _texts(row) if piece.strip())
        for row in cover.split("</table>")[0].split("<tr>")[1:]
    ]
    assert rows == [
        "Seoul Asia/Seoul KST UTC+09:00",
        "Frankfurt Europe/Berlin CEST UTC+02:00 ; Sun 25 Oct: 03:00 CEST UTC+02:00 → 02:00 CET UTC+01:00",
        "Berlin Europe/Berlin CEST UTC+02:00 ; Sun 25 Oct: 03:00 CEST UTC+02:00 → 02:00 CET UTC+01:00",
        "Brussels Europe/Brussels CEST UTC+02:00 ; Sun 25 Oct: 03:00 CEST UTC+02:00 → 02:00 CET UTC+01:00",
    ]
    assert '<p class="none">No findings.</p>' in cover


def _texts(markup: str) -> list[str]:
    class Texts(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[str] = []

        def handle_data(self, data: str) -> None:
            self.found.append(data.strip())

    parser = Texts()
    parser.feed(markup)
    return parser.found


def test_findings_are_on_the_cover_and_in_the_sections_of_their_entries() -> None:
    html = tripplan("booklet", CONFLICTS).out
    found = json.loads(tripplan("check", "--json", CONFLICTS).out)["findings"]
    cover = html.split('<section class="cover">')[1].split("</section>")[0]
    listed = cover.split('<ul class="findings all">')[1].split("</ul>")[0]
    assert listed.count("<li ") == len(found) > 0
    for finding in found:
        assert f"{finding['severity']} {finding['code']}: " in listed
    parts = {
        piece.split('"', 1)[0]: piece.split("</section>")[0]
        for piece in html.split('data-section="')[1:]
    }
    overlap = next(f for f in found if f["code"] == "overlap")
    holding = [key for key, part in parts.items() if "error overlap: " in part]
    assert holding == ["2010-11-05 chicago"], overlap
    for entry in overlap["entries"]:
        assert f'data-entry="{entry}"' in parts["2010-11-05 chicago"]


def test_who_chooses_one_travellers_sections() -> None:
    sections = sections_of(tripplan("booklet", DELEGATION, "--who", "deputy").out)
    assert [section["key"] for section in sections][:4] == [
        "2026-10-23 seoul",
        "2026-10-23 frankfurt",
        "2026-10-24 frankfurt",
        "2026-10-25 frankfurt",
    ]
    assert {section["who"] for section in sections} == {"deputy"}
    assert not any("berlin" in section["key"] for section in sections)
    sunday = next(s for s in sections if s["key"] == "2026-10-25 frankfurt")
    assert "radio-link" not in [entry["id"] for entry in sunday["entries"]]  # the press's


# -- the PDF and the browser -------------------------------------------------------------


def test_the_delegation_prints_on_at_most_12_a4_pages_with_every_title_and_date(
    tmp_path: Path,
) -> None:
    need_weasyprint()
    pdf = booklet(tmp_path, DELEGATION, name="book.pdf")
    count, size = pdf_size(pdf)
    assert size == (595, 842)
    assert count <= 12
    pages = pdf_pages(pdf)
    assert len(pages) == count
    text = " ".join(pages[1:])
    doc = tomllib.loads(DELEGATION.read_text(encoding="utf-8"))
    for entry in doc["events"]:
        assert entry["title"] in text, entry["title"]
    for leg in doc["travel"]:
        assert f"{leg['title']} ({leg['mode']})" in text, leg["title"]
    for day in range(23, 32):
        assert date(2026, 10, day).strftime("%a %d %b %Y") in text
    for n, page in enumerate(pages, 1):
        assert f"Page {n} of {count}" in page


@pytest.fixture(scope="module")
def browser() -> Any:
    with chromium() as context:
        yield context


@pytest.mark.parametrize("trip", TRIPS_SHOWN, ids=lambda p: p.stem)
def test_nothing_leaves_an_a4_page_in_chromium(browser: Any, tmp_path: Path, trip: Path) -> None:
    """At print media, the viewport as wide as an A4 page inside its margins: every
    element's box lies within it, and no section is taller than the sheet."""
    width, height = mm_to_px(210 - 32), mm_to_px(297 - 32)
    html = booklet(tmp_path, trip)
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.emulate_media(media="print")
    page.goto(html.as_uri())
    assert page.evaluate(OUTSIDE_THE_PAGE, width) == []
    heights = page.evaluate(
        "() => [...document.querySelectorAll('section.day')].map(s => s.getBoundingClientRect().height)"
    )
    assert heights and max(heights) <= height
    # an entry's three columns never overlap one another
    overlaps = page.evaluate(
        """() => [...document.querySelectorAll('li.entry')].filter(li => {
             const [when, what, who] = [...li.children].map(c => c.getBoundingClientRect());
             return (what && when.right > what.left + 0.5) || (who && what.right > who.left + 0.5);
           }).map(li => li.dataset.entry)"""
    )
    assert overlaps == []
    page.close()


# -- lodging ---------------------------------------------------------------------------------


def _nights_from_toml(trip: Path, key: str, here: set[str]) -> list[str]:
    """The night lines a section must have, from the TOML alone: each lodging at the
    section's place whose stay holds 03:00 of the next morning (local), for those of its
    travellers who are there that date; bookings of one hotel together."""
    doc = tomllib.loads(trip.read_text(encoding="utf-8"))
    when, place = key.split(" ")
    night = datetime.combine(date.fromisoformat(when) + timedelta(days=1), time(3))
    travellers = doc["trip"]["travellers"]
    found: dict[str, list[str]] = {}
    for stay in doc.get("lodging", []):
        if stay["place"] == place and stay["check_in"] <= night < stay["check_out"]:
            names = [n for n in stay.get("who", travellers) if n in here]
            found.setdefault(f"{stay['title']}, {stay['address']}", []).extend(names)
    lines = []
    for title, names in found.items():
        who = (
            "everyone"
            if set(names) >= set(travellers)
            else ", ".join(n for n in travellers if n in names)
        )
        lines.append(f"night: {title} ({who})")
    return lines


def test_each_section_says_where_its_travellers_sleep() -> None:
    html = tripplan("booklet", DELEGATION).out
    doc = tomllib.loads(DELEGATION.read_text(encoding="utf-8"))
    travellers = doc["trip"]["travellers"]
    parts = {
        piece.split('"', 1)[0]: piece.split("</header>")[0]
        for piece in html.split('data-section="')[1:]
    }
    sections = sections_of(html)
    assert len(parts) == len(sections)
    nights = 0
    for section in sections:
        here = set(travellers) if section["who"] == "everyone" else set(section["who"].split(", "))
        shown = [
            html_module.unescape(line.split("</p>")[0])
            for line in parts[section["key"]].split('<p class="night">')[1:]
        ]
        assert shown == _nights_from_toml(DELEGATION, section["key"], here), section["key"]
        nights += len(shown)
    assert nights >= 9  # a night line for every date away but the flight home
    sunday = parts["2026-10-25 frankfurt"]
    assert (
        '<p class="night">night: Steigenberger Frankfurter Hof, Am Kaiserplatz, 60311 Frankfurt'
        " am Main (deputy, press)</p>" in sunday
    )
    assert (
        '<p class="night">night: Hotel Adlon Kempinski, Unter den Linden 77, 10117 Berlin'
        " (mayor, aide, security)</p>" in parts["2026-10-25 berlin"]
    )


def test_the_cover_says_where_everyone_sleeps() -> None:
    html = tripplan("booklet", DELEGATION).out
    cover = html.split('<section class="cover">')[1].split("</section>")[0]
    table = cover.split('<table class="lodging">')[1].split("</table>")[0]
    assert re.findall(r'<tr data-entry="([^"]+)">', table) == [
        "fra-hotel-berlin-group",
        "fra-hotel-brussels-group",
        "berlin-hotel",
        "brussels-hotel",
        "fra-hotel-return-berlin-group",
        "fra-hotel-return-brussels-group",
    ]
    row = table.split('<tr data-entry="berlin-hotel">')[1].split("</tr>")[0]
    assert " ".join(t for t in _texts(row) if t) == (
        "Hotel Adlon Kempinski Berlin: Unter den Linden 77, 10117 Berlin"
        " Sun 25 Oct 14:45 to Tue 27 Oct 14:30 mayor, aide, security"
    )


def test_a_lodging_in_the_wrong_city_is_a_finding_of_the_booklet(tmp_path: Path) -> None:
    text = DELEGATION.read_text(encoding="utf-8")
    wrong = text.replace(
        'title = "Hotel Adlon Kempinski"\nplace = "berlin"',
        'title = "Hotel Adlon Kempinski"\nplace = "brussels"',
    )
    assert wrong != text
    trip = tmp_path / "wrong.toml"
    trip.write_text(wrong, encoding="utf-8")
    html = tripplan("booklet", trip).out
    cover = html.split('<section class="cover">')[1].split("</section>")[0]
    listed = cover.split('<ul class="findings all">')[1].split("</ul>")[0]
    assert '<li class="error">error wrong-place: ' in listed
    assert "(berlin-hotel; mayor, aide, security)" in listed
    # and no night line puts them in Brussels or Berlin with it
    assert (
        "night: Hotel Adlon Kempinski"
        not in html.split('data-section="2026-10-25 berlin"')[1].split("</header>")[0]
    )
