"""Writing laid-out lines to a terminal or a pipe: plain text, or styled through Rich.

Rich does what it is for: the width of every character (`cell_len`), wrapping a long title
of wide characters (`Text.wrap`), styles and colour (`Console`); text that is all ASCII,
one cell a character, is measured by its length and wrapped by the standard library's
`textwrap`, a tenth of the cost, and wide characters by Rich's own line divider. Rich's
console is made (and imported) only when colour needs it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from textwrap import TextWrapper
from typing import TYPE_CHECKING, TextIO

from rich.cells import cell_len as _cell_len

if TYPE_CHECKING:
    from rich.console import Console

GAP = "  "  # between columns

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
        return _divided(text, width)


def _divided(text: str, width: int) -> list[str]:
    """Wide characters (Hangul, kanji) wrapped as Rich's `Text.wrap` wraps them, by the
    function it divides each line with (`rich._wrap.divide_line`: between words, folding
    a word wider than a line), without the Console that `Text.wrap` needs and that costs
    a sixth of start-up. tests/test_printer_wrap.py holds the two the same."""
    from rich._wrap import divide_line

    lines = []
    for paragraph in text.split("\n"):
        offsets = [0, *divide_line(paragraph, width, fold=True), len(paragraph)]
        lines += [paragraph[a:b].rstrip() for a, b in pairwise(offsets)]
    return [line for line in lines if line] or [""]


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
