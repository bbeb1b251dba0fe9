"""Views as tables: the itinerary, the agenda's days and the findings, written a row at a
time, each table declared (`render.layout`: its columns, their widths, what a narrow
terminal gives up first) and fitted once. Dates, times and offsets have known widths and
are never cut; titles and places wrap in the width that is left. When something is not
shown at all, a line under the table says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

from tripplan import words
from tripplan.lang import N_, _, ngettext
from tripplan.model import AllDayEvent, Finding, Travel, Trip
from tripplan.render.layout import (
    LEAST_PLACE,
    LEAST_TEXT,
    Cells,
    Col,
    Drop,
    Narrow,
    Stack,
    Table,
    fit,
    fixed,
    heading,
    kept_whole,
    unbroken,
    whole,
    widest,
)
from tripplan.render.printer import Line, Printer, Style, cell_len
from tripplan.render.rows import shown_dates, shown_times
from tripplan.text import visible

if TYPE_CHECKING:
    from tripplan.render.marks import Marks
    from tripplan.timeline import ClockChange, Day
    from tripplan.views import Agenda, ClockRow, Itinerary, Row

__all__ = [
    "Dates",
    "Printer",
    "day_heading",
    "findings_summary",
    "heading",
    "home_cell",
    "print_agenda",
    "print_findings",
    "print_itinerary",
    "time_cell",
]


# -- cells ----------------------------------------------------------------------------------


class Dates(NamedTuple):
    """How dates are written in one view: with the year where the view spans more than
    one year or is not in the current one (12 Apr 2010 is not 12 Apr 2023)."""

    year: bool

    @classmethod
    def for_view(cls, first: date | None, last: date | None, today: date) -> Dates:
        if first is None or last is None:
            return cls(year=False)
        return cls(year=not (first.year == last.year == today.year))

    def day(self, moment: date) -> str:
        return words.day(moment, year=self.year)


def time_cell(row: Row, dates: Dates) -> str:
    """The shown time of a row: a span, a leg's departure and arrival, or all day."""
    if isinstance(row.entry, AllDayEvent):
        first, last = row.entry.dates
        return "\n".join(words.all_day(first, last, year=dates.year))
    start, end = shown_times(row)
    if row.part is not None:  # a lodging's check-in or check-out: one instant
        return words.clock(start)
    leg = isinstance(row.entry, Travel)
    return "\n".join(words.times(start, end, row.day_shift, leg=leg))


def home_cell(row: Row) -> str:
    start, end = row.home_start, row.home_end
    if start is None or end is None:
        return ""
    first = words.day_time(start)
    if isinstance(row.entry, Travel):
        return f"{first}\n→ {words.day_time(end)}"
    return first


def _who(names: Sequence[str]) -> str:
    return f" ({', '.join(visible(n) for n in names)})" if any(names) else ""


# -- the itinerary ----------------------------------------------------------------------------


def print_itinerary(
    view: Itinerary, printer: Printer, today: date, marks: Marks | None = None
) -> None:
    """The entries in time order, with a row for each clock change, each entry with a
    finding marked (`marks`) and the codes said under the table; on a narrow terminal the
    date goes on a line of its own where it changes, the place under the title, the title
    narrows, and only then is the home clock given up."""
    from tripplan.views import ClockRow

    trip = view.trip
    rows = list(view.items)
    dates = Dates.for_view(*_date_span(rows), today)
    ids = [item.entry.id for item in rows if not isinstance(item, ClockRow)]
    marks = marks if marks is not None and marks.any(ids) else None

    def cells(item: Row | ClockRow) -> dict[str, str | tuple[str, Style]]:
        if isinstance(item, ClockRow):
            return _clock_cells(item, dates, view.zone is not None)
        entry = item.entry
        return {
            "mark": marks.mark(entry.id) if marks else "",
            "date": dates.day(item.start),
            "time": time_cell(item, dates),
            "home": home_cell(item),
            "entry": visible(words.title(entry, item.part)),
            "where": visible(words.place(entry)),
        }

    table = fit(_itinerary_table(view, rows, cells, marked=marks is not None), printer)
    printer.write(heading(printer, [visible(trip.title)], "italic"))
    printer.write(table.header())
    shown_date = None
    for item in rows:
        row = cells(item)
        out: list[Line] = []
        if not table.shows("date") and row["date"] != shown_date:
            out.append([(_text(row["date"]), "bold")])
        shown_date = row["date"]
        out += table.lines(row)
        printer.write(out)
    printer.write(table.note(printer))
    if marks:
        printer.write(marks.legend(printer, ids))


