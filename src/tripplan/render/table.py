"""Views as tables, laid out once per table and written a row at a time.

Rich does what it is for: the width of every character (`cell_len`), wrapping a long title
of wide characters (`Text.wrap`), styles and colour (`Console`); text that is all ASCII,
one cell a character, is measured by its length and wrapped by the standard library's
`textwrap`, a tenth of the cost. The layout is decided here, once per table,
from what the columns hold: dates, times and offsets have known widths and are never cut;
titles and places wrap in the width that is left. Rich's general `Table` measures every
cell of every row before it prints one (bench/results.md has the figures), and a trip has
thousands of rows.

When the terminal is too narrow for every column, the table gives up columns in a fixed
order, and says so under the table when something is not shown at all (`Layout`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from textwrap import TextWrapper
from typing import TYPE_CHECKING, NamedTuple, TextIO

from rich.cells import cell_len as _cell_len

from tripplan import words
from tripplan.model import Finding, Travel, Trip
from tripplan.text import visible

if TYPE_CHECKING:  # `check` draws its table without loading the views
    from rich.console import Console

    from tripplan.timeline import ClockChange, Day
    from tripplan.views import Agenda, ClockRow, Itinerary, Row

GAP = "  "  # between columns
RULE = "─"
# A flexible column (titles, places) is not made narrower than this: below it, columns are
# given up instead (see `Layout`), and only when none is left to give up, down to LEAST.
LEAST_TEXT = 24
LEAST_PLACE = 16
LEAST = 10

Style = str | None
Cell = tuple[str, Style]  # text (our own line breaks kept), style
Line = list[tuple[str, Style]]


def cell_len(text: str) -> int:
    """The cells a text takes on a terminal (ASCII: one a character; `visible` has made
    control characters printable)."""
    return len(text) if text.isascii() else _cells_of(text)


@lru_cache(maxsize=4096)  # times with their dashes and arrows recur from row to row
def _cells_of(text: str) -> int:
    return _cell_len(text)


@lru_cache(maxsize=64)
def _wrapper(width: int) -> TextWrapper:
    return TextWrapper(width, break_on_hyphens=False, expand_tabs=False)


class Printer:
    """Writes laid-out lines: plain text to a pipe or a colourless terminal (no trailing
    spaces), or styled through Rich's console."""

    def __init__(self, stream: TextIO, *, width: int, color: bool, gap: str = GAP) -> None:
        self.stream = stream
        self.width = width
        self.color = color
        self.gap = gap  # between columns (a test draws rules there to check the layout)
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        """Rich's console, made (and imported: a sixth of start-up) only for colour, or
        to wrap a long text of wide characters."""
        if self._console is None:
            self._console = make_console(
                self.stream, width=self.width, color=self.color, force_terminal=self.color or None
            )
        return self._console

    def write(self, lines: Iterable[Line]) -> None:
        if not self.color:
            self.stream.write(
                "".join("".join(t for t, _ in line).rstrip() + "\n" for line in lines)
            )
            return
        from rich.text import Text

        styled = Text()
        for line in lines:
            drawn = Text.assemble(*[(piece, style or "") for piece, style in line])
            drawn.rstrip()
            styled.append_text(drawn)
            styled.append("\n")
        self.console.print(styled, end="", soft_wrap=True)

    def blank(self) -> None:
        self.stream.write("\n")

    def wrap(self, text: str, width: int) -> list[str]:
        """A paragraph of free text in lines of at most `width` cells, broken between
        words where it can be and inside a word where it must."""
        if cell_len(text) <= width:
            return [text]
        width = max(width, 1)
        if cell_len(text) == len(text) and max(map(len, text.split()), default=0) <= width:
            # Every character one cell wide (ASCII, accents, arrows) and no word longer
            # than a line: textwrap breaks where Rich would. (A longer word Rich starts
            # on a line of its own before folding it; textwrap does not.)
            return _wrapper(width).wrap(text) or [""]
        from rich.text import Text

        lines = Text(text).wrap(self.console, width, overflow="fold")
        return [line.plain.rstrip() for line in lines] or [""]


def make_console(
    file: object, *, width: int | None, color: bool, force_terminal: bool | None = None
) -> Console:
    from rich.console import Console

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


# -- laying out ---------------------------------------------------------------------------


