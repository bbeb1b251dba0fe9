"""The booklet: a printable day book, as one self-contained HTML file or a PDF of it.

The cover has the trip, its travellers (with their `[people]` names), its places and
their clocks over the booklet's dates, and every finding; the timeline picture
(`render.svg`) follows it. Then a section for each local date at each place, holding every
traveller's entries of it once, each marked with whose it is ("everyone" when it is all
the trip's): its date, place and clock, the home clock when it begins, its clock changes,
its entries (local and home times, venue, notes, who) and the findings that touch it.
Sections flow on the page: a page ends only where the next section does not fit.
docs/pictures.md says how the pages are laid out.

What the pages show is computed before (`tripplan.booklet.Booklet`: the selection, its
sections, clocks and findings); here it is made into words (`tripplan.words`, in the language
speaking: `tripplan.lang`), and `templates/booklet.html.j2` lays them out, with print CSS
for A4 or US Letter. The PDF is the same HTML printed by WeasyPrint, which is imported
only to write a PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tripplan import words
from tripplan.errors import TripError
from tripplan.lang import _, current
from tripplan.model import AllDayEvent, AnyEntry, Finding, Lodging, Travel, Trip
from tripplan.render.rows import shown_times

if TYPE_CHECKING:
    from markupsafe import Markup

    from tripplan.booklet import Booklet, PlaceClock, Section, Selection
    from tripplan.timeline import ClockChange


@dataclass(frozen=True, slots=True)
class Paper:
    name: str  # the CSS page size
    width_mm: float
    height_mm: float
    margin_mm: float = 16.0

    @property
    def content_px(self) -> float:
        """The width inside the margins in CSS pixels (96 to the inch)."""
        return (self.width_mm - 2 * self.margin_mm) * 96 / 25.4


PAPERS = {
    "a4": Paper("A4", 210.0, 297.0),
    "letter": Paper("letter", 215.9, 279.4),
}


@dataclass(frozen=True, slots=True)
class BookEntry:
    id: str
    kind: str  # event, travel or all-day
    times: list[str]  # local times, a line each
    home: list[str]  # the home clock's readings, a line each (none without a home)
    title: str
    where: str
    notes: list[str]  # the notes' own lines
    who: str


@dataclass(frozen=True, slots=True)
class BookFinding:
    severity: str
    text: str


@dataclass(frozen=True, slots=True)
class BookSection:
    key: str  # the date and the place, for programs (data-section): 2010-11-16 la
    who: str  # the travellers there that date, or "everyone"
    date: str
    place: str
    clock: str  # the clock in force when the day begins (from 09:10 PST UTC-08:00)
    home: str | None  # the home clock when the day begins, labelled as a reading
    repeat: bool
    changes: list[str]
    entries: list[BookEntry]
    findings: list[BookFinding]
    nights: list[str]  # night: Hotel Amigo, Rue de l'Amigo 1-3 (deputy, press)


@dataclass(frozen=True, slots=True)
class BookLodging:
    id: str
    title: str
    place: str
    address: str
    stay: str  # Fri 23 Oct 19:45 to Sun 25 Oct 09:15, local
    who: str


@dataclass(frozen=True, slots=True)
class BookClock:
    place: str
    zone: str
    readings: list[str]  # CEST UTC+02:00, Sun 25 Oct: 03:00 CEST UTC+02:00 → 02:00 CET ...


def booklet_html(selection: Selection, *, paper: str = "a4") -> Iterator[str]:
    """The booklet of a selection as HTML (`booklet_document` of `booklet.of_selection`)."""
    from tripplan.booklet import of_selection

    return booklet_document(of_selection(selection), paper=paper)


def booklet_document(booklet: Booklet, *, paper: str = "a4") -> Iterator[str]:
    """A booklet as one HTML document (UTF-8 text), in pieces as they are made: styles
    inline, system fonts, no script and nothing fetched."""
    from tripplan.render.markup import Markup, css_string, render_pieces
    from tripplan.render.svg import strips

    trip, size = booklet.trip, PAPERS[paper]
    # a section is made as the template reaches it
    sections = (_book_section(trip, section) for section in booklet.sections)
    context = {
        "lang": current().code.replace("_", "-"),  # BCP 47: ko, fr-CA
        "page_numbers": _page_numbers(),
        "trip": trip,
        "title": trip.title,
        "running_title": css_string(trip.title),
        "facts": _facts(booklet.selection),
        "paper": size,
        "pictures": map(Markup, strips(booklet.selection, size.content_px)),
        "clocks": [_book_clock(clock) for clock in booklet.clocks],
        "findings": [_book_finding(f) for f in booklet.selection.findings],
        "lodging": [_book_lodging(trip, stay) for stay in booklet.lodging],
        "sections": sections,
        "no_days": not booklet.sections,
    }
    return render_pieces("booklet.html.j2", context)


def booklet_pdf(html: str) -> bytes:
    """The booklet printed to PDF by WeasyPrint (its `@page` rules: size, margins, page
    headers and numbers), fetching nothing."""
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
        from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]
    except ImportError as err:
        raise TripError(
            "PDF output needs WeasyPrint: pip install 'tripplan[pdf]'"
            f" (or write PATH.html and print it from a browser): {err}"
        ) from None
    except OSError as err:  # WeasyPrint is there, but not the Pango it draws text with
        raise TripError(
            "PDF output needs Pango (Debian: apt-get install libpango-1.0-0"
            f" libpangoft2-1.0-0 libharfbuzz-subset0): {err}"
        ) from None
    fetch_nothing = URLFetcher(allowed_protocols=())
    pdf: bytes = HTML(string=html, url_fetcher=fetch_nothing).write_pdf()  # no target: bytes
    return pdf


def _page_numbers() -> Markup:
    """The page header's `Page 2 of 9` as CSS `content` (a string, counters, a string),
    in the order the language says it; its words kept as they are but for what could
    end the string or the rule (escaped)."""
    from tripplan.render.markup import Markup

    said = _("Page {page} of {pages}")
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", said):
        if piece in ("{page}", "{pages}"):
            parts.append(f"counter({piece[1:-1]})")
        elif piece:
            parts.append(f'"{_css_text(piece)}"')
    return Markup(" ".join(parts))


def _css_text(text: str) -> str:
    """The inside of a CSS string: letters, digits and spaces as they are, anything else
    as a six-digit escape (and a space after one too, which an escape would swallow)."""
    out: list[str] = []
    for ch in text:
        plain = ch.isalnum() or (ch == " " and not (out and out[-1].startswith("\\")))
        out.append(ch if plain else f"\\{ord(ch):06x}")
    return "".join(out)


def _facts(selection: Selection) -> list[str]:
    """The lines under the booklet's title: dates, travellers, home, what was chosen, and
    what the picture leaves out."""
    trip, who, first, last = selection.trip, selection.who, selection.first, selection.last
    facts = []
    if trip.start and trip.end:
        first_day, last_day = words.day(trip.start, year=True), words.day(trip.end, year=True)
        facts.append(_("{first} to {last}").format(first=first_day, last=last_day))
    if trip.travellers:
        facts.append(_("Travellers: {names}").format(names=_named(trip)))
    if trip.home:
        facts.append(_("Home: {place} ({zone})").format(place=trip.home.name, zone=trip.home.tz))
    chosen = []
    if who:
        chosen.append(_("{who} only").format(who=who))
    if first or last:
        low = words.day(first, year=True) if first else _("the start")
        high = words.day(last, year=True) if last else _("the end")
        chosen.append(low if first == last else _("{first} to {last}").format(first=low, last=high))
    if chosen:
        facts.append(_("This booklet: {chosen}").format(chosen=", ".join(chosen)))
    note = selection.note()
    if note:
        facts.append(_("The picture: {note}").format(note=note))
    return facts


def _named(trip: Trip) -> str:
    """The travellers by id, each with its `[people]` name where the file gives one:
    mayor (Oh Se-hoon), aide."""
    named = []
    for traveller in trip.travellers:
        person = trip.people.get(traveller)
        if person is not None and person.name:
            named.append(_("{id} ({name})").format(id=traveller, name=person.name))
        else:
            named.append(traveller)
    return ", ".join(named)


def _book_section(trip: Trip, section: Section) -> BookSection:
    begins = section.begins.astimezone(section.zone)
    midnight = begins.hour == begins.minute == 0
    home = None
    if trip.home is not None and trip.home.zone is not section.zone:
        at_home = section.begins.astimezone(trip.home.zone)
        home = _("{home} clock when this day begins: {time}").format(
            home=trip.home.name, time=words.day_time(at_home)
        )
    clock = words.clock(begins)
    place = section.place
    return BookSection(
        key=f"{section.date.isoformat()} {place.id if place else section.zone.key}",
        who=_whose(trip, section.travellers),
        date=words.day(section.date, year=True),
        place=place.name if place else section.zone.key,
        clock=words.zone(begins) if midnight else _("from {clock}").format(clock=clock),
        home=home,
        repeat=section.repeat,
        changes=[_change_text(trip, change, names) for change, names in section.changes],
        entries=[_book_entry(trip, entry) for entry in section.entries],
        findings=[_book_finding(finding) for finding in section.findings],
        nights=[_night(trip, stay, names) for stay, names in section.nights],
    )


def _night(trip: Trip, stay: Lodging, names: tuple[str, ...]) -> str:
    """Where they sleep: night: Hotel Amigo, Rue de l'Amigo 1-3 (deputy, press)."""
    title = f"{stay.title}, {stay.address}" if stay.address else stay.title
    said = _("night: {lodging}").format(lodging=title)
    return f"{said} ({_whose(trip, names)})" if trip.travellers else said


