"""The staff questions `where` and `reach` as tables, and `check` of several files
(render.staff_diff draws `diff`).

Laid out with render.table's pieces and by its rules: times and offsets are fixed-width
columns never cut, free text wraps in the width left, and on a narrow terminal columns
are first stacked, then given up, said under the table (`left_out`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import PurePath
from typing import TYPE_CHECKING

from tripplan import words
from tripplan.lang import _
from tripplan.render.layout import (
    LEAST,
    LEAST_PLACE,
    LEAST_TEXT,
    Col,
    Drop,
    Stack,
    Table,
    fit,
    heading,
    kept_whole,
    unbroken,
    widest,
    widest_word,
)
from tripplan.render.printer import Printer
from tripplan.render.table import Dates, print_findings
from tripplan.text import visible

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from tripplan.checks import FiledFinding
    from tripplan.model import Finding, Trip
    from tripplan.staff.reach import Reach, ReachDay, Window
    from tripplan.staff.where import Whereabouts


def _home_header(homes: set[str]) -> str:
    if len(homes) == 1:
        return _("Home ({place})").format(place=visible(next(iter(homes))))
    return _("Home")


def _floor(header: str, least: int) -> int:
    """A fixed column's least width: `least`, or its header's widest word where that is
    wider (a header in another language: a word is never cut)."""
    return max(least, widest_word([header]))


def _home_time(moment: datetime | None) -> str:
    return words.day_time(moment) if moment else ""


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
    who, where, home = _("Who"), _("Where"), home_header
    # a traveller's id and the file's name are never broken across lines
    who_word = kept_whole(c["who"] for c in cells)
    who_width = max(min(max(widest(c["who"] for c in cells), _floor(who, 3)), LEAST_TEXT), who_word)
    clock_width = max(widest(c["where"].partition("\n")[2] for c in cells), _floor(where, 10))
    place_width = min(widest(c["where"].partition("\n")[0] for c in cells), LEAST_TEXT)
    where_word = widest_word(c["where"] for c in cells)
    columns = [
        Col("who", who, who_width, whole=who_word),
        Col("where", where, max(clock_width, place_width), least=where_word),
        *(
            [
                Col(
                    "home",
                    home,
                    max(widest(c["home"] for c in cells), _floor(home, 4)),
                    least=widest_word(c["home"] for c in cells),
                )
            ]
            if homes
            else []
        ),
        Col("now", _("Now"), share=1, least=LEAST_PLACE),
        Col("next", _("Next"), share=1, least=LEAST_PLACE),
    ]
    steps = (Stack("next", under="now", join=_next_under_now), Drop("home"))
    table = fit(Table(columns, steps), printer)
    instant = at.astimezone(zone)
    title = [
        _("Where everyone is"),
        unbroken(f"{words.day(instant, year=True)} {words.clock(instant)}"),
    ]
    out = heading(printer, title, "italic")
    out += table.header()
    for row in cells:
        out += table.lines({**row, "who": (row["who"], "bold")})
    out += table.note(printer)
    printer.write(out)


def _next_under_now(now: str, upcoming: str) -> str:
    """Next stacked under Now, on a narrow terminal: labelled."""
    return f"{now}\n" + _("next: {next}").format(next=upcoming)


def _where_cells(row: Whereabouts, dates: Dates, several: bool) -> dict[str, str]:
    """Who; where, with the date and clock there; the home clock; now; next."""
    who = visible(words.who([row.who]))
    if several:  # the file's name; JSON has the path
        who += f"\n{visible(PurePath(row.trip.file).name)}"
    local, home = row.local, _home_time(row.home_local)
    if local is None:
        now = "\n".join([words.idle(row.state), *_staying(row)])
        return {"who": who, "where": "", "home": home, "now": now, "next": ""}
    if row.leg is not None:
        place = visible(words.route(row.leg.origin, row.leg.destination))
    else:
        place = visible(row.place.name) if row.place else ""
    where = f"{place}\n{dates.day(local.date())}\n{words.clock(local)}"
    today = local.date()
    now = "\n".join([_now(row, today, dates), *_double(row), *_staying(row)])
    upcoming = _next(row, today, dates)
    return {"who": who, "where": where, "home": home, "now": now, "next": upcoming}


def _double(row: Whereabouts) -> list[str]:
    """The other entries under way at the instant, when they are double-booked (each of
    another file than the row's with the file's name)."""
    shown = {id(row.now), id(row.leg)}
    said = []
    for entry, file in row.double_booked:
        if id(entry) in shown:
            continue
        title = visible(words.title(entry))
        if file != row.trip.file:
            title += f" ({visible(PurePath(file).name)})"
        said.append(_("double-booked: {title}").format(title=title))
    return said


def _staying(row: Whereabouts) -> list[str]:
    """The lodging that covers the instant: staying at The Westin Bonaventure, 404 S
    Figueroa St."""
    if row.lodging is None:
        return []
    stay = row.lodging.lodging
    name = visible(stay.title) + (f", {visible(stay.address)}" if stay.address else "")
    return [_("staying at {lodging}").format(lodging=name)]


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
        return _("nothing")
    starts = _when(today, nxt.start.astimezone(nxt.start_place.zone), dates)
    return "\n".join(words.upcoming(visible(words.title(nxt)), starts, until))


# -- reach ----------------------------------------------------------------------------------


def print_reach(view: Reach, printer: Printer, today: date) -> None:
    """A table per traveller (travellers with the same days share one): each day at a
    place, its windows in both clocks, or why it has none."""
    trip = view.trip
    if not view.days:
        said = _("{title}: no days to reach anyone.").format(title=visible(trip.title))
        printer.write(heading(printer, [said]))
        return
    dates = Dates.for_view(min(d.date for d in view.days), max(d.date for d in view.days), today)
    home = trip.home
    home_header = _home_header({home.name} if home else set())
    for n, (names, days) in enumerate(_shared(view.days)):
        if n:
            printer.blank()
        parts = [", ".join(visible(name) for name in names)] if any(names) else []
        least = words.human_length(view.least)
        parts.append(_("windows of at least {length}").format(length=least))
        hours = words.hours(view.hours.start, view.hours.end)
        parts.append(_("{hours} on their clock").format(hours=hours))
        if home is not None:
            hours = words.hours(view.home_hours.start, view.home_hours.end)
            parts.append(_("{hours} in {place}").format(hours=hours, place=visible(home.name)))
        rows = [cells for day in days for cells in _reach_cells(day, view, dates)]
        _reach_table(printer, parts, rows, home_header if home else None)


def reach_cut(view: Reach) -> str:
    """The one line that says which days reach left out (`Reach.cut`), and how to see them."""
    from tripplan.staff.reach import MOST_DAYS, MOST_DAYS_IN_ALL

    most = 3
    shown = [
        _("{who} from {date}").format(who=words.who([cut.who]), date=cut.since)
        for cut in view.cut[:most]
    ]
    if len(view.cut) > most:
        shown.append(_("… ({n} more)").format(n=len(view.cut) - most))
    said = _(
        "reach: {days} days left out, past {most} a traveller and {all} in all ({who});"
        " --from and --to show them"
    )
    return said.format(
        days=f"{sum(cut.days for cut in view.cut):,}",
        most=f"{MOST_DAYS:,}",
        all=f"{MOST_DAYS_IN_ALL:,}",
        who=visible(", ".join(shown)),
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
        return [(d.date, d.place.id, d.reason, [(w.start, w.end) for w in d.windows]) for d in days]

    return key(one) == key(other)


def _reach_cells(day: ReachDay, view: Reach, dates: Dates) -> list[dict[str, str]]:
    date_text, place = dates.day(day.date), visible(day.place.name)
    if not day.windows:
        why = _no_window(day, view.least)
        return [
            {"date": date_text, "place": place, "local": _("no window"), "home": "", "length": why}
        ]
    return [
        {
            "date": date_text if n == 0 else "",
            "place": place if n == 0 else "",
            "local": _span(window.local_start, window.local_end),
            "home": _home_span(window),
            "length": words.human_length(window.length),
        }
        for n, window in enumerate(day.windows)
    ]


def _no_window(day: ReachDay, least: timedelta) -> str:
    """Why a day has no call window (`ReachDay.reason`)."""
    if day.reason == "in-transit":
        return _("in transit during shared hours")
    if day.reason == "not-there":
        return _("not there during shared hours")
    return words.no_window(day.reason != "hours-do-not-meet", least)


def _span(start: datetime, end: datetime) -> str:
    """A window on one clock: 16:00–18:00 PST UTC-08:00; across a change of the clock's
    offset, each end with its own; past midnight, the end's day shift."""
    shift = words.day_shift((end.date() - start.date()).days)
    ends = words.wall(end) + (f" {shift}" if shift else "")
    if start.utcoffset() == end.utcoffset() and start.tzname() == end.tzname():
        return f"{words.wall(start)}–{ends} {words.zone(start)}"
    return f"{words.clock(start)}\n– {ends} {words.zone(end)}"


