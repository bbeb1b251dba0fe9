"""The trip file an edit replaces, held against other edits: open for reading, locked
(flock) from the read to the rename that replaces it, and refused when it cannot be replaced
safely (a descriptor, a FIFO or device, a read-only or hard-linked file). docs/input-safety.md
says why each is refused."""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from tripplan.errors import TripError
from tripplan.fileio import TEMPORARY, kind_of, names_descriptor, remove_if_stale

# How long an edit waits for another tripplan's edit of the same file to end before it
# gives up. An edit holds the file for its read, checks and write: a few milliseconds for
# a small trip, 9 s to move an entry of 100,000 (bench/results.md).
LOCK_WAIT = 30.0


@contextmanager
def held_for_edit(path: str, *, lock: bool = True) -> Iterator[BinaryIO]:
    """The trip file `path` names, open for reading, for an edit that will replace it
    (write_atomically); raise TripError, saying why, when it cannot be so replaced.

    With `lock`, no other tripplan edits the file until the block ends: the file's read,
    the edit's checks and its write are one step to them, and none loses another's
    change. The lock is flock(2) on the trip file itself, not on a file beside it: a
    lock file would be left behind by a SIGKILL, where it could block later edits or be
    swept while held, and would show up in the user's folder, in git and in their sync
    client. As an edit replaces the file (a new inode), the lock is taken, then the name
    checked to still be the file locked; if another edit replaced it meanwhile, the new
    file is opened and locked in its turn. Waits at most LOCK_WAIT seconds.

    Only a regular file is edited: a FIFO, a device or a descriptor named as /dev/fd/N
    cannot be replaced (written through, a shorter edit would leave the old file's tail).
    Nor one its mode makes read-only, whoever runs it: root may write any file, but a
    file with no write bit was made read-only on purpose, and the rename an edit makes
    needs only the folder's permission. Nor a file with other hard links: the edit's new
    file would have this name alone, and the others would keep the old trip unsaid.
    """
    if names_descriptor(path):
        raise TripError(
            f"{path}: names an open descriptor, not a file an edit can replace;"
            " give the trip file's own path"
        )
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        handle = open_regular(path)
        try:
            if not lock or _locked_in_time(path, handle, deadline):
                _refuse_unless_editable(path, os.fstat(handle.fileno()), held=lock)
                yield handle
                return
        finally:
            handle.close()


def open_regular(path: str) -> BinaryIO:
    """The file, open for reading, refused unless regular: asked before it is opened (a
    device may act on an open), and again of what was opened, with O_NONBLOCK so that a
    FIFO put there meanwhile is never waited for. Edits and shell completion open so."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    try:
        _refuse_unless_regular(path, Path(path).stat().st_mode)
        handle = os.fdopen(os.open(path, flags), "rb")
    except FileNotFoundError:
        raise TripError(f"{path}: no such file") from None
    except PermissionError:
        raise TripError(f"{path}: permission denied") from None
    except OSError as err:
        raise TripError(f"{path}: cannot read: {err.strerror or err}") from None
    try:
        _refuse_unless_regular(path, os.fstat(handle.fileno()).st_mode)
    except BaseException:
        handle.close()
        raise
    return handle


def _refuse_unless_regular(path: str, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise TripError(f"{path}: is {kind_of(mode)}: only a regular file can be edited")


def _locked_in_time(path: str, handle: BinaryIO, deadline: float) -> bool:
    """Lock the open file, waiting until `deadline`: True once locked while `path` still
    names it, False when another edit has replaced it (open the new one)."""
    pause = 0.005
    while not _locked(path, handle):
        if time.monotonic() >= deadline:
            waited = f"waited {LOCK_WAIT:g} s"
            raise TripError(f"{path}: another tripplan is editing it ({waited}); try again")
        time.sleep(pause)
        pause = min(pause * 2, 0.1)
    try:
        now = Path(path).stat()
    except FileNotFoundError:
        raise TripError(f"{path}: removed while waiting to edit it") from None
    return os.path.samestat(now, os.fstat(handle.fileno()))


# What flock says on a file system that cannot lock this way: on NFS, Linux emulates
# flock with fcntl locks, which an exclusive lock on a file open for reading fails with
# EBADF; others say ENOLCK or EOPNOTSUPP. There the edit goes ahead unlocked, guarded by
# the byte-for-byte "changed since it was read" check alone, as before locks existed.
_NO_LOCKS = frozenset({errno.EBADF, errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL})


def _locked(path: str, handle: BinaryIO) -> bool:
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as err:
        if err.errno in _NO_LOCKS:
            return True
        raise TripError(f"{path}: cannot lock it: {err.strerror or err}") from None
    return True


def _refuse_unless_editable(path: str, info: os.stat_result, *, held: bool) -> None:
    mode = stat.filemode(info.st_mode)
    if not info.st_mode & 0o222:  # asked of the mode first: root's access() says yes
        raise TripError(f"{path}: is read-only ({mode}): not edited")
    if not os.access(path, os.W_OK):
        raise TripError(f"{path}: not writable by you ({mode}): not edited")
    if info.st_nlink > 1 and _unlinked_leftovers(Path(path), info, held=held) > 1:
        raise TripError(
            f"{path}: has {info.st_nlink} hard links, which an edit (a new file renamed"
            " over this one) would split: not edited; edit a copy"
        )


def _unlinked_leftovers(path: Path, info: os.stat_result, *, held: bool) -> int:
    """The trip's links once a temporary name of ours that is only another name of it
    (left by a `new` killed between link and unlink) is gone. A live `new` holds its
    file locked until the name is removed: when we hold the trip's lock (`held`), none
    does; otherwise the name is removed only if no one holds it."""
    target = Path(os.path.realpath(path))
    try:
        with os.scandir(target.parent) as entries:
            names = [
                e.name
                for e in entries
                if e.name.startswith(f".{target.name}.") and TEMPORARY.fullmatch(e.name)
            ]
    except OSError:
        return info.st_nlink
    for name in names:
        candidate = target.parent / name
        with suppress(OSError):
            if not held:
                remove_if_stale(candidate, time.time(), linked_to=info)
            elif os.path.samestat(candidate.lstat(), info):
                candidate.unlink()
    try:
        return target.stat().st_nlink
    except OSError:
        return info.st_nlink


# Output is made a little at a time (an entry, an event) and written in blocks of this
# many characters: written piece by piece to a pipe, every write wakes the reader, whose
# waking then slows the writer (a 10,000-event export to `| cat` took a quarter longer).
