"""Bytes to TOML data, through one function, and the line of any key when reporting.

toml-rs (Rust's `toml` crate) parses a large trip about nine times faster than the
standard library's `tomllib` (bench/results.md has the figures), and it can report the
line of every key. Keys' lines are only needed for an error message, so the fast path
parses without them and `key_line` parses again, with metadata, only when a file is
refused. Files are read as TOML 1.0, the version every other tool (tomllib, tomlkit,
tomli-w, editors) reads too.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, Literal

# toml-rs allocates its parse in its own mimalloc, which keeps freed pages for later by
# default: a 100,000-entry parse left 160 MB resident that Python could not reuse, and
# diff's second load stacked on it (542 MB). Given back at once: 448 MB, no slower. Read
# when the library is loaded, so set before the import; a value the user set is kept.
os.environ.setdefault("MIMALLOC_PURGE_DELAY", "0")

import toml_rs

from tripplan.errors import TripFileError

TOML_VERSION: Literal["1.0.0"] = "1.0.0"
Path = Sequence[str | int]  # a key path: ("events", 3, "place")


def parse_toml(data: bytes, file: str) -> tuple[dict[str, Any], str]:
    """Decode and parse a trip file's bytes; return the TOML data and the decoded text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # what some Windows editors save
        raise TripFileError(file, "UTF-16 text, not UTF-8: save the file as UTF-8", line=1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise TripFileError(
            file, f"not UTF-8 text (byte 0x{data[err.start]:02x})", line=line
        ) from None
    if text.startswith("\ufeff"):  # a byte-order mark some editors write; TOML is UTF-8
        text = text[1:]
    if _nested_too_deep(data):
        message = f"arrays or inline tables nested more than {MAX_NESTING} deep"
        raise TripFileError(file, message)
    deep_key = _dotted_too_deep(data)
    if deep_key is not None:
        message = f"a dotted key or table header of more than {MAX_KEY_PARTS} parts"
        raise TripFileError(file, message, line=deep_key)
    try:
        return toml_rs.loads(text, toml_version=TOML_VERSION), text
    except toml_rs.TOMLDecodeError as err:
        raise TripFileError(file, _first_reason(err.msg), line=err.lineno) from None
    except (ValueError, OverflowError) as err:  # e.g. year 0: a value Python cannot hold
        where = _stdlib_line(text) or _impossible_date_line(text)
        raise TripFileError(file, f"invalid TOML value: {err}", line=where) from None


# toml-rs recurses once per nested array or inline table and overflows the C stack (the
# process dies, no exception) a few thousand levels down; a trip needs three.
MAX_NESTING = 64
_BRACKETS_AND_QUOTES = b"[]{}\"'#\n"
_DROP = bytes(b for b in range(256) if b not in _BRACKETS_AND_QUOTES)
# A string (multi-line ones may end in up to two quotes of their own: `"""a""""`) or a
# comment, where brackets and dots are text.
_STRINGS_AND_COMMENTS = (
    rb'"""[\s\S]*?""""?"?|\'\'\'[\s\S]*?\'\'\'\'?\'?|"[^"\n]*"|\'[^\'\n]*\'|#[^\n]*'
)
# strings and comments whole, then anything but a bracket
_NOT_BRACKETS = re.compile(_STRINGS_AND_COMMENTS + rb"|[^\[\]{}\"'#]+")
_PAIR = re.compile(rb"\[\]|\{\}")


def _nested_too_deep(data: bytes) -> bool:
    """Whether arrays and inline tables nest deeper than MAX_NESTING, brackets inside
    strings and comments aside. Escapes go first, then every byte that is no bracket,
    quote, `#` or newline: what is left is small and keeps the strings' bounds (a
    backslash only matters before a quote or a backslash). Each pass then strips the
    innermost pairs; unclosed openers count too, as the parser descends into them."""
    if b"\\" in data:
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    brackets = _NOT_BRACKETS.sub(b"", data.translate(None, _DROP))
    depth = 0
    while brackets:
        inner_removed = _PAIR.sub(b"", brackets)
        if inner_removed == brackets:
            break
        brackets, depth = inner_removed, depth + 1
        if depth > MAX_NESTING:
            return True
    return depth + brackets.count(b"[") + brackets.count(b"{") > MAX_NESTING


# Each part of a dotted key (`a.b.c = 1`) or table header (`[a.b.c]`) is a level of
# tables: toml-rs reads 100,000 of them, but its parse with metadata (for an error's line)
# overflows the C stack near 2,000 and Python code walking them hits the recursion limit
# near 500. A trip needs two (`[places.la]`).
MAX_KEY_PARTS = 64
_DOTS_AND_NEWLINES = bytes(b for b in range(256) if b not in b".\n")
# What can end a dotted key, and what hides one: strings and comments.
_KEY_CHAIN_BYTES = b".,=[]{}\"'#\n"
_DROP_BUT_KEY_CHAINS = bytes(b for b in range(256) if b not in _KEY_CHAIN_BYTES)
_STRING_OR_COMMENT = re.compile(_STRINGS_AND_COMMENTS)
_LONG_CHAIN = re.compile(rb"\.{%d}" % MAX_KEY_PARTS)


def _dotted_too_deep(data: bytes) -> int | None:
    """The line of a dotted key or table header of more than MAX_KEY_PARTS parts, if any.

    Only dots, newlines and what ends a key (`=`, `,`, brackets) are kept, strings and
    comments dropped: a run of MAX_KEY_PARTS dots is then a key that long (floats and
    times have one dot, and commas part them). A file whose dots, strings aside, never
    run that long, which is every real file, costs one `translate` and one search."""
    if b"." * MAX_KEY_PARTS not in data.translate(None, _DOTS_AND_NEWLINES):
        return None
    if b"\\" in data:
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    kept = _STRING_OR_COMMENT.sub(
        lambda hidden: b"\n" * hidden.group().count(b"\n"),  # keep the line count
        data.translate(None, _DROP_BUT_KEY_CHAINS),
    )
    found = _LONG_CHAIN.search(kept)
    return kept.count(b"\n", 0, found.start()) + 1 if found else None


def _first_reason(message: str) -> str:
    """toml-rs explains an error over several lines (a caret diagram); keep the reason."""
    lines = [ln.strip() for ln in message.splitlines() if ln.strip()]
    reason = lines[-1] if len(lines) > 1 else (lines[0] if lines else "invalid TOML")
    return f"invalid TOML: {reason}"


def _stdlib_line(text: str) -> int | None:
    """Where toml-rs gives no position, tomllib usually does."""
    import tomllib

    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return getattr(err, "lineno", None)
    except (ValueError, OverflowError):
        return None
    return None


_DATE = re.compile(r"(?<![\w.:-])(\d{4})-(\d{2})-(\d{2})")


def _impossible_date_line(text: str) -> int | None:
    """The line of the first date TOML's grammar allows but Python cannot hold (year 0)."""
    for match in _DATE.finditer(text):
        year, month, day = (int(part) for part in match.groups())
        try:
            date(year, month, day)
        except ValueError:
            return _line_at(text, match.start())
    return None


# Up to this size the exact parse with metadata is quick (milliseconds); above it, it takes
# seconds and gigabytes (7 s and 1.7 GB for 17 MB), so a large file's lines are found by
# a scan of its headers instead (KeyLines).
METADATA_MAX_CHARS = 1_000_000
# toml-rs's parse with metadata recurses once per level of the document and overflows the
# C stack near 2,000 levels (a dotted key inside inline tables inside inline tables each
# stays within its own limit); deeper documents are scanned instead.
METADATA_MAX_DEPTH = 200


def key_line(text: str, path: Path) -> int | None:
    """The line of the key at `path` (or of the nearest enclosing key that exists)."""
    return KeyLines(text).line(path)


class KeyLines:
    """The lines of key paths in one text, for reporting every error of a file at once.

    A small text is parsed once more, with metadata, for exact lines (an element of a
    multi-line array has its own). A large one is never parsed so: its table headers are
    indexed in one pass (`_Headers`), and a key is found by its table's header and its
    `key =` line; the cost of a line is then that of its table's section, so a hundred
    thousand errors cost a few passes over the text, not one each.
    """

    def __init__(self, text: str, document: dict[str, Any] | None = None) -> None:
        self.text = text
        self.document = document
        self._nodes: Any = None
        self._headers: _Headers | None = None
        self._exact = len(text) <= METADATA_MAX_CHARS and not (
            document is not None and deeper_than(document, METADATA_MAX_DEPTH)
        )

    def line(self, path: Path) -> int | None:
        if self._exact:
            if self._nodes is None:
                self._nodes = self._metadata()
            if self._nodes is not False:
                return _metadata_line(self._nodes, path, self.headers().table_line)
        return self.headers().line(path)

    def headers(self) -> _Headers:
        if self._headers is None:
            self._headers = _Headers(self.text, self.document)
        return self._headers

    def _metadata(self) -> Any:
        try:
            document = toml_rs.load_with_metadata(self.text, toml_version=TOML_VERSION)
        except (ValueError, OverflowError):
            return False
        return document.meta["nodes"]


def deeper_than(document: dict[str, Any] | list[Any], most: int) -> bool:
    """Whether tables and arrays (a TOML document's, a JSON value's) nest more than `most`
    deep (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > most:
            return True
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _metadata_line(nodes: Any, path: Path, table_line: Callable[[Path], int | None]) -> int | None:
    node = nodes
    line = None
    for depth, step in enumerate(path):
        container = node["value"] if _has_own_line(node) else node
        try:
            node = container[step]
        except (KeyError, IndexError, TypeError):
            if depth == 0:  # a missing top-level table: no line to point at
                return None
            break
        own = _own_line(node)
        if own is not None:
            line = own
        elif isinstance(node, dict):  # a `[places.la]` table has no line in the metadata
            line = table_line(path[: depth + 1]) or line
    return line if line is not None else _first_child_line(node)


# A table header on a line of its own: `[places.la]`, `[[events]]`, keys bare or quoted.
_HEADER = re.compile(
    r"""^[ \t]*\[(\[)?[ \t]*((?:[A-Za-z0-9_-]+|"[^"\\\n]*"|'[^'\n]*')"""
    r"""(?:[ \t]*\.[ \t]*(?:[A-Za-z0-9_-]+|"[^"\\\n]*"|'[^'\n]*'))*)[ \t]*\](?(1)\])""",
    re.MULTILINE,
)
_HEADER_PART = re.compile(r"""[A-Za-z0-9_-]+|"([^"\\\n]*)"|'([^'\n]*)'""")
# A key assigned at the start of a line: `tz =`, `"tz" =`, or the first part of `a.b =`.
_ASSIGNMENT = re.compile(
    r"""^[ \t]*(?:([A-Za-z0-9_-]+)|"([^"\\\n]*)"|'([^'\n]*)')[ \t]*[=.]""", re.MULTILINE
)


class _Headers:
    """Every table header of a text, from one pass: where each `[a.b]` and each `[[a]]`
    begins, on which line, and so where each table's own keys are (up to the next header).
    Headers inside multi-line strings would fool it: an array of tables whose headers
    do not number its items (or that is written inline) gets no lines at all."""

    def __init__(self, text: str, document: dict[str, Any] | None) -> None:
        self.text = text
        self.starts: list[int] = []  # where each header begins, in the text
        self.lines: list[int] = []  # its line
        self.tables: dict[tuple[str, ...], int] = {}  # [a.b] -> its header's number
        # [a] and [a.b] -> the number of [a.b.c], the first table header under them
        self.first_under: dict[tuple[str, ...], int] = {}
        self.arrays: dict[tuple[str, ...], list[int]] = {}  # [[a]] -> its headers' numbers
        self._keys: dict[int, dict[str, int]] = {}  # a few large sections' `key =` lines
        line, last = 1, 0
        for match in _HEADER.finditer(text):
            line += text.count("\n", last, match.start())
            last = match.start()
            number = len(self.starts)
            self.starts.append(match.start())
            self.lines.append(line)
            inner = match.group(2)
            if '"' in inner or "'" in inner:
                path = tuple(_key_part(part) for part in _HEADER_PART.finditer(inner))
            else:
                path = tuple(part.strip(" \t") for part in inner.split("."))
            if match.group(1):
                self.arrays.setdefault(path, []).append(number)
            else:
                self.tables.setdefault(path, number)
                for size in range(1, len(path) + 1):
                    self.first_under.setdefault(path[:size], number)
        if document is not None:  # headers that do not number the items are not trusted
            for path, numbers in list(self.arrays.items()):
                items = document.get(path[0]) if len(path) == 1 else None
                if not isinstance(items, list) or len(items) != len(numbers):
                    del self.arrays[path]

    def line(self, path: Path) -> int | None:
        steps = list(path)
        section, rest = self._section(steps)
        key = rest[0] if rest and isinstance(rest[0], str) else None
        if key is None:
            return self.lines[section] if section >= 0 else None
        return self._key_line(section, key)

    def table_line(self, path: Path) -> int | None:
        """The line of the header `[a.b]`, or of the first table header under it."""
        number = self.first_under.get(tuple(str(step) for step in path))
        return None if number is None else self.lines[number]

    def _section(self, steps: list[str | int]) -> tuple[int, list[str | int]]:
        """The header (its number; -1 for the top of the file, before any header) under
        which the key at `steps` is written, and the steps left below it."""
        if len(steps) >= 2 and isinstance(steps[0], str) and isinstance(steps[1], int):
            numbers = self.arrays.get((steps[0],))
            if numbers is None or not 0 <= steps[1] < len(numbers):
                return -2, []
            return numbers[steps[1]], steps[2:]
        names = []
        for step in steps:
            if not isinstance(step, str):
                break
            names.append(step)
        for size in range(len(names), 0, -1):
            number = self.tables.get(tuple(names[:size]))
            if number is not None:
                return number, steps[size:]
        return -1, steps

    def _key_line(self, section: int, key: str) -> int | None:
        """The line of `key =` in a section, or of the section's header."""
        if section == -2:
            return None
        begin = self.starts[section] if section >= 0 else 0
        end = self.starts[section + 1] if section + 1 < len(self.starts) else len(self.text)
        own = self.lines[section] if section >= 0 else None
        if end - begin <= _SMALL_SECTION:  # an entry: searched for the key alone
            position = _assignment(self.text, key, begin, end)
            if position is None:
                return own
            return (own or 1) + self.text.count("\n", begin, position)
        return self._large_section_lines(section, begin, end).get(key, own)

    def _large_section_lines(self, section: int, begin: int, end: int) -> dict[str, int]:
        """The line of every key of a large section (the top of a file written without
        tables, or a table of thousands of keys), found once for the section."""
        found = self._keys.get(section)
        if found is None:
            found = {}
            line, last = (self.lines[section] if section >= 0 else 1), begin
            for match in _ASSIGNMENT.finditer(self.text, begin, end):
                line += self.text.count("\n", last, match.start())
                last = match.start()
                found.setdefault(_key_part(match), line)
            if len(self._keys) >= 16:  # errors come table by table: a few suffice
                self._keys.clear()
            self._keys[section] = found
        return found


# A table up to this size (an entry is a few hundred bytes) is searched for each key
# that has an error; a larger one is indexed once.
_SMALL_SECTION = 4096


def _assignment(text: str, key: str, begin: int, end: int) -> int | None:
    """Where `key =` (or `key.x =`) begins a line between begin and end, if it does."""
    probe = "\n" + key
    at = text.find(probe, begin, end)
    while at >= 0:  # the usual shape: the key at the start of its line
        match = _ASSIGNMENT.match(text, at + 1, end)
        if match is not None and _key_part(match) == key:
            return match.start()
        at = text.find(probe, at + 1, end)
    for match in _ASSIGNMENT.finditer(text, begin, end):  # indented, quoted, or first
        if _key_part(match) == key:
            return match.start()
    return None


def _key_part(match: re.Match[str]) -> str:
    """A key as a bare, "basic" or 'literal' match of it spells it (escapes aside): the
    one group that matched, or the whole match for a bare key without a group."""
    return match[match.lastindex or 0]


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _has_own_line(node: Any) -> bool:
    """A key's or an array element's metadata, as opposed to a table of such nodes: only
    metadata holds a line number directly (a table's children are all dicts)."""
    return isinstance(node, dict) and any(
        isinstance(node.get(field), int | tuple) for field in ("key_line", "value_line")
    )


def _own_line(node: Any) -> int | None:
    if not _has_own_line(node):
        return None
    line = node.get("key_line", node.get("value_line"))
    first = line[0] if isinstance(line, tuple) else line
    return first if isinstance(first, int) else None


def _first_child_line(container: Any) -> int | None:
    """A table written as `[places.la]` has no line of its own; its first key does."""
    children: Iterable[Any]
    if isinstance(container, dict):
        children = container.values()
    elif isinstance(container, list):
        children = container
    else:
        return None
    lines = [
        line
        for child in children
        if (line := _own_line(child) or _first_child_line(child)) is not None
    ]
    return min(lines, default=None)
