"""A trip file as lines, cut into the blocks its table headers begin.

Edits splice text: an entry's lines are replaced, removed or inserted, and every other
byte of the file is copied as it was. tomlkit alone cannot do that here: it regroups an
array of tables written in pieces (the sample trip interleaves `[[travel]]` and
`[[events]]`) when it writes the document back. So this module finds the lines of each
table, knowing enough TOML (strings, multi-line strings and values, comments) that a
`[[events]]` inside a string is not a header, and tomlkit edits one entry's lines at a time.

An entry's lines: its header, the lines of its keys (a multi-line value and comments
between keys included), and comment lines directly below its last key. Blank lines and
comments after a blank line belong to no entry: they stay where they are.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from typing import overload

from tripplan.errors import TripError

BLANK, COMMENT, VALUE = "blank", "comment", "value"

# The common header, bare keys only: [[events]], [places.la]; quoted keys go to tomllib.
_BARE_HEADER = re.compile(
    r"(\[\[?)[ \t]*([A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*)[ \t]*(\]\]?)[ \t]*(?:#.*)?"
)
# Outside strings: what changes the scanner's state. Single-line strings are matched whole.
_TOKEN = re.compile(r'"""|\'\'\'|"(?:[^"\\]|\\.)*"|\'[^\']*\'|#|[\[\]{}]')
_QUIET = re.compile(r"[\"'#\[\]{}]")
# Most lines of a trip: a bare key and a value that opens nothing it does not close (a
# basic string without escapes, a number or a date, an array of such strings), perhaps a
# comment. Such a line is a VALUE and leaves no string or bracket open: no need to scan.
# Every quantifier is possessive and every group atomic: a line matches one way or not at
# all, so no text makes these patterns backtrack (a file of 12 KB once took minutes).
_KEY = r"[A-Za-z0-9_-]++"
_COMMENT = r"(?>#[^\n]*+)?+"
_PLAIN = (
    rf"[ \t]*+{_KEY}[ \t]*+=[ \t]*+"
    r'(?>"[^"\\\n]*+"|[A-Za-z0-9:.+-]++|\[(?>[ \t]*+"[^"\\\n]*+"[ \t]*+,?+)*+[ \t]*+\])'
    rf"[ \t]*+{_COMMENT}"
)
_PLAIN_LINE = re.compile(_PLAIN + r"\r?+\n?+")
_PLAIN_RUN = re.compile(rf"(?>{_PLAIN}\r?+\n)++")
# A text of such lines, blank lines, comments and bare headers only, each ending in LF:
# every line's kind then shows in its first character (after blanks), found in C.
_SIMPLE_TEXT = re.compile(
    rf"(?>{_PLAIN}\r?+\n"
    rf"|[ \t]*+{_COMMENT}\r?+\n"
    rf"|[ \t]*+\[\[?+[ \t]*+{_KEY}(?>[ \t]*+\.[ \t]*+{_KEY})*+[ \t]*+\]\]?+"
    rf"[ \t]*+{_COMMENT}\r?+\n)*+"
)
_LINE_KIND = re.compile(r"^[ \t]*([#\[]|\r?$)", re.M)


class UnscannableError(TripError):
    """The file's layout is beyond what edits can splice safely (never a valid edit lost)."""


@dataclass(frozen=True, slots=True)
class Header:
    path: tuple[str, ...]  # ("events",) for [[events]], ("places", "la") for [places.la]
    array: bool  # [[...]]


@dataclass(frozen=True, slots=True)
class Block:
    """The lines of one table: `lines[start:end]`; `core_end` is past its last key line."""

    header: Header
    start: int
    core_end: int
    end: int  # past the comment lines directly below the last key


class Lines(Sequence[str]):
    """A text's lines, each with its ending, split where TOML ends a line (at LF): found
    by their offsets, so that no string is kept for each line of a season's file (its
    lines as strings took 60 MB, and an edit held two sets)."""

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        pieces = text.split("\n")  # for the lengths only; let go below
        starts = array("Q", [0])
        starts.extend(accumulate(len(piece) + 1 for piece in pieces))
        del pieces
        starts[-1] = len(text)  # the end of the last line (one with no LF, or none)
        if len(starts) > 1 and starts[-2] == len(text):
            starts.pop()  # the text ends with LF: no empty line after it
        self._starts = starts

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._text[self._starts[index] : self._starts[index + 1]]

    def __iter__(self) -> Iterator[str]:
        text, starts = self._text, self._starts
        return (text[starts[i] : starts[i + 1]] for i in range(len(starts) - 1))

    @property
    def text(self) -> str:
        return self._text

    def line_of(self, offset: int) -> int:
        """The line that holds the text's character `offset`."""
        return bisect_right(self._starts, offset) - 1

    def offset(self, index: int) -> int:
        """Where line `index` starts in the text (`len(self)`: the text's end)."""
        return self._starts[index]


