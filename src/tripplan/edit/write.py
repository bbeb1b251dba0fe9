"""Reading a file for an edit, and writing the edit: only over the bytes that were read.

The file is read, edited and written while this process holds its lock (fileio's
held_for_edit): two tripplans editing one file take turns, and neither loses the other's
change. Just before the edit is written, the file is read again and must hold the same
bytes, or nothing is written: the lock binds only tripplan, not another editor or a sync
client. The write itself is fileio.write_atomically's: a temporary file renamed over the
old one, so a crash leaves the old file or the new one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tripplan.edit.result import Edit, FindingKey, finding_key
from tripplan.edit.tripfile import Source
from tripplan.errors import TripError, TripFileError, UsageError

if TYPE_CHECKING:
    from tripplan.model import Finding, Trip


@contextmanager
def editing(path: str, *, lock: bool = True) -> Iterator[Source]:
    """The bytes of a trip file to edit, read while no other tripplan edits it; the edit
    is written (write_edit) before the block ends. Without `lock` (a dry run, which writes
    nothing) the file is read at once: a rename replaces it whole, so what is read is one
    version. Either way, what cannot be edited is refused: standard input, and what
    held_for_edit refuses (a read-only file, a FIFO, a descriptor, a hard-linked file)."""
    from tripplan.filelock import held_for_edit
    from tripplan.load import MAX_FILE_BYTES

    if path == "-":
        raise UsageError("-: standard input cannot be edited; give the trip file's path")
    with held_for_edit(path, lock=lock) as handle:
        try:
            data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as err:
            raise TripFileError(path, f"cannot read: {err.strerror or err}") from None
        if len(data) > MAX_FILE_BYTES:  # as load.read_source says it
            limit = MAX_FILE_BYTES // (1024 * 1024)
            raise TripFileError(path, f"larger than {limit} MiB, the most a trip file may be")
        yield Source(path, data)


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
    """The edit as a unified diff of the file's text (a dry run).

    Only the lines around the changes are split and compared: an edit splices one place,
    and on the whole of a 100,000-entry file difflib's matcher took minutes (and the two
    files' lines, a few hundred megabytes).
    """
    import difflib

    old, new = edit.source.data, edit.after
    same = _common_prefix(old, new)
    tail = _common_suffix(old, new, most=min(len(old), len(new)) - same)
    start = _line_start(old, same, back=MARGIN)  # room for difflib to align repeated lines
    old_end = _line_end(old, len(old) - tail, on=MARGIN)
    new_end = _line_end(new, len(new) - tail, on=MARGIN)
    first_line = old.count(b"\n", 0, start)
    name = edit.source.path
    lines = difflib.unified_diff(
        _lines(old[start:old_end], bom=not start), _lines(new[start:new_end], bom=not start),
        f"a/{name}", f"b/{name}", n=CONTEXT,
    )  # fmt: skip
    return "".join(_shifted(line, first_line) for line in lines)


def _common_prefix(one: bytes, other: bytes) -> int:
    """How many leading bytes two texts share (memcmp by halves, not a loop in Python)."""
    low, high = 0, min(len(one), len(other))
    while low < high:
        middle = (low + high + 1) // 2
        if one[:middle] == other[:middle]:  # bytes compare by memcmp; memoryviews by
            low = middle  # item, 80 ms on a 10,000-entry file
        else:
            high = middle - 1
    return low


def _common_suffix(one: bytes, other: bytes, most: int) -> int:
    """How many trailing bytes two texts share, at most `most`."""
    low, high = 0, most
    while low < high:
        middle = (low + high + 1) // 2
        if one[len(one) - middle :] == other[len(other) - middle :]:
            low = middle
        else:
            high = middle - 1
    return low


def _line_start(data: bytes, at: int, back: int) -> int:
    """The start of the line `back` lines before the one holding byte `at`."""
    start = data.rfind(b"\n", 0, at) + 1
    for _ in range(back):
        if start == 0:
            break
        start = data.rfind(b"\n", 0, start - 1) + 1
    return start


def _line_end(data: bytes, at: int, on: int) -> int:
    """The end (after its newline) of the line `on` lines after the one holding `at`."""
    end = at
    for _ in range(on + 1):
        found = data.find(b"\n", end)
        if found < 0:
            return len(data)
        end = found + 1
    return end


_HUNK = re.compile(r"@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")


def _shifted(line: str, by: int) -> str:
    """A hunk header of the cut-down texts, numbered as in the whole files."""
    match = _HUNK.match(line)
    if match is None or not by:
        return line
    old, old_count, new, new_count = match.groups()
    header = f"@@ -{int(old) + by}{old_count or ''} +{int(new) + by}{new_count or ''} @@"
    return header + line[match.end() :]


def _lines(data: bytes, *, bom: bool) -> list[str]:
    from tripplan.edit.blocks import split_lines

    text = data.decode("utf-8")
    lines = split_lines(text.removeprefix("\ufeff") if bom else text)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


def introduced(before: frozenset[FindingKey], after: Trip) -> list[Finding]:
    """The findings of `after` that the file did not have `before` (result.finding_key)."""
    from tripplan.checks import check_trip

    return [f for f in check_trip(after) if finding_key(f) not in before]
