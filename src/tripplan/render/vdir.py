"""A trip as a vdir: a folder of `.ics` files, one event each, the format vdirsyncer syncs
and khal reads (https://vdirsyncer.pimutils.org/en/stable/vdir.html).

The folder afterwards holds exactly the chosen entries of the trip, each in the file its
UID names (`href`), and everything else it held before: other trips' files, foreign
events, files of other kinds. What is this trip's is read from the files themselves, by the
mark every event carries (`X-TRIPPLAN-TRIP`, `tripplan.render.ics.trip_of`), so nothing
has to be remembered between exports. A file whose event is unchanged but for its DTSTAMP
is not written again: vdirsyncer and khal notice a change by a file's mtime, and a second
export with no change must look like none.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tripplan.errors import TripError
from tripplan.model import AnyEntry, Trip

SUFFIX = ".ics"
# khal's own vdir (khal/khalendar/vdir.py, after vdirsyncer's first one): a UID of these
# characters names its file as it is; any other is named by its SHA-1. vdirsyncer itself
# names such an item with a random UUID, which would make every export a new file.
SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-+@")
# A name a file system takes whole (255 bytes, less the suffix), never hidden (a leading
# dot: editors' and writers' temporary files, which readers skip).
LONGEST = 255 - len(SUFFIX)
# What a vdir file of someone else's may weigh before it is read to tell whose it is.
MAX_READ = 10 * 1024 * 1024
_STAMP = re.compile(rb"^DTSTAMP[;:][^\r\n]*\r?\n", re.MULTILINE | re.IGNORECASE)
_MARK = b"x-tripplan-trip"


def href(uid: str) -> str:
    """The file an event of `uid` is kept in: the UID itself where it is safe in a file
    name, else the SHA-1 of its UTF-8 bytes, in hex; then `.ics`.

    >>> href("la-mou@7f3a9c2e41d8")
    'la-mou@7f3a9c2e41d8.ics'
    >>> href("040000008200E00074C5B7101A82E008/x y")
    '8cb62a49b158b84d3d44706ef883f292039eb463.ics'
    """
    if uid and len(uid) <= LONGEST and not uid.startswith(".") and SAFE.issuperset(uid):
        return uid + SUFFIX
    return hashlib.sha1(uid.encode("utf-8", "surrogatepass")).hexdigest() + SUFFIX


@dataclass(frozen=True)
class VdirSync:
    """What `sync_vdir` did: the file names written, left as they were, and removed."""

    folder: str
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def sync_vdir(
    trip: Trip,
    entries: Iterable[AnyEntry],
    folder: str,
    now: datetime,
    *,
    inputs: Iterable[str] = (),
) -> VdirSync:
    """Make `folder` (created if missing) hold `entries` of `trip`, one `<href>.ics` each,
    written atomically where its bytes (but DTSTAMP) differ; and remove this trip's
    other files: those whose events all carry this trip's mark and whose UID is not among
    `entries`. Raises RefusedEntries (nothing written, the folder not even made) when an
    entry cannot be an event, TripError when `folder` cannot be one or a file cannot be
    written (each file is whole, old or new: the next export finishes the rest). No file
    is written over one of `inputs` (the trip file being read)."""
    from tripplan.fileio import one_sweep, write_atomically
    from tripplan.render.ics import entry_ics
    from tripplan.uids import uid_domain

    files = dict(_named(entry_ics(trip, entries, now)))  # refusals raised before any write
    where = Path(folder)
    _make_folder(where, folder)
    sources = list(inputs)
    written, unchanged = [], []
    with one_sweep():  # the folder's leftovers swept once, not once a file
        for name, data in files.items():
            path = where / name
            if _same(_read(path), data):
                unchanged.append(name)
                continue
            write_atomically(str(path), [data], inputs=sources)
            written.append(name)
    removed = []
    for path in _theirs_or_ours(where, folder, set(files)):
        if _trip_of(path) == uid_domain(trip):
            _remove(path)
            removed.append(path.name)
    return VdirSync(folder, tuple(written), tuple(unchanged), tuple(sorted(removed)))


def _named(calendars: Iterable[tuple[str, bytes]]) -> Iterable[tuple[str, bytes]]:
    for uid, data in calendars:
        yield href(uid), data


def _make_folder(where: Path, folder: str) -> None:
    try:
        where.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file, or a link to nothing, where the folder would be
        what = "is a file, not a folder" if where.is_file() else "is not a folder"
        raise TripError(f"{folder}: {what}: a vdir is a folder") from None
    except OSError as err:
        raise TripError(f"{folder}: cannot make the folder: {err.strerror or err}") from None


def _read(path: Path) -> bytes | None:
    """A file of ours as it is, or None where there is none (or it cannot be read: then
    the write says why)."""
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def _same(existing: bytes | None, data: bytes) -> bool:
    """The same event, whenever it was written: the bytes with every DTSTAMP line left out."""
    return existing is not None and _STAMP.sub(b"", existing) == _STAMP.sub(b"", data)


def _theirs_or_ours(where: Path, folder: str, kept: set[str]) -> list[Path]:
    """The `.ics` files in the folder not named by an entry written now, in name order."""
    try:
        with os.scandir(where) as found:
            names = [
                item.name
                for item in found
                if item.name.endswith(SUFFIX)
                and item.name not in kept
                and item.is_file(follow_symlinks=False)
            ]
    except OSError as err:
        raise TripError(f"{folder}: cannot list the folder: {err.strerror or err}") from None
    return [where / name for name in sorted(names)]


def _trip_of(path: Path) -> str | None:
    """The trip whose event the file holds; None for anyone else's, for a file too big or
    not readable as a calendar (never ours: we write neither)."""
    from icalendar import Calendar

    from tripplan.render.ics import trip_of

    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_READ + 1)
    except OSError:
        return None
    if len(data) > MAX_READ or _MARK not in data.lower():  # no mark: no need to parse it
        return None
    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except Exception:  # anything icalendar cannot read is no calendar of ours: left alone
        return None
    trips = {trip_of(calendar) for calendar in calendars}
    return trips.pop() if len(trips) == 1 else None


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:  # removed meanwhile: it is gone, as asked
        return
    except OSError as err:
        raise TripError(f"{path}: cannot remove: {err.strerror or err}") from None