@dataclass(slots=True)
class Column:
    header: str
    width: int = 0  # fixed columns: their widest cell; flexible ones: given by `fit`
    share: int = 0  # a flexible column's share of the width left (0: fixed width)
    # A flexible column's least width; a fixed column's widest word, the least it may be
    # squeezed to (0: its width: it is never squeezed, and a time is never cut).
    least: int = 0


@dataclass(slots=True)
class Grid:
    """Columns laid out in a width; turns a row of cells into lines."""

    columns: list[Column]
    printer: Printer
    width: int = 0  # the table's width

    def fit(self, width: int) -> bool:
        """Give the flexible columns the width left; False when even their least
        widths do not fit."""
        fixed = sum(c.width for c in self.columns if not c.share)
        gaps = len(self.printer.gap) * (len(self.columns) - 1)
        free = width - fixed - gaps
        flexible = [c for c in self.columns if c.share]
        if free < sum(c.least for c in flexible):
            return False
        shares = sum(c.share for c in flexible)
        extra = free - sum(c.least for c in flexible)
        left = free
        for n, column in enumerate(flexible):
            last = n == len(flexible) - 1
            column.width = left if last else column.least + extra * column.share // shares
            left -= column.width
        self.width = width if flexible else fixed + gaps
        return True

    def squeeze(self, width: int) -> None:
        """Narrow the fixed columns, widest first, to no less than their widest word, so
        that the table fits `width` if it can (cells then wrap between words, and a time
        or an offset is never cut)."""
        flexible = [c for c in self.columns if c.share]
        for column in flexible:
            column.width = LEAST
        gaps = len(self.printer.gap) * (len(self.columns) - 1)
        over = sum(c.width for c in self.columns) + gaps - width
        for column in sorted((c for c in self.columns if not c.share), key=lambda c: -c.width):
            if over <= 0:
                break
            cut = min(over, column.width - (column.least or column.width))
            column.width -= max(cut, 0)
            over -= max(cut, 0)
        if over < 0 and flexible:
            flexible[0].width -= over  # what is left goes to the titles
        self.width = sum(c.width for c in self.columns) + gaps

    def header(self, style: Style = "bold") -> list[Line]:
        lines = self.lines([(c.header, style) for c in self.columns])
        return [*lines, [(RULE * self.width, None)]]

    def lines(self, cells: Sequence[Cell]) -> list[Line]:
        """One row's lines: each cell wrapped in its column, padded to line up."""
        wrap = self.printer.wrap
        wrapped: list[list[str]] = []
        for (text, _), column in zip(cells, self.columns, strict=True):
            if "\n" not in text:
                wrapped.append(wrap(text, column.width))
                continue
            parts: list[str] = []
            for paragraph in text.split("\n"):
                parts.extend(wrap(paragraph, column.width))
            wrapped.append(parts)
        height = max(map(len, wrapped))
        gap = (self.printer.gap, None)
        last = len(self.columns) - 1
        out: list[Line] = []
        for n in range(height):
            line: Line = []
            for i, ((_, style), column, parts) in enumerate(
                zip(cells, self.columns, wrapped, strict=True)
            ):
                text = parts[n] if n < len(parts) else ""
                if i:
                    line.append(gap)
                line.append((text, style))
                if i != last:  # the last column's padding would be trailing spaces
                    line.append((" " * (column.width - cell_len(text)), None))
            out.append(line)
        return out


def widest(cells: Iterable[str]) -> int:
    """The widest line of any of `cells`."""
    return max((cell_len(line) for cell in cells for line in cell.split("\n")), default=0)


def widest_word(cells: Iterable[str]) -> int:
    """The widest word of any of `cells`: what a squeezed column must still hold."""
    return max((cell_len(word) for cell in cells for word in cell.split()), default=0)


def heading(printer: Printer, parts: Sequence[str], style: Style = None) -> list[Line]:
    """A title or a day's heading: its parts joined by ` · `, wrapped at the terminal's
    width between parts, and inside a part only between its words (a part's dates and
    clocks are written with no-break spaces, so they stay whole)."""

    def fits(text: str) -> bool:
        return cell_len(text.replace("\u00a0", " ")) <= printer.width

    lines: list[str] = []
    current = ""
    for n, part in enumerate(parts):
        tail = " ·" if n < len(parts) - 1 else ""  # room for the dot another part needs
        joined = f"{current} · {part}" if current else part
        if fits(joined + tail):
            current = joined
            continue
        if current:  # the dot, unless it would stand on a line of its own
            lines.append(current + " ·" if fits(current + " ·") else current)
        current = ""
        words_ = part.split(" ")
        for m, word in enumerate(words_):
            end = tail if m == len(words_) - 1 else ""
            candidate = f"{current} {word}" if current else word
            if current and not fits(candidate + end):
                lines.append(current)
                candidate = word
            current = candidate
    if current:
        lines.append(current)
    out: list[Line] = []
    for line in lines:
        for piece in printer.wrap(line.replace("\u00a0", " "), printer.width):
            out.append([(piece, style)])
    return out