@dataclass(frozen=True)  # no slots: `lines` is cached in the instance's dict
class TextFile:
    """A trip file's text as edits see it: lines with their own endings, the BOM apart."""

    bom: bool
    text: str

    @classmethod
    def decode(cls, data: bytes) -> TextFile:
        text = data.decode("utf-8")  # the loader has read these bytes already
        bom = text.startswith("\ufeff")
        return cls(bom, text[1:] if bom else text)

    @cached_property
    def lines(self) -> Lines:
        return Lines(self.text)

    def splice(self, start: int, stop: int, new: Iterable[str]) -> TextFile:
        """The text with lines[start:stop] replaced by `new`."""
        lines = self.lines
        head, tail = self.text[: lines.offset(start)], self.text[lines.offset(stop) :]
        return TextFile(self.bom, head + "".join(new) + tail)

    def encode(self) -> bytes:
        return (("\ufeff" if self.bom else "") + self.text).encode("utf-8")

    @property
    def newline(self) -> str:
        """The line ending new lines get: the file's first one (CRLF files stay CRLF)."""
        end = self.text.find("\n")
        if end >= 0:
            return "\r\n" if self.text[end - 1 : end] == "\r" else "\n"
        return "\r" if self.text.endswith("\r") else "\n"


def split_lines(text: str) -> list[str]:
    r"""Lines with their endings, split where TOML ends a line: at LF (CRLF ends in LF).
    Not str.splitlines, which also splits at U+0085, U+2028 and others, which a TOML
    string may hold.

    >>> split_lines('a = "x\u2028y"\r\nb = 1')
    ['a = "x\u2028y"\r\n', 'b = 1']
    """
    lines = text.split("\n")
    last = lines.pop()
    return [line + "\n" for line in lines] + ([last] if last else [])


def classify(lines: Sequence[str]) -> list[str | Header]:
    """Each line's kind: BLANK, COMMENT, VALUE (a key's line or a value's continuation)
    or the Header it writes."""
    simple = _simple_kinds(lines)
    if simple is not None:
        return simple
    kinds: list[str | Header] = []
    string: str | None = None  # the delimiter of an open multi-line string
    depth = 0  # open brackets and braces of a value
    plain = _PLAIN_LINE.fullmatch
    run = _plain_run(lines)
    number = 0
    while number < len(lines):
        if run is not None and string is None and depth == 0:
            count = run(number)
            if count:
                kinds.extend([VALUE] * count)
                number += count
                continue
        line = lines[number]
        number += 1
        if string is None and depth == 0 and plain(line):
            kinds.append(VALUE)
            continue
        body = line.rstrip("\r\n")
        if string is None and depth == 0:
            stripped = body.lstrip(" \t")
            if not stripped:
                kinds.append(BLANK)
                continue
            if stripped.startswith("#"):
                kinds.append(COMMENT)
                continue
            if stripped.startswith("["):
                kinds.append(_header(stripped, number))
                continue
        kinds.append(VALUE)
        string, depth = _scan(body, string, depth)
    if string is not None or depth:
        raise UnscannableError("a string or an array is never closed")
    return kinds


def _simple_kinds(lines: Sequence[str]) -> list[str | Header] | None:
    """The kinds of a text of simple lines only (_SIMPLE_TEXT: what tripplan and most
    people write), from the lines that start with `#` or `[` or are blank, found by one
    pattern: a season's file is not walked line by line. None for any other text."""
    if not isinstance(lines, Lines):
        return None
    text = lines.text
    if _SIMPLE_TEXT.fullmatch(text if text.endswith("\n") else text + "\n") is None:
        return None
    kinds: list[str | Header] = [VALUE] * len(lines)
    headers: dict[str, Header] = {}  # [[events]] a thousand times is read once
    line_of, find, count = lines.line_of, text.find, len(kinds)
    for match in _LINE_KIND.finditer(text):
        mark, at = match[1], match.start()
        number = line_of(at)
        if number >= count:
            continue  # the empty end of a text that ends in LF
        if mark == "#":
            kinds[number] = COMMENT
        elif mark == "[":
            end = find("\n", at)
            body = text[at : end if end >= 0 else len(text)].strip(" \t\r")
            header = headers.get(body)
            if header is None:
                header = headers[body] = _header(body, number + 1)
            kinds[number] = header
        else:
            kinds[number] = BLANK
    return kinds