def _home_span(window: Window) -> str:
    start, end = window.home_start, window.home_end
    if start is None or end is None:
        return ""
    if end.date() == start.date():
        return f"{words.day_time(start)}–{words.wall(end)}"
    return f"{words.day_time(start)}\n– {words.day_time(end)}"


def _reach_table(
    printer: Printer, parts: list[str], rows: list[dict[str, str]], home_header: str | None
) -> None:
    """Date, place, the window on the local clock and on the home clock, its length; on
    a narrow terminal the place goes under the date, then the home clock is given up."""

    def column(key: str, header: str, floor: int) -> Col:
        cells = [r[key] for r in rows]
        return Col(key, header, max(widest(cells), _floor(header, floor)), least=widest_word(cells))

    date, place = column("date", _("Date"), 4), column("place", _("Place"), 5)
    # a long place name wraps (between words: its widest word is the least it is given)
    place = replace(place, width=min(place.width, LEAST_PLACE), least=min(place.least, LEAST_PLACE))
    columns = [
        date,
        place,
        column("local", _("Local time"), 10),
        *([column("home", home_header, 4)] if home_header else []),
        Col("length", _("Length"), share=1, least=LEAST),
    ]
    stacked = replace(date, width=max(date.width, place.width))
    steps = (Stack("place", under="date", column=stacked), Drop("home"))
    table = fit(Table(columns, steps), printer)
    out = heading(printer, parts, "bold")
    out += table.header()
    for row in rows:
        out += table.lines(row)
    out += table.note(printer)
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
            said = _("{title}: no findings.").format(title=visible(trip.title))
            printer.write(heading(printer, [said]))
    across = [f for f in found if f.across]
    if across:
        printer.blank()
        involved = {file for f in across for file in f.files}
        files = ", ".join(visible(t.file) for t in trips if t.file in involved)
        title = _("Across files: {files}").format(files=files)
        travellers = tuple(dict.fromkeys(name for f in across for name in f.finding.who))
        findings = [f.finding for f in across]
        print_findings(replace(trips[0], title=title, travellers=travellers), findings, printer)
    printer.blank()
    printer.write(heading(printer, [findings_summary([f.finding for f in found])]))