def unbroken(text: str) -> str:
    """Text a heading must not break (a date, a clock): its spaces made no-break."""
    return text.replace(" ", "\u00a0")


def left_out(printer: Printer, names: Sequence[str]) -> list[Line]:
    """The line under a table that says which columns a narrow terminal left out."""
    if not names:
        return []
    shown = ", ".join(names)
    note = f"Not shown at {printer.width} columns: {shown}. A wider terminal shows it."
    return [[(piece, "dim")] for piece in printer.wrap(note, printer.width)]


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
    start, end = row.start, row.end
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        assert not isinstance(start, datetime) and not isinstance(end, datetime)
        return "\n".join(words.all_day(start, end, year=dates.year))
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


@dataclass(slots=True)
class Layout:
    """Which columns a table shows at a width, and what it had to leave out."""

    where: bool = True  # a column of its own for the place (else under the title)
    dates: bool = True  # a date column (else a line with the date where it changes)
    home: bool = True  # a column for the home clock
    left_out: list[str] = field(default_factory=list)


def print_itinerary(view: Itinerary, printer: Printer, today: date) -> None:
    from tripplan.views import ClockRow

    trip = view.trip
    rows = list(view.items)
    dates = Dates.for_view(*_date_span(rows), today)
    home = trip.home if trip.home is not None and view.zone is not trip.home.zone else None
    time_header = f"Time ({view.zone.key})" if view.zone is not None else "Local time"
    home_header = f"Home ({visible(home.name)})" if home else ""

    def cells(item: Row | ClockRow) -> tuple[str, str, str, str, str, Style]:
        if isinstance(item, ClockRow):
            return _clock_cells(item, dates, view.zone is not None)
        entry = item.entry
        return (
            dates.day(item.start),
            time_cell(item, dates),
            home_cell(item),
            visible(words.title(entry)),
            visible(words.place(entry)),
            None,
        )

    # The widths of the date, time and home columns follow from each row's shape alone
    # (digits have one width): each shape's cells are made once to measure them.
    widths, words_ = [0, 0, 0], [0, 0, 0]
    measured = set()
    for item in rows:
        shape = _shape(item)
        if shape not in measured:
            measured.add(shape)
            fixed = cells(item)[:3]
            widths = [max(w, widest([t])) for w, t in zip(widths, fixed, strict=True)]
            words_ = [max(w, widest_word([t])) for w, t in zip(words_, fixed, strict=True)]
    layout, grid = _fit_itinerary(printer, widths, words_, time_header, home_header, bool(home))
    printer.write(heading(printer, [visible(trip.title)], "italic"))
    printer.write(grid.header())
    shown_date = None
    for item in rows:
        date_text, time_text, home_text, title, where, style = cells(item)
        out: list[Line] = []
        if not layout.dates and date_text != shown_date:
            out.append([(date_text, "bold")])
        shown_date = date_text
        row: list[Cell] = [(date_text, None)] if layout.dates else []
        row.append((time_text, style))
        if layout.home:
            row.append((home_text, None))
        if layout.where:
            row += [(title, style), (where, None)]
        else:
            row.append((f"{title}\n{where}" if where else title, style))
        out += grid.lines(row)
        printer.write(out)
    printer.write(left_out(printer, layout.left_out))


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
    start, end = item.start, item.end
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        return ("all day", start == end, item.home is None)
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
    from tripplan.views import ClockRow

    dates = [
        (item.shown.date() if isinstance(item, ClockRow) else _as_date(item.start)) for item in rows
    ] + [_as_date(item.end) for item in rows if not isinstance(item, ClockRow)]
    return (min(dates), max(dates)) if dates else (None, None)