def _itinerary_table(
    view: Itinerary,
    rows: list[Row | ClockRow],
    cells: Callable[[Row | ClockRow], dict[str, str | tuple[str, Style]]],
    *,
    marked: bool,
) -> Table:
    """The itinerary's columns, as wide as the rows they hold need, and what a narrow
    terminal gives up, in order: the date column, the place (under the title), the title's
    width, the home clock last."""
    home = view.trip.home
    home = home if home is not None and view.zone is not home.zone else None
    # The widths of the date, time and home columns follow from each row's shape alone
    # (digits have one width): each shape's cells are made once to measure them.
    shapes: dict[tuple[object, ...], Row | ClockRow] = {}
    for item in rows:
        shapes.setdefault(_shape(item), item)
    measured = [cells(item) for item in shapes.values()]
    if view.zone is not None:
        time_header = _("Time ({zone})").format(zone=view.zone.key)
    else:
        time_header = _("Local time")
    home_header = _("Home ({place})").format(place=visible(home.name)) if home else ""
    columns = [
        fixed("date", _("Date"), [_text(c["date"]) for c in measured]),
        fixed("time", time_header, [_text(c["time"]) for c in measured]),
        *([fixed("home", home_header, [_text(c["home"]) for c in measured])] if home else []),
        Col("entry", _("Entry"), share=3, least=LEAST_TEXT),
        Col("where", _("Where"), share=2, least=LEAST_PLACE),
    ]
    steps = (
        Drop("date", said=False),
        Stack("where", under="entry"),
        *_home_steps(columns),
    )
    return Table(columns, steps, marked=marked)


HOME_MARK = "⌂"  # the home clock's cells, put under the local time's


def _home_steps(columns: Sequence[Col]) -> tuple[Narrow | Stack | Drop, ...]:
    """What a table of times gives up once the place is under the title: the title's
    width, then the home clock's column (put under the time's, each line marked ⌂), then
    more of the title's width, and the home clock itself only when nothing else is left."""
    time = next(c for c in columns if c.key == "time")
    home = next((c for c in columns if c.key == "home"), None)
    if home is None:
        return (Narrow("entry"),)
    both = Col(
        "time",
        f"{time.header}\n{HOME_MARK} {home.header}",
        max(time.width, home.width + 2),
        least=max(time.least, home.least + 2),
    )
    return (
        Narrow("entry", LEAST_PLACE),
        Stack("home", under="time", join=_home_under, column=both),
        Narrow("entry"),
        Drop("home"),
    )


def _home_under(time: str, home: str) -> str:
    """The home clock under a row's time: its first line marked ⌂, the others lined up."""
    if not home:
        return time
    lines = home.split("\n")
    shown = [f"{HOME_MARK} {lines[0]}", *(f"  {line}" for line in lines[1:])]
    return "\n".join([time, *shown])


def _text(cell: str | tuple[str, Style]) -> str:
    return cell if isinstance(cell, str) else cell[0]


def _shape(item: Row | ClockRow) -> tuple[object, ...]:
    """What the widths of a row's date, time and home cells depend on."""
    from tripplan.views import ClockRow

    if isinstance(item, ClockRow):
        change = item.change
        return (
            "clock",
            _clock_shape(change.before),
            _clock_shape(change.after),
            _clock_shape(item.shown),
        )
    if isinstance(item.entry, AllDayEvent):
        first, last = item.entry.dates
        return ("all day", first == last, item.home is None)
    start, end = shown_times(item)
    return (
        item.entry.type,
        _clock_shape(start),
        _clock_shape(end),
        item.day_shift,
        item.home is None,
    )


def _clock_shape(moment: datetime) -> tuple[object, ...]:
    return moment.tzname(), moment.utcoffset()


def _date_span(rows: Sequence[Row | ClockRow]) -> tuple[date | None, date | None]:
    """The first and last date the rows show."""
    from tripplan.views import ClockRow

    dates = [
        day
        for item in rows
        for day in ((item.shown.date(),) if isinstance(item, ClockRow) else shown_dates(item))
    ]
    return (min(dates), max(dates)) if dates else (None, None)


def _clock_cells(
    item: ClockRow, dates: Dates, in_one_zone: bool
) -> dict[str, str | tuple[str, Style]]:
    change = item.change
    home = item.home_at
    if in_one_zone:
        time_text = words.clock(item.shown)
        title = f"◷ {change_reason(change)}{_who(item.who)}: {change_clocks(change)}"
    else:
        time_text = f"{words.clock(change.before)}\n→ {words.clock(change.after)}"
        title = f"◷ {change_reason(change)}{_who(item.who)}"
    return {
        "date": dates.day(item.shown),
        "time": (time_text, "bold"),
        "home": words.day_time(home) if home else "",
        "entry": (title, "bold"),
        "where": visible(change.place.name),
    }


def change_reason(change: ClockChange) -> str:
    return words.change_reason(
        change.cause, visible(change.place.name), change.offset_before, change.offset_after
    )


def change_clocks(change: ClockChange) -> str:
    return words.clock_change(change.before, change.after)


# -- the agenda -------------------------------------------------------------------------------


_NO_ENTRIES = N_("no entries that day, only the clock change above")


def print_agenda(view: Agenda, printer: Printer, today: date, marks: Marks | None = None) -> None:
    """A table for each day (travellers whose day is the same share one), each printed as
    soon as it is made: a season has thousands. A day's entries with a finding are
    marked (`marks`), their codes said under its table."""
    days = list(view.shared())
    dates = Dates.for_view(
        min((d.date for _, d in days), default=None),
        max((d.date for _, d in days), default=None),
        today,
    )
    home = view.trip.home
    has_home = home is not None and view.zone is not home.zone
    for n, (travellers, day) in enumerate(days):
        if n:
            printer.blank()
        _print_day(view, printer, (travellers, day), dates, has_home=has_home, marks=marks)


def _print_day(
    view: Agenda,
    printer: Printer,
    shared: tuple[Sequence[str], Day],
    dates: Dates,
    *,
    has_home: bool,
    marks: Marks | None,
) -> None:
    """One day's heading and table, for the travellers who share it."""
    travellers, day = shared
    rows = view.rows(day)
    if not rows:  # a day that only holds a clock change: its heading says it all
        out = heading(printer, day_heading(view, travellers, day, dates), "bold")
        printer.write([*out, [(_(_NO_ENTRIES), None)]])
        return
    ids = [row.entry.id for row in rows]
    marks = marks if marks is not None and marks.any(ids) else None
    cells = [
        {
            "mark": marks.mark(row.entry.id) if marks else "",
            "time": time_cell(row, dates),
            "home": home_cell(row),
            "entry": visible(words.title(row.entry)),
            "where": visible(words.place(row.entry)),
        }
        for row in rows
    ]
    columns = [
        fixed("time", _("Time"), [_text(c["time"]) for c in cells]),
        *([fixed("home", _("Home"), [_text(c["home"]) for c in cells])] if has_home else []),
        Col("entry", _("Entry"), share=3, least=LEAST_TEXT),
        Col("where", _("Where"), share=2, least=LEAST_PLACE),
    ]
    steps = (Stack("where", under="entry"), *_home_steps(columns))
    table = fit(Table(columns, steps, marked=marks is not None), printer)
    out = heading(printer, day_heading(view, travellers, day, dates), "bold")
    out += table.header()
    for row in cells:
        out += table.lines(row)
    out += table.note(printer)
    if marks:
        out += marks.legend(printer, ids)
    printer.write(out)


def day_heading(view: Agenda, travellers: Sequence[str], day: Day, dates: Dates) -> list[str]:
    """Who, the date, the place, the clock when the day begins, the home clock then, a
    repeat, and each clock change within the day."""
    begins = day.begins.astimezone(day.zone)
    parts = [", ".join(visible(t) for t in travellers)] if any(travellers) else []
    parts.append(unbroken(words.day(day.date, year=True)))
    parts.append(visible(day.place.name) if day.place else day.zone.key)
    midnight = begins.hour == begins.minute == 0
    if midnight:
        parts.append(unbroken(words.zone(begins)))
    else:
        parts.append(_("from {time}").format(time=unbroken(words.clock(begins))))
    home = view.trip.home
    if home is not None and home.zone is not day.zone:
        at_home = day.begins.astimezone(home.zone)
        said = _("{home} clock at start: {time}")
        parts.append(said.format(home=visible(home.name), time=unbroken(words.day_time(at_home))))
    if day.night is not None:
        parts.append(_("night: {lodging}").format(lodging=visible(day.night.title)))
    if day.repeat:
        parts.append(_("this date again: the clock went back"))
    for change in day.changes:
        clocks = f"{unbroken(words.clock(change.before))} → {unbroken(words.clock(change.after))}"
        parts.append(f"{change_reason(change)}: {clocks}")  # on this date (change_day)
    return parts


# -- the findings -----------------------------------------------------------------------------


def print_findings(trip: Trip, findings: list[Finding], printer: Printer) -> None:
    """Severity, code, entries, who, message; on a narrow terminal the entries and
    travellers lead the message, then the code goes under the severity."""
    rows: list[Cells] = [
        {
            "severity": (
                words.severity_word(f.severity),
                "bold red" if f.severity == "error" else "yellow",
            ),
            "code": f.code,
            "entries": "\n".join(visible(i) for i in words.subjects(f.entry_ids, f.place_ids)),
            "who": visible(", ".join(f.who)),
            "message": visible(f.message),
        }
        for f in findings
    ]
    # Each column at least as wide as its header (in cells: a Korean one is two a letter);
    # an id (entries, travellers) is never broken: the columns that hold them, stacked
    # too, are never narrower than the widest.
    headers = {k: _(h) for k, h in _FINDING_HEADERS.items()}
    least = {key: cell_len(header) for key, header in headers.items()}
    code_width = max(widest(_text(r["code"]) for r in rows), least["code"])
    who = Col(
        "who",
        headers["who"],
        min(max(widest(_text(r["who"]) for r in rows), least["who"]), LEAST_TEXT),
    )
    named = [_named(_text(r["entries"]), _text(r["who"])) for r in rows]
    who = replace(who, width=max(who.width, kept_whole(_text(r["who"]) for r in rows)))
    severity_width = max(widest(_text(r["severity"]) for r in rows), least["severity"])
    entries = whole("entries", headers["entries"], [_text(r["entries"]) for r in rows])
    entries = replace(entries, whole=max(entries.whole, kept_whole(named)))
    columns = [
        Col("severity", headers["severity"], severity_width),
        Col("code", headers["code"], code_width),
        entries,
        *([who] if trip.travellers else []),
        Col(
            "message",
            headers["message"],
            share=1,
            least=LEAST_TEXT,
            whole=kept_whole(_leading("", n) for n in named),
        ),
    ]
    named_steps = (
        Stack("who", under="entries", join=_named),
        Stack("entries", "message", _leading),
    )
    finding = Col("severity", _("Finding"), max(code_width, severity_width))
    stacked = Stack("code", under="severity", column=finding)
    table = fit(Table(columns, (named_steps, stacked)), printer)
    out = heading(printer, [visible(trip.title)], "italic")
    out += table.header()
    for row in rows:
        out += table.lines(row)
    printer.write(out)


_FINDING_HEADERS = {
    "severity": N_("Severity"),
    "code": N_("Code"),
    "entries": N_("Entries"),
    "who": N_("Who"),
    "message": N_("Message"),
}


def _named(ids: str, who: str) -> str:
    """A finding's entries in a line, with its travellers."""
    names = f" ({who})" if who else ""
    return f"{ids.replace(chr(10), ', ')}{names}"


def _leading(message: str, named: str) -> str:
    return f"{named}: {message}"


def findings_summary(findings: list[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return _("No findings.")
    return _("{errors}, {warnings}.").format(
        errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
        warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
    )