def _plain_run(lines: Sequence[str]) -> Callable[[int], int] | None:
    """For Lines: how many plain lines (_PLAIN_LINE, each ending in LF) start at line
    `number`, matched in one pass of the pattern, not a call a line; None otherwise."""
    if not isinstance(lines, Lines):
        return None
    text, offset = lines.text, lines.offset
    match = _PLAIN_RUN.match

    def count(number: int) -> int:
        found = match(text, offset(number))
        return 0 if found is None else text.count("\n", found.start(), found.end())

    return count


def _header(text: str, number: int) -> Header:
    match = _BARE_HEADER.fullmatch(text)
    if match and len(match[1]) == len(match[3]):
        path = tuple(part.strip(" \t") for part in match[2].split("."))
        return Header(path, len(match[1]) == 2)
    return _quoted_header(text, number)


def _quoted_header(text: str, number: int) -> Header:
    """A header with quoted keys (`[places."new york"]`): tomllib reads it."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise UnscannableError(f"line {number}: cannot read the table header") from None
    path: list[str] = []
    node: object = data
    array = False
    while isinstance(node, dict | list) and node:
        if isinstance(node, list):
            node, array = node[-1], True
            continue
        ((key, node),) = node.items()
        path.append(key)
        array = False
    return Header(tuple(path), array)


def _scan(body: str, string: str | None, depth: int) -> tuple[str | None, int]:
    """The state after one line: an open multi-line string's delimiter, the bracket depth."""
    position = 0
    while position < len(body):
        if string is not None:
            position = _close_multiline(body, position, string)
            if position < 0:
                return string, depth
            string = None
            continue
        if not _QUIET.search(body, position):
            break
        match = _TOKEN.search(body, position)
        if match is None:  # an unclosed one-line string: the parser has refused it
            raise UnscannableError("a string is never closed")
        token = match[0]
        position = match.end()
        if token in ('"""', "'''"):
            string = token
        elif token == "#":
            break
        elif token in "[{":
            depth += 1
        elif token in "]}":
            depth -= 1
    return string, depth


def _close_multiline(body: str, position: int, delimiter: str) -> int:
    """Past the delimiter that closes a multi-line string on this line, or -1."""
    while True:
        found = body.find(delimiter, position)
        if found < 0:
            return -1
        if delimiter == '"""' and _escaped(body, found):
            position = found + 1
            continue
        end = found + 3
        while end < len(body) and body[end] == delimiter[0] and end - found < 5:
            end += 1  # up to two quotes more belong to the string: """a""""
        return end


def _escaped(body: str, position: int) -> bool:
    backslashes = 0
    while position - backslashes - 1 >= 0 and body[position - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def blocks(lines: Sequence[str]) -> list[Block]:
    """Every table of the file, in file order. A header whose path extends an array's
    element (`[events.x-meta]` after `[[events]]`) continues that element's block."""
    kinds = classify(lines)
    starts = [i for i, kind in enumerate(kinds) if isinstance(kind, Header)]
    found: list[Block] = []
    current: tuple[int, Header] | None = None
    for i in [*starts, len(lines)]:
        kind = kinds[i] if i < len(lines) else None
        if isinstance(kind, Header) and current is not None and _inside(kind, current[1]):
            continue
        if current is not None:
            found.append(_block(kinds, current[0], i, current[1]))
        current = (i, kind) if isinstance(kind, Header) else None
    return found


def _inside(header: Header, element: Header) -> bool:
    size = len(element.path)
    return element.array and len(header.path) > size and header.path[:size] == element.path


def _block(kinds: list[str | Header], start: int, stop: int, header: Header) -> Block:
    core_end = stop  # past the last key (or header) line: found from the end, in a step or two
    while core_end > start + 1 and (kinds[core_end - 1] is BLANK or kinds[core_end - 1] is COMMENT):
        core_end -= 1
    end = core_end
    while end < stop and kinds[end] is COMMENT:
        end += 1
    return Block(header, start, core_end, end)


def entry_blocks(found: list[Block], table: str) -> list[Block]:
    """The `[[table]]` elements, in file order (their index in the array)."""
    return [b for b in found if b.header.array and b.header.path == (table,)]


def place_block(found: list[Block], place_id: str) -> Block | None:
    return next((b for b in found if b.header.path == ("places", place_id)), None)


def trip_block(found: list[Block]) -> Block | None:
    return next((b for b in found if b.header.path == ("trip",)), None)