def _as_date(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _clock_cells(
    item: ClockRow, dates: Dates, in_one_zone: bool
) -> tuple[str, str, str, str, str, Style]:
    change = item.change
    home = item.home_at
    home_text = words.day_time(home) if home else ""
    if in_one_zone:
        time_text = words.clock(item.shown)
        title = f"◷ {change_reason(change)}{_who(item.who)}: {change_clocks(change)}"
    else:
        time_text = f"{words.clock(change.before)}\n→ {words.clock(change.after)}"
        title = f"◷ {change_reason(change)}{_who(item.who)}"
    return (dates.day(item.shown), time_text, home_text, title, visible(change.place.name), "bold")


def change_reason(change: ClockChange) -> str:
    return words.change_reason(
        change.cause, visible(change.place.name), change.offset_before, change.offset_after
    )


def change_clocks(change: ClockChange) -> str:
    return words.clock_change(change.before, change.after)


def _fit_itinerary(
    printer: Printer,
    widths: list[int],
    words_: list[int],
    time_header: str,
    home_header: str,
    has_home: bool,
) -> tuple[Layout, Grid]:
    layout = Layout(home=has_home)

    def fixed(header: str, n: int) -> Column:
        least = max(words_[n], _least_header(header))
        return Column(header, max(widths[n], _least_header(header)), least=least)

    def columns() -> list[Column]:
        shown = [fixed("Date", 0)] if layout.dates else []
        shown.append(fixed(time_header, 1))
        if layout.home:
            shown.append(fixed(home_header, 2))
        shown.append(Column("Entry", share=3, least=LEAST_TEXT))
        if layout.where:
            shown.append(Column("Where", share=2, least=LEAST_PLACE))
        return shown

    steps = [
        lambda: setattr(layout, "dates", False),
        lambda: setattr(layout, "where", False),
        lambda: _drop(layout, "home", home_header),
    ]
    return layout, fit(printer, columns, steps)


def fit(
    printer: Printer, columns: Callable[[], list[Column]], steps: Sequence[Callable[[], object]]
) -> Grid:
    """The grid of the first layout whose columns fit the width, giving up columns by
    `steps`, in order; when none fits, the last, with its fixed columns wrapped between
    words (a time is never cut inside a word)."""
    for step in [*steps, None]:
        grid = Grid(columns(), printer)
        if grid.fit(printer.width):
            return grid
        if step is None:
            grid.squeeze(printer.width)
            return grid
        step()
    raise AssertionError("unreachable")


def _drop(layout: Layout, name: str, header: str) -> None:
    if getattr(layout, name):
        setattr(layout, name, False)
        layout.left_out.append(f"the {header} column")


def _least_header(header: str) -> int:
    """A header wraps between words; its longest word sets the least width (within
    reason: a long place name in a header folds instead of widening the column)."""
    return min(max((cell_len(word) for word in header.split()), default=0), LEAST_TEXT)


# -- the agenda -------------------------------------------------------------------------------


_NO_ENTRIES = "no entries that day, only the clock change above"


def print_agenda(view: Agenda, printer: Printer, today: date) -> None:
    """A table for each day (travellers whose day is the same share one), each printed as
    soon as it is made: a season has thousands."""
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
        _print_day(view, printer, (travellers, day), dates, has_home=has_home)


def _print_day(
    view: Agenda,
    printer: Printer,
    shared: tuple[Sequence[str], Day],
    dates: Dates,
    *,
    has_home: bool,
) -> None:
    """One day's heading and table, for the travellers who share it."""
    travellers, day = shared
    rows = view.rows(day)
    if not rows:  # a day that only holds a clock change: its heading says it all
        out = heading(printer, day_heading(view, travellers, day, dates), "bold")
        printer.write([*out, [(_NO_ENTRIES, None)]])
        return
    cells = [
        (
            time_cell(row, dates),
            home_cell(row),
            visible(words.title(row.entry)),
            visible(words.place(row.entry)),
        )
        for row in rows
    ]
    layout = Layout(home=has_home)
    time_column = Column("Time", max(widest(c[0] for c in cells), 4))
    time_column.least = max(widest_word(c[0] for c in cells), 4)
    home_column = Column("Home", max(widest(c[1] for c in cells), 4))
    home_column.least = max(widest_word(c[1] for c in cells), 4)

    def columns(
        layout: Layout = layout, time: Column = time_column, home: Column = home_column
    ) -> list[Column]:
        shown = [Column(time.header, time.width, least=time.least)]
        if layout.home:
            shown.append(Column(home.header, home.width, least=home.least))
        shown.append(Column("Entry", share=3, least=LEAST_TEXT))
        if layout.where:
            shown.append(Column("Where", share=2, least=LEAST_PLACE))
        return shown

    steps = [
        lambda layout=layout: setattr(layout, "where", False),
        lambda layout=layout: _drop(layout, "home", "Home"),
    ]
    grid = fit(printer, columns, steps)
    out = heading(printer, day_heading(view, travellers, day, dates), "bold")
    out += grid.header()
    for time_text, home_text, title, where in cells:
        row: list[Cell] = [(time_text, None)]
        if layout.home:
            row.append((home_text, None))
        if layout.where:
            row += [(title, None), (where, None)]
        else:
            row.append((f"{title}\n{where}", None))
        out += grid.lines(row)
    out += left_out(printer, layout.left_out)
    printer.write(out)


def day_heading(view: Agenda, travellers: Sequence[str], day: Day, dates: Dates) -> list[str]:
    """Who, the date, the place, the clock when the day begins, the home clock then, a
    repeat, and each clock change within the day."""
    begins = day.begins.astimezone(day.zone)
    parts = [", ".join(visible(t) for t in travellers)] if any(travellers) else []
    parts.append(unbroken(words.day(day.date, year=True)))
    parts.append(visible(day.place.name) if day.place else day.zone.key)
    midnight = begins.hour == begins.minute == 0
    parts.append(
        unbroken(words.zone(begins)) if midnight else f"from {unbroken(words.clock(begins))}"
    )
    home = view.trip.home
    if home is not None and home.zone is not day.zone:
        at_home = day.begins.astimezone(home.zone)
        parts.append(f"{visible(home.name)} clock at start: {unbroken(words.day_time(at_home))}")
    if day.repeat:
        parts.append("this date again: the clock went back")
    for change in day.changes:
        clocks = f"{unbroken(words.clock(change.before))} → {unbroken(words.clock(change.after))}"
        parts.append(f"{change_reason(change)}: {clocks}")  # on this date (change_day)
    return parts


# -- the findings -----------------------------------------------------------------------------


@dataclass(slots=True)
class _FindingsLayout:
    apart: bool = True  # severity and code in columns of their own (else one above the other)
    named: bool = True  # entries and travellers in columns of their own (else in the message)
    who: bool = True  # a column for the travellers (a trip that names some)


def print_findings(trip: Trip, findings: list[Finding], printer: Printer) -> None:
    """Severity, code, entries, who, message; on a narrow terminal the entries and
    travellers lead the message, then the code goes under the severity."""
    layout = _FindingsLayout(who=bool(trip.travellers))
    rows = [
        (
            f.severity,
            f.code,
            [visible(i) for i in f.entry_ids],
            visible(", ".join(f.who)),
            visible(f.message),
            "bold red" if f.severity == "error" else "yellow",
        )
        for f in findings
    ]
    code_width = widest(r[1] for r in rows)
    ids_width = min(max(widest(i for r in rows for i in r[2]), 7), LEAST_TEXT)
    who_width = min(max(widest(r[3] for r in rows), 3), LEAST_TEXT)

    def columns() -> list[Column]:
        if layout.apart:
            shown = [Column("Severity", 8), Column("Code", max(code_width, 4))]
        else:
            shown = [Column("Finding", max(code_width, 8))]
        if layout.named:
            shown.append(Column("Entries", ids_width))
            if layout.who:
                shown.append(Column("Who", who_width))
        shown.append(Column("Message", share=1, least=LEAST_TEXT))
        return shown

    steps = [lambda: setattr(layout, "named", False), lambda: setattr(layout, "apart", False)]
    grid = fit(printer, columns, steps)
    out = heading(printer, [visible(trip.title)], "italic")
    out += grid.header()
    for severity, code, ids, who, message, style in rows:
        row: list[Cell] = (
            [(severity, style), (code, None)] if layout.apart else [(f"{severity}\n{code}", style)]
        )
        if layout.named:
            row.append(("\n".join(ids), None))
            if layout.who:
                row.append((who, None))
        else:
            names = f" ({who})" if who else ""
            message = f"{', '.join(ids)}{names}: {message}"
        row.append((message, None))
        out += grid.lines(row)
    printer.write(out)


def findings_summary(findings: list[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return "No findings."
    return f"{_count(errors, 'error')}, {_count(warnings, 'warning')}."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
