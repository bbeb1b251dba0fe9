"""Views as Rich tables. Every cell is a `Text`, never markup: titles are free text."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tripplan.model import AnyEntry, Event, Finding, Travel, Trip
from tripplan.text import visible
from tripplan.timing import format_duration, format_offset
from tripplan.views import Agenda, ClockChange, Day, Itinerary, Row

BOX = box.SIMPLE_HEAD


def _clock(moment: datetime) -> str:
    return f"{moment:%H:%M} {moment.tzname()} {format_offset(moment)}"


def _date(moment: datetime | date) -> str:
    return f"{moment:%a %d %b}"


def _shift(days: int) -> str:
    return f" {days:+d}" if days else ""


def _when(row: Row) -> str:
    """The shown time of a row: a span, a leg's departure and arrival, or 'all day'."""
    if not isinstance(row.start, datetime):
        assert isinstance(row.end, date)
        return "all day" if row.end == row.start else f"all day to {_date(row.end)}"
    assert isinstance(row.end, datetime)
    if isinstance(row.entry, Travel):
        return f"{_clock(row.start)}\n→ {_clock(row.end)}{_shift(row.day_shift)}"
    if row.start.utcoffset() == row.end.utcoffset() and row.start.tzname() == row.end.tzname():
        suffix = f" {row.start.tzname()} {format_offset(row.start)}"
        return f"{row.start:%H:%M}–{row.end:%H:%M}{_shift(row.day_shift)}{suffix}"
    return f"{_clock(row.start)}\n– {_clock(row.end)}{_shift(row.day_shift)}"


def _home(row: Row) -> str:
    if row.home_start is None or row.home_end is None:
        return ""
    start = f"{_date(row.home_start)} {row.home_start:%H:%M}"
    if isinstance(row.entry, Travel):
        return f"{start}\n→ {_date(row.home_end)} {row.home_end:%H:%M}"
    return start


def _where(entry: AnyEntry) -> str:
    if isinstance(entry, Event):
        where = entry.place.name
    else:
        where = f"{entry.origin.name} → {entry.destination.name}"
    return f"{where}, {entry.venue}" if entry.venue else where


def _title(entry: AnyEntry) -> str:
    return (
        f"{entry.title} ({entry.mode})" if isinstance(entry, Travel) and entry.mode else entry.title
    )


def _cells(row: Row, show_home: bool) -> list[Text]:
    cells = [_when(row), _home(row)] if show_home else [_when(row)]
    return [Text(visible_lines(c)) for c in cells] + [
        Text(visible(_title(row.entry))),
        Text(visible(_where(row.entry))),
    ]


def visible_lines(text: str) -> str:
    """`visible` for text we compose ourselves, keeping our own line breaks."""
    return "\n".join(visible(line) for line in text.split("\n"))


def _clock_change(change: ClockChange) -> tuple[Text, Text]:
    """The marker row's two cells: the shift, and the clock the traveller now lives on."""
    shift = change.shift
    sign = "-" if shift < timedelta(0) else "+"
    return (
        Text(f"◷ clock {sign}{format_duration(abs(shift))}", style="bold"),
        Text(
            f"now {visible(change.place.name)} time,"
            f" {change.after.tzname()} UTC{format_offset(change.after)}",
            style="bold",
        ),
    )


def _zone_heading(trip: Trip, itinerary_zone: object | None) -> tuple[str, bool]:
    """The heading of the time column, and whether the home clock is worth a column."""
    home = trip.home
    show_home = home is not None and itinerary_zone is not home.zone
    label = f"Time ({itinerary_zone})" if itinerary_zone is not None else "Local time"
    return label, show_home


def itinerary_table(view: Itinerary) -> Table:
    label, show_home = _zone_heading(view.trip, view.zone)
    table = Table(title=Text(visible(view.trip.title)), box=BOX, title_justify="left")
    table.add_column("Date", min_width=10)
    table.add_column(label, min_width=10)
    if show_home:
        assert view.trip.home is not None
        table.add_column(Text(f"Home ({visible(view.trip.home.name)})"), min_width=10)
    table.add_column("Entry", ratio=3, min_width=12)
    table.add_column("Where", ratio=2, min_width=8)
    for item in view.items:
        if isinstance(item, ClockChange):
            shift, clock = _clock_change(item)
            home = [Text("")] if show_home else []
            table.add_row(Text(""), shift, *home, clock, Text(""))
            continue
        table.add_row(Text(_date(item.start)), *_cells(item, show_home))
    return table


def day_heading(view: Agenda, day: Day) -> str:
    local = day.begins.astimezone(day.zone)
    parts = [f"{day.date:%a %d %b %Y}"]
    if day.traveller:
        parts.insert(0, day.traveller)
    parts.append(day.place.name if day.place else str(day.zone.key))
    parts.append(f"UTC{format_offset(local)} {local.tzname()}")
    home = view.trip.home
    if home is not None and home.zone is not day.zone:
        at_home = day.begins.astimezone(home.zone)
        parts.append(f"home {home.name} {_date(at_home)} {at_home:%H:%M}")
    heading = " · ".join(visible(p) for p in parts)
    return heading + (" · again, after the date line" if day.repeat else "")


def agenda_tables(view: Agenda) -> list[Table]:
    tables = []
    _, show_home = _zone_heading(view.trip, view.zone)
    for day in view.days:
        table = Table(title=Text(day_heading(view, day)), box=BOX, title_justify="left")
        table.add_column("Time", min_width=10)
        if show_home:
            table.add_column("Home", min_width=10)
        table.add_column("Entry", ratio=3, min_width=12)
        table.add_column("Where", ratio=2, min_width=8)
        for row in day.rows:
            table.add_row(*_cells(row, show_home))
        tables.append(table)
    return tables


def findings_table(trip: Trip, findings: list[Finding]) -> Table:
    table = Table(title=Text(visible(trip.title)), box=BOX, title_justify="left")
    table.add_column("Severity", min_width=10)
    table.add_column("Code", min_width=10)
    table.add_column("Entries", ratio=1)
    if trip.travellers:
        table.add_column("Who")
    table.add_column("Message", ratio=3)
    for finding in findings:
        cells = [
            Text(finding.severity, style="bold red" if finding.severity == "error" else "yellow"),
            Text(finding.code),
            Text("\n".join(visible(i) for i in finding.entry_ids)),
        ]
        if trip.travellers:
            cells.append(Text(visible(", ".join(finding.who))))
        cells.append(Text(visible(finding.message)))
        table.add_row(*cells)
    return table


def findings_summary(findings: list[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return "No findings."
    return f"{_count(errors, 'error')}, {_count(warnings, 'warning')}."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def make_console(
    file: object, *, width: int | None, color: bool, force_terminal: bool | None = None
) -> Console:
    return Console(
        file=file,  # type: ignore[arg-type]
        width=width,
        no_color=not color,
        color_system="auto" if color else None,
        force_terminal=force_terminal,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )
