"""Edits of one file serialised: the file is locked (flock on the trip file itself) from
its read to the rename of the edited file, so parallel edits never lose one another;
`new` never replaces a file, however many run at once; the temporary files of a SIGKILLed
write are swept by the next write of the folder, never while their writer lives; and only
a regular, writable file with one name is edited."""

from __future__ import annotations

import fcntl
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

import pytest

from helpers import ROOT, assert_one_clean_line, tripplan
from tripplan import fileio, filelock
from tripplan.load import load_trip

TRIP = b'[trip]\ntitle = "t"\nid = "t1"\n\n[places.a]\ntz = "Asia/Seoul"\n'
EVENT = b'\n[[events]]\nid = "e1"\ntitle = "E"\nplace = "a"\nstart = 2030-01-02T10:00:00\n'
TIMEOUT = 120  # seconds a subprocess may take on a loaded machine before the test fails


@pytest.fixture
def trip(tmp_path: Path) -> Path:
    path = tmp_path / "trip.toml"
    path.write_bytes(TRIP + EVENT + b'duration = "1h"\n')
    return path


def run(
    *args: str | Path, preexec_fn: Callable[[], object] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tripplan", *map(str, args)],
        cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT, check=False,
        preexec_fn=preexec_fn,
    )  # fmt: skip


def at_once(commands: list[list[str]]) -> list[tuple[int, str]]:
    """Start every command before waiting for any: their exit statuses and stderr."""
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "tripplan", *command],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    return [(p.wait(TIMEOUT), p.communicate(timeout=TIMEOUT)[1]) for p in started]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- parallel edits and `new` ----------------------------------------------------------


def test_twenty_parallel_adds_are_all_in_the_file(trip: Path) -> None:
    """Each of 20 `add event` run at once (a different title each) either says it added
    its event, and then the event is in the file, or says another tripplan held the file
    too long; none is lost, the file loads, and no temporary file is left."""
    commands = [
        ["add", "event", str(trip), "--title", f"Event {n}", "--id", f"e{n + 2}", "--place", "a",
         "--start", f"2030-02-{n + 1:02} 10:00", "--duration", "1h"]
        for n in range(20)
    ]  # fmt: skip
    results = at_once(commands)
    added = []
    for n, (code, err) in enumerate(results):
        weekday = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[date(2030, 2, n + 1).weekday()]
        day = f"{weekday} {n + 1:02} Feb 2030"
        said = f"tripplan: {trip}: added event 'e{n + 2}': 'Event {n}' at a, {day}"
        if code == 0:
            assert err == f"{said} 10:00 KST UTC+09:00\n"
            added.append(f"e{n + 2}")
        else:  # a machine so loaded that one waited LOCK_WAIT seconds: said, not lost
            assert (code, err) == (
                2, f"tripplan: {trip}: another tripplan is editing it (waited 30 s); try again\n"
            )  # fmt: skip
    assert added, results
    ids = sorted(entry.id for entry in load_trip(trip).entries)
    assert ids == sorted(["e1", *added])  # every success there, nothing else
    assert leftovers(trip.parent) == []


