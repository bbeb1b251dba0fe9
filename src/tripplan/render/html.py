"""The booklet: a printable day book, as one self-contained HTML file or a PDF of it.

The first page has the trip and its timeline picture (`render.svg`); then a page for each
traveller's day, travellers whose day is the same (`views.Agenda.shared`) sharing one. A
day page has its date, place and clock, the home clock when it begins, its clock changes,
its entries (local and home times, venue, notes, who) and the findings that touch it.
docs/pictures.md says how the pages are laid out.

The pages are facts made into words here (`tripplan.words`); `templates/booklet.html.j2`
lays them out, with print CSS for A4 or US Letter. The PDF is the same HTML printed by
WeasyPrint, which is imported only to write a PDF.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import TYPE_CHECKING

from tripplan import words
from tripplan.errors import TripError
from tripplan.model import AnyEntry, Finding, Trip

if TYPE_CHECKING:
    from tripplan.render.svg import Selection
    from tripplan.timeline import ClockChange, Day


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
class BookDay:
    who: str
    date: str
    place: str
    clock: str  # the clock in force when the day begins (from 09:10 PST UTC-08:00)
    home: str | None  # the home clock when the day begins, labelled as a reading
    repeat: bool
    changes: list[str]
    entries: list[BookEntry]
    findings: list[BookFinding]


def booklet_html(selection: Selection, *, paper: str = "a4") -> Iterator[str]:
    """The booklet of a selection (its travellers and dates; its picture's stretch) as
    one HTML document (UTF-8 text), in pieces as they are made: styles inline, system
    fonts, no script and nothing fetched."""
    from tripplan import views
    from tripplan.render.markup import Markup, css_string, render_pieces
    from tripplan.render.svg import strips

    trip, who, first, last = selection.trip, selection.who, selection.first, selection.last
    size = PAPERS[paper]
    agenda = views.agenda(trip, views.Filters(who=who))
    findings = _findings_by_entry(selection.findings)  # those of the entries shown
    made = (
        _book_day(trip, names, day, findings)
        for names, day in agenda.shared()
        if (first is None or day.date >= first) and (last is None or day.date <= last)
    )
    first_day = next(made, None)  # a day page is made as the template reaches it
    days = chain([first_day], made) if first_day is not None else iter(())
    pictures = map(Markup, strips(selection, size.content_px))
    context = {
        "trip": trip,
        "title": trip.title,
        "running_title": css_string(trip.title),
        "facts": _facts(selection),
        "paper": size,
        "pictures": pictures,
        "days": days,
        "no_days": first_day is None,
    }
    return render_pieces("booklet.html.j2", context)


def _findings_by_entry(findings: list[Finding]) -> dict[str, list[Finding]]:
    """Each entry's findings, so that a day finds its own without a look at the others."""
    by_entry: dict[str, list[Finding]] = {}
    for finding in findings:
        for entry in finding.entries:
            by_entry.setdefault(entry.id, []).append(finding)
    return by_entry


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
    pdf = HTML(string=html, url_fetcher=fetch_nothing).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf


def _facts(selection: Selection) -> list[str]:
    """The lines under the booklet's title: dates, travellers, home, what was chosen, and
    what the picture leaves out."""
    trip, who, first, last = selection.trip, selection.who, selection.first, selection.last
    facts = []
    if trip.start and trip.end:
        facts.append(f"{words.day(trip.start, year=True)} to {words.day(trip.end, year=True)}")
    if trip.travellers:
        facts.append(f"Travellers: {words.who(trip.travellers)}")
    if trip.home:
        facts.append(f"Home: {trip.home.name} ({trip.home.tz})")
    chosen = []
    if who:
        chosen.append(f"{who} only")
    if first or last:
        low = words.day(first, year=True) if first else "the start"
        high = words.day(last, year=True) if last else "the end"
        chosen.append(low if first == last else f"{low} to {high}")
    if chosen:
        facts.append(f"This booklet: {', '.join(chosen)}")
    note = selection.note()
    if note:
        facts.append(f"The picture: {note}")
    return facts


def _book_day(
    trip: Trip, names: tuple[str, ...], day: Day, findings: dict[str, list[Finding]]
) -> BookDay:
    begins = day.begins.astimezone(day.zone)
    midnight = begins.hour == begins.minute == 0
    home = None
    if trip.home is not None and trip.home.zone is not day.zone:
        at_home = day.begins.astimezone(trip.home.zone)
        home = f"{words.home_clock(trip.home.name)} when this day begins: {words.day_time(at_home)}"
    mine = {id(f): f for e in day.entries for f in findings.get(e.id, ())}  # in order, once
    touching = [
        BookFinding(f.severity, _finding_text(f))
        for f in mine.values()
        if not f.who or set(f.who) & set(names)
    ]
    return BookDay(
        who=words.who(names),
        date=words.day(day.date, year=True),
        place=day.place.name if day.place else day.zone.key,
        clock=words.zone(begins) if midnight else f"from {words.clock(begins)}",
        home=home,
        repeat=day.repeat,
        changes=[_change_text(change, day) for change in day.changes],
        entries=[_book_entry(trip, entry) for entry in day.entries],
        findings=touching,
    )


def _change_text(change: ClockChange, day: Day) -> str:
    reason = words.change_reason(
        change.cause, change.place.name, change.offset_before, change.offset_after
    )
    return f"{reason}: {words.clock_change(change.before, change.after)}"  # on day.date


def _finding_text(finding: Finding) -> str:
    text = words.finding(finding.severity, finding.code, finding.message)
    ids = ", ".join(finding.entry_ids)
    names = f"; {words.who(finding.who)}" if finding.who else ""
    return f"{text} ({ids}{names})"


def _book_entry(trip: Trip, entry: AnyEntry) -> BookEntry:
    from tripplan.views import make_row

    row = make_row(trip, entry, None)
    kind: str
    if isinstance(row.start, datetime) and isinstance(row.end, datetime):
        kind = entry.type
        times = words.times(row.start, row.end, row.day_shift, leg=entry.type == "travel")
        home = []
        if trip.home is not None and row.home_start is not None and row.home_end is not None:
            home = [words.home_reading(trip.home.name, row.home_start)]
            if entry.type == "travel":
                home.append(f"→ {words.day_time(row.home_end)}")
    else:
        kind = "all-day"
        times = [" ".join(words.all_day(row.start, row.end))]
        home = []
    return BookEntry(
        id=entry.id,
        kind=kind,
        times=times,
        home=home,
        title=words.title(entry),
        where=words.place(entry),
        notes=entry.notes.splitlines() if entry.notes else [],
        who=words.who(entry.who) if trip.travellers else "",
    )
