"""The staff questions `where` and `reach` as tables, and `check` of several files
(render.staff_diff draws `diff`).

Laid out with render.table's pieces and by its rules: times and offsets are fixed-width
columns never cut, free text wraps in the width left, and on a narrow terminal columns
are first stacked, then given up, said under the table (`left_out`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import PurePath
from typing import TYPE_CHECKING

from tripplan import words
from tripplan.render.table import (
    LEAST,
    LEAST_PLACE,
    LEAST_TEXT,
    Cell,
    Column,
    Dates,
    Printer,
    fit,
    heading,
    left_out,
    print_findings,
    unbroken,
    widest,
    widest_word,
)
from tripplan.text import visible

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from tripplan.checks import FiledFinding
    from tripplan.model import Finding, Trip
    from tripplan.staff.reach import Reach, ReachDay, Window
    from tripplan.staff.where import Whereabouts


@dataclass(slots=True)
class _Shown:
    """Which columns a staff table shows at a width."""

    apart: bool = True  # a column of its own (else stacked under its neighbour)
    home: bool = True
    left_out: list[str] | None = None

    def drop_home(self, header: str) -> None:
        if self.home:
            self.home = False
            self.left_out = [*(self.left_out or []), f"the {header} column"]


def _home_header(homes: set[str]) -> str:
    return f"Home ({visible(next(iter(homes)))})" if len(homes) == 1 else "Home"


def _home_time(moment: datetime | None) -> str:
    return f"{words.day(moment, year=False)} {moment:%H:%M}" if moment else ""


def _when(day: date, moment: datetime, dates: Dates) -> str:
    """A moment on a clock, with its date where that is not `day`."""
    shown = words.clock(moment)
    return shown if moment.date() == day else f"{dates.day(moment.date())} {shown}"


# -- where ----------------------------------------------------------------------------------


def print_where(
    at: datetime, rows: list[Whereabouts], printer: Printer, today: date, zone: ZoneInfo
) -> None:
    """One row per traveller: where, their clock, the home clock, what now, what next."""
    local_dates = [row.local.date() for row in rows if row.local]
    dates = Dates.for_view(min(local_dates, default=None), max(local_dates, default=None), today)
    several = len({row.trip.file for row in rows}) > 1
    homes = {row.home.name for row in rows if row.home}
    home_header = _home_header(homes)
    cells = [_where_cells(row, dates, several) for row in rows]
    who_width = min(max(widest(c[0] for c in cells), 3), LEAST_TEXT)
    clock_width = max(widest(c[1].partition("\n")[2] for c in cells), 10)
    place_width = min(widest(c[1].partition("\n")[0] for c in cells), LEAST_TEXT)
    home_width = max(widest(c[2] for c in cells), 4)
    shown = _Shown(home=bool(homes))

    where_word = widest_word(c[1] for c in cells)
    home_word = widest_word(c[2] for c in cells)

    def columns() -> list[Column]:
        out = [
            Column("Who", who_width),
            Column("Where", max(clock_width, place_width), least=where_word),
        ]
        if shown.home:
            out.append(Column(home_header, home_width, least=home_word))
        out.append(Column("Now", share=1, least=LEAST_PLACE))
        if shown.apart:
            out.append(Column("Next", share=1, least=LEAST_PLACE))
        return out

    steps = [lambda: setattr(shown, "apart", False), lambda: shown.drop_home(home_header)]
    grid = fit(printer, columns, steps)
    instant = at.astimezone(zone)
    title = [
        "Where everyone is",
        unbroken(f"{words.day(instant, year=True)} {words.clock(instant)}"),
    ]
    out = heading(printer, title, "italic")
    out += grid.header()
    for who, where, home, now, upcoming in cells:
        row: list[Cell] = [(who, "bold"), (where, None)]
        if shown.home:
            row.append((home, None))
        if shown.apart:
            row += [(now, None), (upcoming, None)]
        else:
            row.append((f"{now}\nnext: {upcoming}", None))
        out += grid.lines(row)
    out += left_out(printer, shown.left_out or [])
    printer.write(out)


def _where_cells(row: Whereabouts, dates: Dates, several: bool) -> tuple[str, str, str, str, str]:
    """Who; where, with the date and clock there; the home clock; now; next."""
    who = visible(words.who([row.who]))
    if several:  # the file's name; JSON has the path
        who += f"\n{visible(PurePath(row.trip.file).name)}"
    local = row.local
    if local is None:
        return who, "", _home_time(row.home_local), words.idle(row.state), ""
    if row.leg is not None:
        place = visible(words.route(row.leg.origin, row.leg.destination))
    else:
        place = visible(row.place.name) if row.place else ""
    where = f"{place}\n{dates.day(local.date())}\n{words.clock(local)}"
    today = local.date()
    return who, where, _home_time(row.home_local), _now(row, today, dates), _next(row, today, dates)


def _now(row: Whereabouts, today: date, dates: Dates) -> str:
    if row.leg is not None:
        leg = row.leg
        arrives = _when(today, leg.end.astimezone(leg.destination.zone), dates)
        doing = "\n".join(words.on_leg(visible(leg.title), leg.mode, arrives, leg.end - row.at))
        if row.now is None:
            return doing
        return f"{doing}\n{_event(row, today, dates)}"
    return _event(row, today, dates) if row.now is not None else words.idle(row.state)


def _event(row: Whereabouts, today: date, dates: Dates) -> str:
    event = row.now
    if event is None:
        return words.idle(row.state)
    ends = _when(today, event.end.astimezone(event.place.zone), dates)
    return "\n".join(words.under_way(visible(event.title), ends, event.end - row.at))


def _next(row: Whereabouts, today: date, dates: Dates) -> str:
    nxt, until = row.next, row.until_next
    if nxt is None or until is None:
        return "nothing"
    starts = _when(today, nxt.start.astimezone(nxt.start_place.zone), dates)
    return "\n".join(words.upcoming(visible(words.title(nxt)), starts, until))


# -- reach ----------------------------------------------------------------------------------


def print_reach(view: Reach, printer: Printer, today: date) -> None:
    """A table per traveller (travellers with the same days share one): each day at a
    place, its windows in both clocks, or why it has none."""
    trip = view.trip
    if not view.days:
        printer.write(heading(printer, [f"{visible(trip.title)}: no days to reach anyone."]))
        return
    dates = Dates.for_view(min(d.date for d in view.days), max(d.date for d in view.days), today)
    home = trip.home
    home_header = _home_header({home.name} if home else set())
    for n, (names, days) in enumerate(_shared(view.days)):
        if n:
            printer.blank()
        parts = [", ".join(visible(name) for name in names)] if any(names) else []
        parts.append(f"windows of at least {words.human_length(view.least)}")
        parts.append(f"{words.hours(view.hours.start, view.hours.end)} on their clock")
        if home is not None:
            hours = words.hours(view.home_hours.start, view.home_hours.end)
            parts.append(f"{hours} in {visible(home.name)}")
        rows = [cells for day in days for cells in _reach_cells(day, view, dates)]
        _reach_table(printer, parts, rows, home_header if home else None)


def reach_cut(view: Reach) -> str:
    """The one line that says which days reach left out (`Reach.cut`), and how to see them."""
    from tripplan.staff.reach import MOST_DAYS, MOST_DAYS_IN_ALL

    most = 3
    shown = [f"{words.who([cut.who])} from {cut.since}" for cut in view.cut[:most]]
    if len(view.cut) > most:
        shown.append(f"… ({len(view.cut) - most} more)")
    days = sum(cut.days for cut in view.cut)
    return (
        f"reach: {days:,} days left out, past {MOST_DAYS:,} a traveller and"
        f" {MOST_DAYS_IN_ALL:,} in all ({visible(', '.join(shown))}); --from and --to show them"
    )


def _shared(days: list[ReachDay]) -> list[tuple[list[str], list[ReachDay]]]:
    """The days of each traveller, travellers with the same days and windows together."""
    by_who: dict[str, list[ReachDay]] = {}
    for day in days:
        by_who.setdefault(day.who, []).append(day)
    groups: list[tuple[list[str], list[ReachDay]]] = []
    for name, theirs in by_who.items():
        same = next((g for g in groups if _same_days(g[1], theirs)), None)
        if same is None:
            groups.append(([name], theirs))
        else:
            same[0].append(name)
    return groups


def _same_days(one: list[ReachDay], other: list[ReachDay]) -> bool:
    def key(days: list[ReachDay]) -> list[object]:
        return [
            (d.date, d.place.id, d.hours_meet, [(w.start, w.end) for w in d.windows]) for d in days
        ]

    return key(one) == key(other)


def _reach_cells(day: ReachDay, view: Reach, dates: Dates) -> list[tuple[str, str, str, str, str]]:
    date_text, place = dates.day(day.date), visible(day.place.name)
    if not day.windows:
        return [(date_text, place, "no window", "", words.no_window(day.hours_meet, view.least))]
    out = []
    for n, window in enumerate(day.windows):
        first = n == 0
        out.append(
            (
                date_text if first else "",
                place if first else "",
                _span(window.local_start, window.local_end),
                _home_span(window),
                words.human_length(window.length),
            )
        )
    return out


def _span(start: datetime, end: datetime) -> str:
    """A window on one clock: 16:00–18:00 PST UTC-08:00; across a change of the clock's
    offset, each end with its own; past midnight, the end's day shift."""
    shift = words.day_shift((end.date() - start.date()).days)
    ends = f"{end:%H:%M}" + (f" {shift}" if shift else "")
    if start.utcoffset() == end.utcoffset() and start.tzname() == end.tzname():
        return f"{start:%H:%M}–{ends} {words.zone(start)}"
    return f"{words.clock(start)}\n– {ends} {words.zone(end)}"