def _book_lodging(trip: Trip, stay: Lodging) -> BookLodging:
    zone = stay.place.zone
    check_in, check_out = stay.start.astimezone(zone), stay.end.astimezone(zone)
    return BookLodging(
        id=stay.id,
        title=stay.title,
        place=stay.place.name,
        address=stay.address or "",
        stay=_("{first} to {last}").format(
            first=words.day_time(check_in), last=words.day_time(check_out)
        ),
        who=_whose(trip, stay.who) if trip.travellers else "",
    )


def _whose(trip: Trip, names: tuple[str, ...]) -> str:
    """Travellers by id, or "everyone" when they are all the trip's (or it names none)."""
    if not trip.travellers or set(names) >= set(trip.travellers):
        return _("everyone")
    return words.who(names)


def _change_text(trip: Trip, change: ClockChange, names: tuple[str, ...]) -> str:
    reason = words.change_reason(
        change.cause, change.place.name, change.offset_before, change.offset_after
    )
    text = f"{reason}: {words.clock_change(change.before, change.after)}"
    return f"{text} ({_whose(trip, names)})" if trip.travellers else text


def _book_clock(clock: PlaceClock) -> BookClock:
    """A place's clock over the booklet's dates: its first reading, then each change."""
    readings = [words.zone(clock.first)]
    for before, after in clock.changes:
        change = words.clock_change(before, after)
        day = words.day(after.date(), year=False)
        readings.append(_("{date}: {change}").format(date=day, change=change))
    return BookClock(clock.place.name, clock.place.tz, readings)


