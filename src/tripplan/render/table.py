"""Views as Rich tables. Every cell is a `Text`, never markup: titles are free text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tripplan.model import AnyEntry, Event, Finding, Travel, Trip
from tripplan.text import visible
from tripplan.timing import format_duration, format_offset

if TYPE_CHECKING:  # `check` draws its table without loading the views
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


# Below these widths a table drops a column rather than squeeze every cell into a sliver:
# first "Where" joins "Entry" as its second line, then the home clock goes.
WIDE = 100
MEDIUM = 76


@dataclass(frozen=True, slots=True)
class Layout:
    home: bool  # a column for the home clock
    where: bool  # a column of its own for the place (else under the title)

    @classmethod
    def fit(cls, width: int, has_home: bool) -> Layout:
        return cls(home=has_home and width >= MEDIUM, where=width >= WIDE)


def _cells(row: Row, layout: Layout) -> list[Text]:
    cells = [Text(visible_lines(_when(row)))]
    if layout.home:
        cells.append(Text(visible_lines(_home(row))))
    title = Text(visible(_title(row.entry)))
    where = Text(visible(_where(row.entry)))
    if layout.where:
        return [*cells, title, where]
    title.append("\n").append_text(where.copy())
    return [*cells, title]


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


def _has_home(trip: Trip, zone: ZoneInfo | None) -> bool:
    """A home clock column is worth it unless every time is already shown in home's zone."""
    return trip.home is not None and zone is not trip.home.zone


# Wide enough for "15:00–16:00 PST -08:00" and "→ Wed 17 Nov 02:10"; a longer header (a
# long home name, a long --tz zone) is cut, never allowed to squeeze the titles out.
TIME_WIDTH = 23


def _entry_columns(table: Table, time_label: str, home_label: str, layout: Layout) -> None:
    table.add_column(time_label, no_wrap=True, max_width=TIME_WIDTH)
    if layout.home:
        table.add_column(home_label, no_wrap=True, max_width=TIME_WIDTH)
    table.add_column("Entry", ratio=3)
    if layout.where:
        table.add_column("Where", ratio=2)


def _titled(title: str) -> Table:
    """A table in tripplan's style: a left-aligned title, a rule under the header, columns
    two spaces apart and no outer edge, so the most text fits the width."""
    return Table(
        title=Text(visible(title)),
        box=BOX,
        title_justify="left",
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )


def itinerary_table(view: Itinerary, width: int) -> Table:
    from tripplan.views import ClockChange

    layout = Layout.fit(width, _has_home(view.trip, view.zone))
    table = _titled(view.trip.title)
    table.add_column("Date", no_wrap=True)
    home = view.trip.home
    _entry_columns(
        table,
        f"Time ({view.zone.key})" if view.zone is not None else "Local time",
        f"Home ({visible(home.name)})" if home else "",
        layout,
    )
    for item in view.items:
        if isinstance(item, ClockChange):
            shift, clock = _clock_change(item)
            pad = [Text("")] * (int(layout.home) + 1)
            table.add_row(Text(""), shift, *pad[1:], clock, *pad[: int(layout.where)])
            continue
        table.add_row(Text(_date(item.start)), *_cells(item, layout))
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


def agenda_tables(view: Agenda, width: int) -> Iterator[Table]:
    """A table for each day, made as it is asked for: a season has thousands."""
    layout = Layout.fit(width, _has_home(view.trip, view.zone))
    for day in view.days:
        table = _titled(day_heading(view, day))
        _entry_columns(table, "Time", "Home", layout)
        for row in day.rows:
            table.add_row(*_cells(row, layout))
        yield table


def findings_table(trip: Trip, findings: list[Finding], width: int) -> Table:
    """Severity, code, entries, who, message; on a narrow terminal the entries and
    travellers lead the message instead of taking columns of their own."""
    wide = width >= WIDE
    who = bool(trip.travellers) and wide
    table = _titled(trip.title)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Code", no_wrap=True)
    if wide:
        table.add_column("Entries", ratio=1)
    if who:
        table.add_column("Who")
    table.add_column("Message", ratio=3)
    for finding in findings:
        ids = [visible(i) for i in finding.entry_ids]
        cells = [
            Text(finding.severity, style="bold red" if finding.severity == "error" else "yellow"),
            Text(finding.code),
        ]
        message = visible(finding.message)
        if wide:
            cells.append(Text("\n".join(ids)))
        else:
            names = f" ({visible(', '.join(finding.who))})" if finding.who else ""
            message = f"{', '.join(ids)}{names}: {message}"
        if who:
            cells.append(Text(visible(", ".join(finding.who))))
        cells.append(Text(message))
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