def test_ten_parallel_new_write_one_file(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    results = at_once([["new", str(path), "--title", f"T{n}"] for n in range(10)])
    written = [n for n, (code, err) in enumerate(results) if code == 0]
    assert len(written) == 1, results
    assert results[written[0]][1] == f"tripplan: {path}: written\n"
    refused = f"tripplan: {path}: exists; nothing written (--force replaces it)\n"
    assert [r for n, r in enumerate(results) if n not in written] == [(2, refused)] * 9
    assert load_trip(path).title == f"T{written[0]}"  # the one that said so
    assert leftovers(tmp_path) == []


def test_new_where_the_file_system_has_no_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FAT has no link(2): the name is made with O_EXCL, which never replaces either."""

    def no_links(*args: object, **kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "new.toml"
    assert tripplan("new", path, "--title", "T").err == f"tripplan: {path}: written\n"
    assert load_trip(path).title == "T"
    assert leftovers(tmp_path) == []
    # The name taken between the check and the write: refused, theirs kept.
    monkeypatch.setattr(Path, "exists", lambda self: False)
    result = tripplan("new", path, "--title", "Other")
    assert result.code == 2
    assert assert_one_clean_line(result.err).endswith(
        "exists; nothing written (--force replaces it)"
    )
    assert load_trip(path).title == "T"
    assert leftovers(tmp_path) == []


def test_new_with_force_still_replaces(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    path.write_bytes(b"old")
    assert tripplan("new", path, "--title", "T", "--force").code == 0
    assert load_trip(path).title == "T"


# -- the lock ---------------------------------------------------------------------------


@pytest.fixture
def held(trip: Path) -> Iterator[BinaryIO]:
    """The trip file locked as another tripplan's edit locks it (until closed)."""
    with trip.open("rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield handle


def test_an_edit_waits_a_bounded_time_then_says_so(
    trip: Path, held: BinaryIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filelock, "LOCK_WAIT", 0.2)
    before = trip.read_bytes()
    result = tripplan("cancel", trip, "e1")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"tripplan: {trip}: another tripplan is editing it (waited 0.2 s); try again\n"
    )
    assert trip.read_bytes() == before


def test_a_dry_run_takes_no_lock(
    trip: Path, held: BinaryIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filelock, "LOCK_WAIT", 0.0)
    result = tripplan("cancel", trip, "e1", "--dry-run")
    assert result.code == 0, result.err
    assert '-id = "e1"' in result.out


def test_an_edit_that_waited_edits_the_file_the_other_wrote(
    trip: Path, held: BinaryIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other edit renames its file over the one this edit locked, then ends: this edit
    finds the name now another file's, and edits that one, keeping the other's change."""
    theirs = trip.read_bytes().replace(b'title = "E"', b'title = "Theirs"')
    real = filelock._locked
    calls = []

    def then_the_other_writes(path: str, handle: object) -> bool:
        locked = real(path, handle)  # type: ignore[arg-type]
        calls.append(locked)
        if not locked and len(calls) == 1:
            fileio.write_atomically(str(trip), [theirs])
            held.close()  # the other edit ends
        return locked

    monkeypatch.setattr(filelock, "_locked", then_the_other_writes)
    result = tripplan("set", trip, "e1", "venue", "Hall")
    assert result.err == f"tripplan: {trip}: set venue of event 'e1' to Hall\n"
    assert calls == [False, True, True]  # waited, locked the old file, then the new one
    assert trip.read_bytes() == theirs + b'venue = "Hall"\nsequence = 1\n'  # a new venue: revised


# -- temporary files left by SIGKILL ----------------------------------------------------

WRITER = """
import sys, time
from tripplan.fileio import write_atomically

def pieces():
    yield b"half"
    print("writing", flush=True)
    time.sleep(600)

write_atomically(sys.argv[1], pieces())
"""


def aged(path: Path) -> Path:
    hour_ago = time.time() - 3600
    os.utime(path, (hour_ago, hour_ago))
    return path


def test_a_killed_writes_temporary_file_is_swept_by_the_next_edit(trip: Path) -> None:
    """While its writer lives the temporary file is kept, however old (it holds a lock);
    once the writer is SIGKILLed, the next edit of the folder removes it."""
    output = trip.parent / "trip.ics"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(output)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
        [left] = leftovers(trip.parent)
        assert left.startswith(".trip.ics.")
        aged(trip.parent / left)
        assert tripplan("set", trip, "e1", "venue", "Hall").code == 0
        assert leftovers(trip.parent) == [left]  # its writer lives: kept
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(TIMEOUT)
    assert leftovers(trip.parent) == [left]  # nothing catches SIGKILL
    assert tripplan("set", trip, "e1", "venue", "Room").code == 0
    assert leftovers(trip.parent) == []
    assert not output.exists()


def test_only_stale_temporary_files_of_ours_are_swept(trip: Path) -> None:
    folder = trip.parent
    fresh = folder / ".trip.ics.0123456789ab.tripplan.tmp"  # a write that may be under way
    fresh.write_bytes(b"x")
    not_ours = folder / ".trip.ics.notours.tripplan.tmp"
    not_ours.write_bytes(b"x")
    aged(not_ours)
    anyones = folder / ".notes.txt.deadbeefcafe.tmp"  # our shape once, anyone's name
    anyones.write_bytes(b"precious")
    aged(anyones)
    stale = folder / ".other.toml.ba9876543210.tripplan.tmp"
    stale.write_bytes(b"x")
    aged(stale)
    link = folder / ".trip.ics.aaaaaaaaaaaa.tripplan.tmp"
    link.symlink_to(trip)
    assert tripplan("set", trip, "e1", "venue", "Hall").code == 0
    assert leftovers(folder) == sorted([fresh.name, not_ours.name, anyones.name, link.name])
    assert trip.exists()


# -- what an edit refuses ---------------------------------------------------------------


def refused(*args: str | Path) -> str:
    result = tripplan(*args)
    assert (result.code, result.out) == (2, ""), result.err
    return assert_one_clean_line(result.err)


@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)], ids=["edit", "dry-run"])
def test_a_read_only_trip_is_not_edited_even_by_root(trip: Path, dry_run: tuple[str]) -> None:
    """The rename needs only the folder's permission; root's access() always says yes."""
    trip.chmod(0o444)
    before = trip.read_bytes()
    line = refused("cancel", trip, "e1", *dry_run)
    assert line == f"tripplan: {trip}: is read-only (-r--r--r--): not edited"
    assert trip.read_bytes() == before
    assert stat.S_IMODE(trip.stat().st_mode) == 0o444
    assert leftovers(trip.parent) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="changing the real user id needs root")
def test_a_trip_the_user_may_not_write_is_not_edited(trip: Path) -> None:
    """access(2) asks as the real user: made another (nobody), the file is not theirs to
    write, though the process may still read it (and Python's files) as root."""
    trip.chmod(0o644)
    before = trip.read_bytes()
    result = run("cancel", trip, "e1", preexec_fn=lambda: os.setreuid(65534, 0))
    assert (result.returncode, result.stderr) == (
        2, f"tripplan: {trip}: not writable by you (-rw-r--r--): not edited\n"
    )  # fmt: skip
    assert trip.read_bytes() == before


@pytest.mark.parametrize("name", ["/dev/fd/3", "/proc/self/fd/3"])
def test_a_descriptor_is_not_edited(trip: Path, name: str) -> None:
    """`cancel /dev/fd/3 ... 3<>trip.toml` wrote the shorter file through the descriptor,
    without truncating it: the old tail left, the TOML invalid, and "cancelled" said."""
    before = trip.read_bytes()
    shell = f'exec "$0" -m tripplan cancel {name} e1 3<>"$1"'
    result = subprocess.run(
        ["bash", "-c", shell, sys.executable, str(trip)],
        cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (
        2, f"tripplan: {name}: names an open descriptor, not a file an edit can replace;"
        " give the trip file's own path\n",
    )  # fmt: skip
    assert trip.read_bytes() == before


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    """Nothing writes to the FIFO: opening it to read would wait for ever."""
    fifo = tmp_path / "trip.toml"
    os.mkfifo(fifo)
    result = run("cancel", fifo, "e1")
    assert (result.returncode, result.stderr) == (
        2, f"tripplan: {fifo}: is a FIFO: only a regular file can be edited\n"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "kind"), [("/dev/null", "a character device"), (".", "a directory")]
)
def test_what_is_no_regular_file_is_not_edited(name: str, kind: str) -> None:
    line = refused("set", name, "e1", "venue", "x")
    assert line == f"tripplan: {name}: is {kind}: only a regular file can be edited"


@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)], ids=["edit", "dry-run"])
def test_a_hard_linked_trip_is_not_edited(trip: Path, dry_run: tuple[str]) -> None:
    """Renaming the edited file over one of its names would leave the other holding the
    old trip, the two no longer one file, and nothing said."""
    other = trip.parent / "other.toml"
    other.hardlink_to(trip)
    before = trip.read_bytes()
    line = refused("cancel", other, "e1", *dry_run)
    assert line == (
        f"tripplan: {other}: has 2 hard links, which an edit (a new file renamed over this"
        " one) would split: not edited; edit a copy"
    )
    assert trip.read_bytes() == other.read_bytes() == before
    assert trip.samefile(other)


def test_a_symlinked_trip_is_edited_through_the_link(trip: Path) -> None:
    link = trip.parent / "link.toml"
    link.symlink_to(trip.name)
    assert tripplan("set", link, "e1", "venue", "Hall").code == 0
    assert link.is_symlink()
    assert b'venue = "Hall"' in trip.read_bytes()


def test_a_new_killed_between_link_and_unlink_leaves_no_lasting_second_name(trip: Path) -> None:
    """A `new` killed after linking its file into place but before removing the
    temporary name leaves that name as a second link of the trip: the next edit removes
    it (no writer holds it: the edit holds the trip's lock) instead of refusing the
    trip as hard-linked for ever."""
    leftover = trip.parent / f".{trip.name}.0123456789ab.tripplan.tmp"
    os.link(trip, leftover)
    assert tripplan("set", trip, "e1", "venue", "Hall").code == 0
    assert not leftover.exists()
    assert trip.stat().st_nlink == 1
    assert 'venue = "Hall"' in trip.read_text(encoding="utf-8")


def test_where_the_file_system_cannot_lock_the_edit_goes_ahead(
    trip: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On NFS, Linux's flock is an fcntl lock, which a file open for reading cannot take
    exclusively (EBADF): the edit is made unlocked, guarded by the changed-since check,
    instead of every edit of a home folder on NFS being refused."""
    import errno

    from tripplan import fileio

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    monkeypatch.setattr(fileio.fcntl, "flock", no_locks)
    result = tripplan("set", trip, "e1", "venue", "Hall")
    assert (result.code, result.out) == (0, ""), result.err
    assert 'venue = "Hall"' in trip.read_text(encoding="utf-8")
    assert leftovers(trip.parent) == []
