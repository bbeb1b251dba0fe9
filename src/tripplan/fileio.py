"""Reading input up to a bound; writing output: files replaced whole or not at all, and
streams written in blocks. The trip file an edit replaces is held against other edits by
tripplan.filelock."""

from __future__ import annotations

import errno
import fcntl
import os
import re
import signal
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path
from typing import Any, AnyStr, BinaryIO

from tripplan.errors import TripError

# The signals that end a write early. While one is being written, each is turned into
# `Signalled`, so the `finally` that removes the temporary file runs; the caller then ends
# the process by the same signal (cli.main).
ENDING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

# `/dev/stdout`, `/dev/fd/3` and `/proc/self/fd/3` name a descriptor this process already
# holds: written to that descriptor, as a shell does, whatever it is open on.
_OPEN_DESCRIPTORS = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_DESCRIPTOR_DIRS = ("/dev/fd/", "/proc/self/fd/")


class ReaderGone(Exception):
    """The reader of standard output, or of a pipe written through, went away (EPIPE):
    the command stops quietly with status 141, as coreutils do. Not an OSError, which
    Typer would answer with status 1."""


class Signalled(BaseException):  # not an Exception: no `except Exception` may swallow it
    """A signal from ENDING_SIGNALS arrived while a file was being written."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"signal {signum}")
        self.signum = signum


def read_at_most(
    source: str | os.PathLike[str], most: int, stdin: BinaryIO | None = None
) -> bytes | None:
    """The bytes of a file, or of standard input for `-` (`stdin` if given), or None when
    there are more than `most`: no more than one byte past the bound is read. An OSError
    is the caller's to word."""
    if source == "-":
        import sys

        data = (stdin if stdin is not None else sys.stdin.buffer).read(most + 1)
    else:
        with Path(source).open("rb") as handle:
            data = handle.read(most + 1)
    return data if len(data) <= most else None


def read_input(path: str, most: int, what: str, stdin: BinaryIO | None = None) -> bytes:
    """What an import reads (`read_at_most`), or one line that refuses it:
    `mail.eml: larger than 10 MiB: not a booking` (`what`: "a booking")."""
    name = "<stdin>" if path == "-" else path
    try:
        data = read_at_most(path, most, stdin)
    except OSError as err:
        raise TripError(f"{name}: cannot read: {err.strerror or err}") from None
    if data is None:
        raise TripError(f"{name}: larger than {most // (1024 * 1024)} MiB: not {what}")
    return data


def write_atomically(path: str, pieces: Iterable[bytes], *, inputs: Iterable[str] = ()) -> None:
    """Write `pieces`, one after another, to `path`, as shared/spec/cli.md's "Output
    rules" ask; raise TripError with the reason when refused or when the system fails.

    A regular file (or a new one) is written to a temporary file beside it and renamed
    over it: a reader sees the old file or the new one, never half of either, and on any
    failure, while writing, while `pieces` are made or on SIGINT, SIGTERM or SIGHUP
    (raised as `Signalled`), the temporary file is removed and `path` is as it was. The
    new file keeps the mode (and, where allowed, owner) of the file it replaces; a new
    file gets the umask's mode. A symlink's target is written and the link stays.

    A character device or FIFO (`/dev/null`, a terminal, a named pipe) and a descriptor
    named as `/dev/stdout` or `/dev/fd/N` are written through; a directory, socket or
    block device is refused. So is every file in `inputs` (the paths being read, `-` for
    standard input), however named: compared by device and inode.
    """
    descriptor = _open_descriptor(path)
    if descriptor is not None:
        _refuse_inputs(path, _fstat(descriptor), inputs)
        _write_through(path, pieces, descriptor)
        return
    try:
        target = Path(os.path.realpath(path))  # a symlink's target, followed to its end
        existing = _stat(target)
    except OSError as err:
        raise _cannot(path, err) from None
    _refuse_inputs(path, existing, inputs)
    if existing is None or stat.S_ISREG(existing.st_mode):
        _replace(path, target, existing, pieces)
    elif stat.S_ISCHR(existing.st_mode) or stat.S_ISFIFO(existing.st_mode):
        _write_through(path, pieces)
    else:
        raise TripError(f"{path}: is {kind_of(existing.st_mode)}, not a file to write to")


def names_descriptor(path: str) -> bool:
    """Whether `path` names a descriptor this process holds (/dev/stdin, /dev/fd/3)."""
    return _open_descriptor(path) is not None


def _open_descriptor(path: str) -> int | None:
    try:
        absolute = os.path.normpath(Path(path).absolute())
    except OSError:  # the current folder was removed: then it is not /dev
        return None
    if absolute in _OPEN_DESCRIPTORS:
        return _OPEN_DESCRIPTORS[absolute]
    for folder in _DESCRIPTOR_DIRS:
        number = absolute.removeprefix(folder)
        if number != absolute and number.isdigit():
            return int(number)
    return None


def _fstat(descriptor: int) -> os.stat_result | None:
    try:
        return os.fstat(descriptor)
    except OSError:
        return None


def _stat(target: Path) -> os.stat_result | None:
    try:
        return target.stat()
    except FileNotFoundError:
        return None


def kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    return "not a regular file"


def _refuse_inputs(path: str, output: os.stat_result | None, inputs: Iterable[str]) -> None:
    """Refuse to write over a file being read: the trip file under another name, a
    symlink or a hard link to it, or standard input redirected from it."""
    if output is None or not stat.S_ISREG(output.st_mode):
        return
    for source in inputs:
        try:
            read = os.fstat(0) if source == "-" else Path(source).stat()
        except OSError:
            continue
        if (read.st_dev, read.st_ino) == (output.st_dev, output.st_ino):
            named = "standard input" if source == "-" else source
            raise TripError(f"{path}: is the trip file being read ({named}): not overwritten")


def _write_through(path: str, pieces: Iterable[bytes], descriptor: int | None = None) -> None:
    """Write to what is already there: a device, a FIFO (opened as a shell would, waiting
    for a reader), or a descriptor this process holds. EPIPE raises ReaderGone, as when
    standard output is closed early."""
    try:
        if descriptor is None:
            handle = os.open(path, os.O_WRONLY | os.O_NOCTTY)
        else:
            handle = os.dup(descriptor)  # closing ours leaves the process's open
        with os.fdopen(handle, "wb") as stream:
            stream.writelines(pieces)
    except BrokenPipeError:
        raise ReaderGone(path) from None
    except OSError as err:
        raise _cannot(path, err) from None


def _replace(
    path: str, target: Path, existing: os.stat_result | None, pieces: Iterable[bytes]
) -> None:
    _write_beside(path, target, existing, pieces, publish=os.replace)


def write_new(path: str, pieces: Iterable[bytes]) -> None:
    """Write `pieces` to `path` as a new file, never replacing one: FileExistsError when
    `path` names anything, even a file another process made a moment ago. Written whole
    to a temporary file, then linked to its name (link(2), unlike rename, fails when the
    name exists) and the temporary name removed: a reader sees no file or all of it."""
    target = Path(os.path.realpath(path))
    if names_descriptor(path) or os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), path)
    _write_beside(path, target, None, pieces, publish=_link)


def _link(temporary: Path, target: Path) -> None:
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError as err:
        if err.errno not in (errno.EPERM, errno.EOPNOTSUPP):
            raise
        # A file system without hard links (FAT): the name made with O_EXCL, which never
        # replaces either, and the bytes copied in (a reader may see them half written).
        _copy_exclusively(temporary, target)


def _copy_exclusively(temporary: Path, target: Path) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    handle = os.open(target, flags, 0o666)
    try:
        with temporary.open("rb") as source, os.fdopen(handle, "wb") as copy:
            while block := source.read(BLOCK):
                copy.write(block)
            copy.flush()
            os.fsync(copy.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _write_beside(
    path: str,
    target: Path,
    existing: os.stat_result | None,
    pieces: Iterable[bytes],
    publish: Callable[[Path, Path], None],
) -> None:
    """Write `pieces` to a temporary file beside `target`, then `publish` it there:
    os.replace renames it over `target`, _link gives it the name only if it is free
    (FileExistsError otherwise, as is). The temporary file is gone after, whatever
    happened, but for a SIGKILL's: the next write of the folder sweeps those."""
    _sweep(target.parent)
    # The temporary file is named before it is made, so a signal at any instant finds a
    # name to remove. 48 random bits and O_EXCL: a name that exists is another's, kept.
    temporary = target.with_name(f".{target.name}.{os.urandom(6).hex()}{_OURS}")
    renamed = taken = False
    with _signals_raised():
        try:
            try:
                handle = _create(temporary, existing)
            except FileExistsError:
                taken = True
                raise
            with suppress(OSError):  # where nothing locks, only the age guards it
                fcntl.flock(handle, fcntl.LOCK_EX)  # ours, while we live: never swept
            with os.fdopen(handle, "wb") as stream:
                stream.writelines(pieces)
                stream.flush()
                os.fsync(stream.fileno())
                publish(temporary, target)
                renamed = publish is os.replace
            _sync_directory(target.parent)
        except FileExistsError as err:
            if not taken and publish is _link:  # the name was free, and is taken now
                raise
            raise _cannot(path, err) from None
        except OSError as err:
            raise _cannot(path, err) from None
        finally:
            if not renamed and not taken:
                temporary.unlink(missing_ok=True)


# A write killed by SIGKILL (which nothing catches) leaves its temporary file. The next
# write of the folder removes each such file of ours: named as _write_beside names them,
# owned by this user, unlocked (every live writer holds a lock on its own from the moment
# it is made, so a write taking minutes is safe) and unchanged for STALE_AFTER seconds (a
# file of another program's that only looks like ours, or one a tripplan without locks
# is writing, is left alone).
STALE_AFTER = 600
# `.tripplan.tmp`, not a bare `.tmp`: `.notes.txt.deadbeefcafe.tmp` may be anyone's.
_OURS = ".tripplan.tmp"
TEMPORARY = re.compile(r"\..+\.[0-9a-f]{12}\.tripplan\.tmp", re.DOTALL)


# The folders swept in a batch of writes (`one_sweep`); None: every write sweeps.
_SWEPT: ContextVar[set[str] | None] = ContextVar("tripplan_swept", default=None)


@contextmanager
def one_sweep() -> Iterator[None]:
    """Writes that sweep each folder once: a command writing a folder of 10,000 files
    (export vdir) sweeps it on its first write, not on each (54 of its 67 seconds)."""
    token = _SWEPT.set(set())
    try:
        yield
    finally:
        _SWEPT.reset(token)


def _sweep(folder: Path) -> None:
    swept = _SWEPT.get()
    if swept is not None:
        if str(folder) in swept:
            return
        swept.add(str(folder))
    try:
        with os.scandir(folder) as entries:
            names = [entry.name for entry in entries if TEMPORARY.fullmatch(entry.name)]
    except OSError:  # a folder we cannot list: the write says why, if it fails too
        return
    now = time.time()
    for name in names:
        with suppress(OSError):  # gone meanwhile, not ours to open, locked: kept
            remove_if_stale(folder / name, now)


def remove_if_stale(
    candidate: Path, now: float, *, linked_to: os.stat_result | None = None
) -> None:
    """Remove a temporary file of ours that no writer holds and that has not changed for
    STALE_AFTER seconds; or, with `linked_to`, at once when it is a second name of that
    file (a `new` killed between linking its file into place and removing this name)."""
    info = candidate.lstat()
    if linked_to is not None:
        if not os.path.samestat(info, linked_to):
            return
    elif (
        not stat.S_ISREG(info.st_mode)
        or info.st_uid != os.geteuid()
        or now - info.st_mtime < STALE_AFTER
    ):
        return
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    handle = os.open(candidate, flags)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError: its writer lives
        if os.path.samestat(os.fstat(handle), candidate.lstat()):
            candidate.unlink()
    finally:
        os.close(handle)


def _create(temporary: Path, existing: os.stat_result | None) -> int:
    """The new, empty temporary file, with the mode the result must have: the replaced
    file's, or for a new file what the umask leaves of 0o666 (the kernel applies the
    umask, and a folder's default ACL, to the mode given to open)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    if existing is None:
        return os.open(temporary, flags, 0o666)
    handle = os.open(temporary, flags, 0o600)
    with suppress(OSError):  # the replaced file's owner and group: root may, an owner may
        os.fchown(handle, existing.st_uid, existing.st_gid)  # give one of their groups
    os.fchmod(handle, stat.S_IMODE(existing.st_mode))  # after fchown, which clears set-id
    return handle


def _sync_directory(folder: Path) -> None:
    """Make the rename durable; a file system that cannot sync a folder still renamed."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _cannot(path: str, err: OSError) -> TripError:
    return TripError(f"{path}: cannot write: {err.strerror or err}")


@contextmanager
def _signals_raised() -> Iterator[None]:
    """Turn ENDING_SIGNALS into `Signalled` while the block runs, then put back what was
    there. An ignored signal stays ignored (`nohup` ignores SIGHUP so the write goes
    on). Outside the main thread Python cannot set handlers: nothing changes there."""
    previous: dict[signal.Signals, Any] = {}
    try:
        for ending in ENDING_SIGNALS:
            if signal.getsignal(ending) != signal.SIG_IGN:
                previous[ending] = signal.signal(ending, _raise_signalled)
    except ValueError:  # not the main thread
        pass
    try:
        yield
    finally:
        for signum, handler in previous.items():  # None: set outside Python, unknowable
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)


def _raise_signalled(signum: int, frame: object) -> None:
    raise Signalled(signum)


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