def _book_finding(finding: Finding) -> BookFinding:
    return BookFinding(finding.severity, _finding_text(finding))


def _finding_text(finding: Finding) -> str:
    text = words.finding(finding.severity, finding.code, finding.message)
    ids = ", ".join(words.subjects(finding.entry_ids, finding.place_ids))
    names = f"; {words.who(finding.who)}" if finding.who else ""
    return f"{text} ({ids}{names})"


def _book_entry(trip: Trip, entry: AnyEntry) -> BookEntry:
    from tripplan.views import make_row

    row = make_row(trip, entry, None)
    home: list[str] = []  # the home clock's readings (none for an all-day event)
    if isinstance(entry, AllDayEvent):
        kind, times = "all-day", [" ".join(words.all_day(*entry.dates))]
    else:
        start, end = shown_times(row)
        leg = isinstance(entry, Travel)
        kind, times = entry.type, words.times(start, end, row.day_shift, leg=leg)
        if trip.home is not None and row.home_start is not None and row.home_end is not None:
            home = [words.home_reading(trip.home.name, row.home_start)]
            if leg:
                home.append(f"→ {words.day_time(row.home_end)}")
    return BookEntry(
        id=entry.id,
        kind=kind,
        times=times,
        home=home,
        title=words.title(entry),
        where=words.place(entry),
        notes=entry.notes.splitlines() if entry.notes else [],
        who=_whose(trip, entry.who) if trip.travellers else "",
    )
