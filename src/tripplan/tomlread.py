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
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

import toml_rs

from tripplan.errors import TripFileError

TOML_VERSION: Literal["1.0.0"] = "1.0.0"
Path = Sequence[str | int]  # a key path: ("events", 3, "place")


def parse_toml(data: bytes, file: str) -> tuple[dict[str, Any], str]:
    """Decode and parse a trip file's bytes; return the TOML data and the decoded text."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise TripFileError(
            file, f"not UTF-8 text (byte 0x{data[err.start]:02x})", line=line
        ) from None
    if text.startswith("\ufeff"):  # a byte-order mark some editors write; TOML is UTF-8
        text = text[1:]
    try:
        return toml_rs.loads(text, toml_version=TOML_VERSION), text
    except toml_rs.TOMLDecodeError as err:
        raise TripFileError(file, _first_reason(err.msg), line=err.lineno) from None
    except (ValueError, OverflowError) as err:  # e.g. year 0: a value Python cannot hold
        where = _stdlib_line(text) or _impossible_date_line(text)
        raise TripFileError(file, f"invalid TOML value: {err}", line=where) from None


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
            return text.count("\n", 0, match.start()) + 1
    return None


def key_line(text: str, path: Path) -> int | None:
    """The line of the key at `path` (or of the nearest enclosing key that exists)."""
    try:
        document = toml_rs.load_with_metadata(text, toml_version=TOML_VERSION)
    except (ValueError, OverflowError):
        return None
    node: Any = document.meta["nodes"]
    line = None
    for step in path:
        container = node["value"] if _has_own_line(node) else node
        try:
            node = container[step]
        except (KeyError, IndexError, TypeError):
            return line if line is not None else _first_child_line(container)
        line = _own_line(node) or line
    return line if line is not None else _first_child_line(node)


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
    if not isinstance(container, dict):
        return None
    lines = [ln for child in container.values() if (ln := _own_line(child)) is not None]
    return min(lines, default=None)
