"""Bytes to TOML data, through one function, and the line of any key when reporting.

toml-rs (Rust's `toml` crate) parses a large trip about nine times faster than the
standard library's `tomllib` (bench/results.md has the figures), and it can report the
line of every key. Keys' lines are only needed for an error message, so the fast path
parses without them and `key_line` parses again, with metadata, only when a file is
refused. Files are read as TOML 1.0, the version every other tool (tomllib, tomlkit,
tomli-w, editors) reads too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, Literal

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
_NOT_BRACKETS = re.compile(  # strings and comments whole, then anything but a bracket
    rb'"""[\s\S]*?"""""?"?|\'\'\'[\s\S]*?\'\'\'\'?\'?|"[^"\n]*"|\'[^\'\n]*\'|#[^\n]*|[^\[\]{}"\'#]+'
)
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
# seconds (7 s for 17 MB), so a refused large file is first searched line by line.
METADATA_MAX_CHARS = 1_000_000


def key_line(text: str, path: Path) -> int | None:
    """The line of the key at `path` (or of the nearest enclosing key that exists)."""
    if len(text) > METADATA_MAX_CHARS:
        found = _scan_line(text, path)
        if found is not None:
            return found
    try:
        document = toml_rs.load_with_metadata(text, toml_version=TOML_VERSION)
    except (ValueError, OverflowError):
        return None
    node: Any = document.meta["nodes"]
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
            line = _header_line(text, path[: depth + 1]) or line
    return line if line is not None else _first_child_line(node)


def _scan_line(text: str, path: Path) -> int | None:
    """Find a key by its table header and `key =` line, for the shapes large trips use:
    `[[events]]` items (the n-th header) and `[trip]`-style tables. None when unsure."""
    steps = list(path)
    key = str(steps.pop()) if len(steps) > 1 and isinstance(steps[-1], str) else None
    if len(steps) == 2 and isinstance(steps[0], str) and isinstance(steps[1], int):
        header = re.compile(rf"^[ \t]*\[\[[ \t]*{re.escape(steps[0])}[ \t]*\]\]", re.MULTILINE)
        match = next((m for i, m in enumerate(header.finditer(text)) if i == steps[1]), None)
    else:
        match = _table_header(text, steps, nested=False)
    if match is None:
        return None
    start = match.end()
    next_header = re.compile(r"^[ \t]*\[", re.MULTILINE).search(text, start)
    end = next_header.start() if next_header else len(text)
    if key is not None:
        assignment = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=", re.MULTILINE)
        found = assignment.search(text, start, end)
        if found is not None:
            return _line_at(text, found.start())
    return _line_at(text, match.start())


def _header_line(text: str, path: Path) -> int | None:
    """The line of `[a.b]`, or of the first table nested in it (`[a.b.c]`)."""
    match = _table_header(text, path, nested=True)
    return _line_at(text, match.start()) if match else None


def _table_header(text: str, path: Path, *, nested: bool) -> re.Match[str] | None:
    """The first `[a.b]` header of the table at `path` (keys may be quoted)."""
    if not path or not all(isinstance(step, str) for step in path):
        return None
    dotted = r"[ \t]*\.[ \t]*".join(rf"[\"']?{re.escape(str(step))}[\"']?" for step in path)
    end = r"[\].]" if nested else r"\]"
    return re.compile(rf"^[ \t]*\[[ \t]*{dotted}[ \t]*{end}", re.MULTILINE).search(text)


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
