"""Tables declared, and the one function that fits a declaration to a width.

A table says its columns (`Col`: a fixed column's width is its widest line and the least
it may be squeezed to its widest word, so a time or an offset is never cut; a flexible
column, titles and places, takes a share of the width left, never less than its least) and,
in order, what it gives up on a narrow terminal (`Drop` a column, said under the table;
`Stack` a column's cells under another's). `fit` takes the first layout that fits; when
none does, the last, its fixed columns squeezed to their widest words. What it returns
(`Fitted`) turns a row's cells, by column, into lines.

Rich's general `Table` measures every cell of every row before it prints one
(bench/results.md has the figures), and a trip has thousands of rows: the layout is
decided here once per table, from the widths the declaration gives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from tripplan.lang import _
from tripplan.render.printer import Cell, Line, Printer, Style, cell_len

RULE = "─"
# A flexible column (titles, places) is not made narrower than this: below it, columns are
# given up instead (a table's `gives_up`), and only when none is left to give up, down to LEAST.
LEAST_TEXT = 24
LEAST_PLACE = 16
LEAST = 10
# The widest word a table or a heading keeps whole past its width: an id or a path one
# copies (a longer word, a megabyte of title or of escaped control characters, folds).
WHOLE_WORD = 64


# -- declaring a table ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Col:
    """A column as a table declares it."""

    key: str  # the name a row's cell is given under
    header: str
    width: int = 0  # a fixed column's width: its widest line (0 for a flexible column)
    # A fixed column's widest word, the least it may be squeezed to (0: never squeezed);
    # a flexible column's least width.
    least: int = 0
    share: int = 0  # a flexible column's share of the width left (0: a fixed column)
    # What the column never goes below, even when nothing fits (an id: never broken); the
    # table is then wider than the terminal, the last resort.
    whole: int = 0


def below(upper: str, lower: str) -> str:
    """A stacked column's cell: its text on a line under the other's (none when empty)."""
    return f"{upper}\n{lower}" if lower else upper


@dataclass(frozen=True, slots=True)
class Drop:
    """Give up a column; `said`: name it under the table (else its cells are shown another
    way, such as a date on a line of its own)."""

    key: str
    said: bool = True


@dataclass(frozen=True, slots=True)
class Stack:
    """Put a column's cells into another's (`join`: how), in its style; `column` is what
    the other column becomes (its header and widths), when not as it was."""

    key: str
    under: str
    join: Callable[[str, str], str] = below
    column: Col | None = None


@dataclass(frozen=True, slots=True)
class Narrow:
    """Let a flexible column narrow to `least` (a title wraps in fewer cells), before the
    next step gives up a column."""

    key: str
    least: int = 0  # 0: LEAST


Action = Drop | Stack | Narrow
Step = Action | tuple[Action, ...]
Cells = Mapping[str, str | Cell]  # a row's cells by column: text, or (text, style)


@dataclass(frozen=True, slots=True)
class Table:
    columns: Sequence[Col]
    gives_up: Sequence[Step] = ()  # in order, on a narrow terminal
    # A mark before each row (`!`, `?`: the `mark` cell), one cell and a space wide.
    marked: bool = False


MARK = 2  # the mark's cells, with the space after it


def fixed(key: str, header: str, cells: Iterable[str], *, least: int = 0) -> Col:
    """A column of dates, times or clocks: as wide as its widest line, squeezed to no less
    than its widest word. Its header wraps between words, so the header's widest word
    (within reason: a long place name in a header folds instead of widening the column)
    is a floor under both, as is `least`."""
    texts = list(cells)
    floor = max(min(widest_word([header]), LEAST_TEXT), least)
    return Col(key, header, max(widest(texts), floor), least=max(widest_word(texts), floor))


def whole(key: str, header: str, cells: Iterable[str]) -> Col:
    """A column of ids: as wide as the widest (or its header's widest word), and never
    narrower, so no id is broken across lines. An id wider than WHOLE_WORD (its control
    characters escaped, a hostile file's) is no id one copies: it wraps in LEAST_TEXT."""
    texts = list(cells)
    kept = max(kept_whole(texts), widest_word([header]))
    width = max(kept, min(widest(texts), LEAST_TEXT))
    return Col(key, header, width, least=width, whole=kept)


def kept_whole(cells: Iterable[str]) -> int:
    """The widest word of `cells` that a table keeps whole: at most WHOLE_WORD wide, and
    with no control character `text.visible` escaped (copied, `\\u202e` is not the id the
    file holds: a hostile file's words wrap as any text does)."""
    lengths = (cell_len(word) for cell in cells for word in cell.split() if "\\" not in word)
    return max((n for n in lengths if n <= WHOLE_WORD), default=0)


# -- fitting it -------------------------------------------------------------------------------


@dataclass(slots=True)
class Column:
    header: str
    width: int = 0  # fixed columns: their widest cell; flexible ones: given by `fit`
    share: int = 0  # a flexible column's share of the width left (0: fixed width)
    # A flexible column's least width; a fixed column's widest word, the least it may be
    # squeezed to (0: its width: it is never squeezed, and a time is never cut).
    least: int = 0
    whole: int = 0  # never less, even squeezed (an id)


@dataclass(slots=True)
class Grid:
    """Columns laid out in a width; turns a row of cells into lines."""

    columns: list[Column]
    printer: Printer
    width: int = 0  # the table's width
    lead: int = 0  # the cells of the mark before each row (0: none)

    def fit(self, width: int) -> bool:
        """Give the flexible columns the width left; False when even their least
        widths do not fit."""
        width -= self.lead
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
        self.width = self.lead + (width if flexible else fixed + gaps)
        return True

    def squeeze(self, width: int) -> None:
        """Narrow the fixed columns, widest first, to no less than their widest word, so
        that the table fits `width` if it can (cells then wrap between words, and a time
        or an offset is never cut)."""
        flexible = [c for c in self.columns if c.share]
        for column in flexible:
            column.width = max(LEAST, column.whole)
        gaps = len(self.printer.gap) * (len(self.columns) - 1)
        over = sum(c.width for c in self.columns) + gaps + self.lead - width
        for column in sorted((c for c in self.columns if not c.share), key=lambda c: -c.width):
            if over <= 0:
                break
            cut = min(over, column.width - max(column.least or column.width, column.whole))
            column.width -= max(cut, 0)
            over -= max(cut, 0)
        if over < 0 and flexible:
            flexible[0].width -= over  # what is left goes to the titles
        self.width = sum(c.width for c in self.columns) + gaps + self.lead

    def header(self, style: Style = "bold") -> list[Line]:
        lines = self.lines([(c.header, style) for c in self.columns])
        return [*lines, [(RULE * self.width, None)]]

    def lines(self, cells: Sequence[Cell], mark: Cell = ("", None)) -> list[Line]:
        """One row's lines: each cell wrapped in its column, padded to line up; the mark,
        when the table has them, before the first."""
        wrap = self.printer.wrap
        wrapped: list[list[str]] = []
        for (text, _style), column in zip(cells, self.columns, strict=True):
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
            if self.lead:
                text, style = mark if n == 0 and mark[0] else (" ", None)
                line += [(text, style), (" " * (self.lead - cell_len(text)), None)]
            for i, ((_text, style), column, parts) in enumerate(
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
        text = line.replace("\u00a0", " ")
        # A word of ASCII wider than the terminal (an id, a traveller's name) stays whole:
        # the line is longer, the last resort; a word of wide characters folds.
        pieces = _whole_words(text, printer.width)
        for piece in pieces or printer.wrap(text, printer.width):
            out.append([(piece, style)])
    return out


def _whole_words(text: str, width: int) -> list[str] | None:
    """`text` wrapped between words only, when each word is ASCII and at most WHOLE_WORD
    wide; None when some word must fold."""
    from textwrap import wrap

    too_wide = [word for word in text.split() if len(word) > width]
    if not text.isascii() or any(len(w) > WHOLE_WORD or "\\" in w for w in too_wide):
        return None
    return wrap(text, max(width, 1), break_long_words=False, break_on_hyphens=False)


def unbroken(text: str) -> str:
    """Text a heading must not break (a date, a clock): its spaces made no-break."""
    return text.replace(" ", "\u00a0")


def left_out(printer: Printer, names: Sequence[str]) -> list[Line]:
    """The line under a table that says which columns a narrow terminal left out."""
    if not names:
        return []
    shown = ", ".join(names)
    note = _("Not shown at {width} columns: {columns}. A wider terminal shows it.").format(
        width=printer.width, columns=shown
    )
    return [[(piece, "dim")] for piece in printer.wrap(note, printer.width)]


@dataclass(slots=True)
class Fitted:
    """A table laid out in a width: its columns, and how a row's cells go into them."""

    grid: Grid
    keys: list[str]  # the columns shown, in order
    stacks: list[Stack] = field(default_factory=list)  # applied to each row, in order
    left_out: list[str] = field(default_factory=list)  # the columns said not shown

    def shows(self, key: str) -> bool:
        return key in self.keys

    def header(self, style: Style = "bold") -> list[Line]:
        return self.grid.header(style)

    def lines(self, row: Cells) -> list[Line]:
        """One row's lines; `row` holds each column's cell, text or (text, style), by key."""
        cells = {
            key: (value, None) if isinstance(value, str) else value for key, value in row.items()
        }
        for stack in self.stacks:
            (upper, style), (lower, _) = cells[stack.under], cells[stack.key]
            cells[stack.under] = (stack.join(upper, lower), style)
        mark = cells.get("mark", ("", None))
        return self.grid.lines([cells[key] for key in self.keys], mark)

    def note(self, printer: Printer) -> list[Line]:
        return left_out(printer, self.left_out)


def fit(table: Table, printer: Printer) -> Fitted:
    """The first layout of `table` whose columns fit the printer's width, giving up
    columns as the table says, in order; when none fits, the last, with its fixed columns
    wrapped between words (a time is never cut inside a word)."""
    columns = list(table.columns)
    fitted = Fitted(Grid([], printer), [])
    steps = iter(table.gives_up)
    while True:
        fitted.grid = Grid([_column(c) for c in columns], printer, lead=MARK * table.marked)
        fitted.keys = [c.key for c in columns]
        if fitted.grid.fit(printer.width):
            return fitted
        step = next(steps, None)
        if step is None:
            fitted.grid.squeeze(printer.width)
            return fitted
        for action in step if isinstance(step, tuple) else (step,):
            columns = _give_up(columns, action, fitted)


def _give_up(columns: list[Col], action: Action, fitted: Fitted) -> list[Col]:
    """The columns left once `action` is taken (its effect on rows noted in `fitted`)."""
    gone = next((c for c in columns if c.key == action.key), None)
    if isinstance(action, Narrow):
        least = action.least or LEAST
        return [replace(c, least=max(least, c.whole)) if c is gone else c for c in columns]
    if isinstance(action, Stack):
        fitted.stacks.append(action)
        if action.column is not None:
            columns = [
                replace(action.column, key=c.key) if c.key == action.under else c for c in columns
            ]
    elif gone is not None and action.said:
        fitted.left_out.append(_("the {header} column").format(header=gone.header))
    return [c for c in columns if c.key != action.key]


def _column(col: Col) -> Column:
    least = max(col.least, col.whole) if col.share else col.least
    return Column(col.header, col.width, share=col.share, least=least, whole=col.whole)
