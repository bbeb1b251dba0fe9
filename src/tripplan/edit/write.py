"""Reading a file for an edit, and writing the edit: only over the bytes that were read.

The file is read once; just before the edit is written, it is read again and must hold
the same bytes, or nothing is written (another editor, a sync client or a second
tripplan changed it meanwhile). The write itself is fileio.write_atomically's: a
temporary file renamed over the old one, so a crash leaves the old file or the new one.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from tripplan.edit.editor import Edit, Source
from tripplan.errors import TripError, UsageError

if TYPE_CHECKING:
    from tripplan.model import Finding, Trip


def read_for_edit(path: str) -> Source:
    """The bytes of a trip file to edit. Standard input cannot be edited: refused."""
    from tripplan.load import read_source

    if path == "-":
        raise UsageError("-: standard input cannot be edited; give the trip file's path")
    data, _ = read_source(path)
    return Source(path, data)


def write_edit(edit: Edit) -> None:
    """Write the edited file, unless it changed since it was read (then nothing is)."""
    from tripplan.fileio import write_atomically

    source = edit.source
    try:
        now = Path(source.path).read_bytes()
    except OSError as err:
        raise TripError(f"{source.path}: cannot read it again: {err.strerror or err}") from None
    if now != source.data:
        raise TripError(
            f"{source.path}: nothing written: the file changed since it was read;"
            " run the command again"
        )
    write_atomically(source.path, [edit.after])


CONTEXT = 3  # lines of context around each change, as diff -u
MARGIN = 40  # lines kept around the changed lines for difflib to compare


def unified_diff(edit: Edit) -> str:
    """The edit as a unified diff of the file's text (`--dry-run`).

    difflib compares only the lines between the first and the last change: an edit
    splices one place, and on the whole of a 100,000-entry file its matcher took minutes.
    """
    import difflib

    before = _lines(edit.source.data)
    after = _lines(edit.after)
    same = 0
    most = min(len(before), len(after))
    while same < most and before[same] == after[same]:
        same += 1
    tail = 0
    while tail < most - same and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    start = max(0, same - MARGIN)  # room for difflib to align repeated lines its way
    keep = max(0, tail - MARGIN)
    name = edit.source.path
    lines = difflib.unified_diff(
        before[start : len(before) - keep], after[start : len(after) - keep],
        f"a/{name}", f"b/{name}", n=CONTEXT,
    )  # fmt: skip
    return "".join(_shifted(line, start) for line in lines)


_HUNK = re.compile(r"@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")


def _shifted(line: str, by: int) -> str:
    """A hunk header of the cut-down texts, numbered as in the whole files."""
    match = _HUNK.match(line)
    if match is None or not by:
        return line
    old, old_count, new, new_count = match.groups()
    header = f"@@ -{int(old) + by}{old_count or ''} +{int(new) + by}{new_count or ''} @@"
    return header + line[match.end() :]


def _lines(data: bytes) -> list[str]:
    from tripplan.edit.blocks import split_lines

    lines = split_lines(data.decode("utf-8").removeprefix("\ufeff"))
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


def introduced(before: Trip, after: Trip) -> list[Finding]:
    """The findings of `after` that `before` did not have (by code and entries)."""
    from tripplan.checks import check_trip

    def key(finding: Finding) -> tuple[str, frozenset[str]]:
        return finding.code, frozenset(finding.entry_ids)

    old = {key(finding) for finding in check_trip(before)}
    return [finding for finding in check_trip(after) if key(finding) not in old]