def _home_span(window: Window) -> str:
    start, end = window.home_start, window.home_end
    if start is None or end is None:
        return ""
    first = f"{words.day(start, year=False)} {start:%H:%M}"
    if end.date() == start.date():
        return f"{first}–{end:%H:%M}"
    return f"{first}\n– {words.day(end, year=False)} {end:%H:%M}"


def _reach_table(
    printer: Printer,
    parts: list[str],
    rows: list[tuple[str, str, str, str, str]],
    home_header: str | None,
) -> None:
    shown = _Shown(home=home_header is not None)
    date_width = max(widest(r[0] for r in rows), 4)
    place_width = min(max(widest(r[1] for r in rows), 5), LEAST_PLACE)
    local_width = max(widest(r[2] for r in rows), 10)
    home_width = max(widest(r[3] for r in rows), 4)
    # the least each may be squeezed to: its widest word, so no time is ever cut
    date_word, place_word = widest_word(r[0] for r in rows), widest_word(r[1] for r in rows)
    local_word, home_word = widest_word(r[2] for r in rows), widest_word(r[3] for r in rows)

    def columns() -> list[Column]:
        if shown.apart:
            out = [
                Column("Date", date_width, least=date_word),
                Column("Place", place_width, least=min(place_word, place_width)),
            ]
        else:
            out = [Column("Date", max(date_width, place_width), least=date_word)]
        out.append(Column("Local time", local_width, least=local_word))
        if shown.home and home_header:
            out.append(Column(home_header, home_width, least=home_word))
        out.append(Column("Length", share=1, least=LEAST))
        return out

    steps = [
        lambda: setattr(shown, "apart", False),
        lambda: shown.drop_home(home_header or "Home"),
    ]
    grid = fit(printer, columns, steps)
    out = heading(printer, parts, "bold")
    out += grid.header()
    for date_text, place, local, home, length in rows:
        if shown.apart:
            row: list[Cell] = [(date_text, None), (place, None)]
        else:
            row = [("\n".join(t for t in (date_text, place) if t), None)]
        row.append((local, None))
        if shown.home and home_header:
            row.append((home, None))
        row.append((length, None))
        out += grid.lines(row)
    out += left_out(printer, shown.left_out or [])
    printer.write(out)


# -- check, several files ---------------------------------------------------------------------


def print_filed_findings(
    trips: Sequence[Trip], found: list[FiledFinding], printer: Printer
) -> None:
    """Each file's findings under its title, then the overlaps across files (headed by
    the files they involve)."""
    from tripplan.render.table import findings_summary

    own: dict[str, list[Finding]] = {}
    for filed in found:
        if not filed.across:
            own.setdefault(filed.file, []).append(filed.finding)
    for n, trip in enumerate(trips):
        if n:
            printer.blank()
        if trip.file in own:
            print_findings(trip, own[trip.file], printer)
        else:
            printer.write(heading(printer, [f"{visible(trip.title)}: no findings."]))
    across = [f for f in found if f.across]
    if across:
        printer.blank()
        involved = {file for f in across for file in f.files}
        title = "Across files: " + ", ".join(visible(t.file) for t in trips if t.file in involved)
        travellers = tuple(dict.fromkeys(name for f in across for name in f.finding.who))
        findings = [f.finding for f in across]
        print_findings(replace(trips[0], title=title, travellers=travellers), findings, printer)
    printer.blank()
    printer.write(heading(printer, [findings_summary([f.finding for f in found])]))
