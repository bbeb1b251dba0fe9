"""Writing output: files replaced whole or not at all, and streams written in blocks."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import AnyStr

from tripplan.errors import TripError


def write_atomically(path: str, pieces: Iterable[bytes]) -> None:
    """Write `pieces`, one after another, to a temporary file beside `path`, then rename it
    over `path`.

    The rename is atomic on one file system, so a reader sees the old file or the new one,
    never half of either; on any failure, while writing or while `pieces` are made, the
    temporary file is removed and `path` is as it was. Raises TripError with the reason
    when the file system fails.
    """
    import tempfile  # here: its import of random costs every --json run 2 ms

    target = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.parent if str(target.parent) else ".",
            prefix=f".{target.name}.",
            suffix=".tmp",
        )
    except OSError as err:
        raise TripError(f"{path}: cannot write: {err.strerror or err}") from None
    written = Path(temporary)
    renamed = False
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.writelines(pieces)
            stream.flush()
            os.fsync(stream.fileno())
        keep = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        written.chmod(keep)
        written.replace(target)
        renamed = True
    except OSError as err:
        raise TripError(f"{path}: cannot write: {err.strerror or err}") from None
    finally:
        if not renamed:
            written.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Output is made a little at a time (an entry, an event) and written in blocks of this
# many characters: written piece by piece to a pipe, every write wakes the reader, whose
# waking then slows the writer (a 10,000-event export to `| cat` took a quarter longer).
BLOCK = 1 << 20


def in_blocks(pieces: Iterable[AnyStr], separator: AnyStr) -> Iterator[AnyStr]:
    """`pieces` joined with `separator`, in blocks of about BLOCK characters: writing the
    blocks one after another with `separator` between them writes every piece so joined."""
    block: list[AnyStr] = []
    held = 0
    for piece in pieces:
        block.append(piece)
        held += len(piece)
        if held >= BLOCK:
            yield separator.join(block)
            block, held = [], 0
    if block:
        yield separator.join(block)
