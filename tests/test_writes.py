"""`export ics -o PATH` as shared/spec/cli.md's "Output rules" ask: never onto the trip
file being read, however it is named; never replacing what is not a regular file
(devices and FIFOs written through, folders and sockets refused); through a symlink to its
target; the mode (and owner) of the file replaced, or the umask's for a new one.

Devices are made in tmp_path (a clone of /dev/null needs root, which CI has); the real
/dev/null and /dev/stdout are never a test's output: the code before this change, run as
root, replaced them."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import SAMPLE, assert_one_clean_line, tripplan

ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="mknod and chown need root")


@pytest.fixture
def trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample trip at tmp_path/plans/trip.toml, run from tmp_path."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    path = tmp_path / "plans" / "trip.toml"
    path.write_bytes(SAMPLE.read_bytes())
    return path


@pytest.fixture
def calendar(trip: Path) -> bytes:
    """What `export ics` writes for the trip, to standard output."""
    result = tripplan("export", "ics", trip)
    assert (result.code, result.err) == (0, "")
    return result.out.encode("utf-8")


def tree(folder: Path) -> dict[str, str]:
    """Every name under `folder`, with what it is: a link's text, a file's mode and bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            found[str(path.relative_to(folder))] = f"link to {path.readlink()}"
        elif stat.S_ISREG(info.st_mode):
            body = path.read_bytes()
            found[str(path.relative_to(folder))] = f"file {oct(info.st_mode)} {hash(body)}"
        else:
            found[str(path.relative_to(folder))] = f"{stat.filemode(info.st_mode)}"
    return found


def refused(output: str | Path, *args: str | Path) -> str:
    result = tripplan("export", "ics", *args, "-o", output)
    assert (result.code, result.out) == (2, ""), result.err
    return assert_one_clean_line(result.err)


# -- never onto the trip being read ------------------------------------------------------


@pytest.mark.parametrize(
    ("read", "output"),
    [
        ("plans/trip.toml", "plans/trip.toml"),
        ("plans/trip.toml", "./plans/../plans/trip.toml"),
        ("plans/trip.toml", "{tmp}/plans/trip.toml"),
        ("plans/trip.toml", "link.toml"),
        ("plans/trip.toml", "chain.toml"),
        ("plans/trip.toml", "hard.toml"),
        ("link.toml", "plans/trip.toml"),
        ("hard.toml", "chain.toml"),
    ],
    ids=["same", "relative", "absolute", "symlink", "chain", "hardlink", "read-via-link", "both"],
)
def test_the_trip_being_read_is_never_the_output(
    trip: Path, tmp_path: Path, read: str, output: str
) -> None:
    (tmp_path / "link.toml").symlink_to("plans/trip.toml")
    (tmp_path / "chain.toml").symlink_to("link.toml")
    (tmp_path / "hard.toml").hardlink_to(trip)
    before = tree(tmp_path)
    output = output.format(tmp=tmp_path)
    line = refused(output, read)
    assert line == f"tripplan: {output}: is the trip file being read ({read}): not overwritten"
    assert tree(tmp_path) == before  # the trip as it was, and no temporary file
    assert trip.read_bytes() == SAMPLE.read_bytes()


def test_standard_input_redirected_from_the_output_is_refused(trip: Path) -> None:
    with trip.open("rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "tripplan", "export", "ics", "-", "-o", str(trip)],
            stdin=stdin,
            capture_output=True,
            check=False,
        )
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode() == (
        f"tripplan: {trip}: is the trip file being read (standard input): not overwritten\n"
    )
    assert trip.read_bytes() == SAMPLE.read_bytes()


def test_a_descriptor_open_on_the_trip_is_refused(trip: Path) -> None:
    """`-o /dev/fd/1 >>trip.toml`: standard output is the trip file itself."""
    with trip.open("ab") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "tripplan", "export", "ics", str(trip), "-o", "/dev/fd/1"],
            stdout=stdout,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.decode() == (
        f"tripplan: /dev/fd/1: is the trip file being read ({trip}): not overwritten\n"
    )
    assert trip.read_bytes() == SAMPLE.read_bytes()


# -- symlinks: the target is written, the link stays ---------------------------------------


def test_a_symlink_to_a_file_has_its_target_written(
    trip: Path, tmp_path: Path, calendar: bytes
) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "real.ics"
    target.write_text("old calendar")
    target.chmod(0o600)
    (tmp_path / "cal.ics").symlink_to("out/real.ics")
    (tmp_path / "via.ics").symlink_to(tmp_path / "cal.ics")  # a chain, absolute
    result = tripplan("export", "ics", trip, "-o", "via.ics")
    assert (result.code, result.out, result.err) == (0, "", "")
    assert (tmp_path / "cal.ics").readlink() == Path("out/real.ics")
    assert (tmp_path / "via.ics").readlink() == tmp_path / "cal.ics"
    assert target.read_bytes() == calendar
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["real.ics"]


def test_a_dangling_symlink_creates_its_target(trip: Path, tmp_path: Path, calendar: bytes) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "cal.ics").symlink_to("out/new.ics")
    result = tripplan("export", "ics", trip, "-o", "cal.ics")
    assert (result.code, result.err) == (0, "")
    assert (tmp_path / "cal.ics").is_symlink()
    assert (tmp_path / "out" / "new.ics").read_bytes() == calendar


@pytest.mark.parametrize("via_link", [False, True], ids=["folder", "symlink-to-folder"])
def test_a_folder_is_refused(trip: Path, tmp_path: Path, via_link: bool) -> None:
    (tmp_path / "folder").mkdir()
    if via_link:
        (tmp_path / "cal.ics").symlink_to("folder")
    output = "cal.ics" if via_link else "folder"
    before = tree(tmp_path)
    assert refused(output, trip) == (f"tripplan: {output}: is a directory, not a file to write to")
    assert tree(tmp_path) == before


def test_a_socket_is_refused(trip: Path, tmp_path: Path) -> None:
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind("sock")
        assert refused("sock", trip) == "tripplan: sock: is a socket, not a file to write to"
        assert stat.S_ISSOCK((tmp_path / "sock").lstat().st_mode)


# -- devices and FIFOs: written through, never replaced -------------------------------------


def test_a_fifo_is_written_through(trip: Path, tmp_path: Path, calendar: bytes) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # The read end is opened first (without blocking), so the export's open finds a reader;
    # the calendar (6 kB) fits the pipe's buffer, so nothing needs to read while it writes.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = tripplan("export", "ics", trip, "-o", fifo)
        received = b"".join(iter(lambda: _read_some(reader), b""))
    finally:
        os.close(reader)
    assert (result.code, result.err) == (0, "")
    assert received == calendar
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name != "plans"] == ["pipe"]


def _read_some(descriptor: int) -> bytes:
    try:
        return os.read(descriptor, 65536)
    except BlockingIOError:
        return b""


@ROOT_ONLY
def test_a_character_device_is_written_through(trip: Path, tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    result = tripplan("export", "ics", trip, "-o", null)
    assert (result.code, result.out, result.err) == (0, "", "")
    info = null.lstat()
    assert stat.S_ISCHR(info.st_mode)
    assert (os.major(info.st_rdev), os.minor(info.st_rdev)) == (1, 3)
    assert [p.name for p in tmp_path.iterdir() if p.name != "plans"] == ["null"]


@ROOT_ONLY
def test_a_full_device_is_a_clear_error(trip: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # what /dev/full is
    assert refused(full, trip) == f"tripplan: {full}: cannot write: No space left on device"
    assert stat.S_ISCHR(full.lstat().st_mode)


@ROOT_ONLY
def test_a_block_device_is_refused(trip: Path, tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    os.mknod(disk, stat.S_IFBLK | 0o600, os.makedev(240, 0))  # major 240: local use, none
    assert refused(disk, trip) == f"tripplan: {disk}: is a block device, not a file to write to"
    assert stat.S_ISBLK(disk.lstat().st_mode)


@pytest.mark.parametrize("name", ["/dev/fd/1", "/proc/self/fd/1"])
def test_a_named_descriptor_is_written_through(trip: Path, name: str, calendar: bytes) -> None:
    """`-o /dev/fd/1` writes to standard output as it is: into a pipe, or appended to a
    file opened with >> (a replaced file would lose what it held)."""
    command = [sys.executable, "-m", "tripplan", "export", "ics", str(trip), "-o", name]
    done = subprocess.run(command, capture_output=True, check=False)
    assert (done.returncode, done.stderr) == (0, b"")
    assert undated(done.stdout) == undated(calendar)
    log = trip.parent / "log.txt"
    log.write_bytes(b"kept\n")
    with log.open("ab") as stdout:
        done = subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, check=False)
    assert (done.returncode, done.stderr) == (0, b"")
    assert undated(log.read_bytes()) == b"kept\n" + undated(calendar)


def undated(ics: bytes) -> bytes:
    """The calendar without its DTSTAMPs: a process's clock is not the tests' fixed one."""
    return b"".join(line for line in ics.splitlines(keepends=True) if b"DTSTAMP:" not in line)


# -- modes and owners -------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o604, 0o664])
def test_a_replaced_file_keeps_its_mode(trip: Path, tmp_path: Path, mode: int) -> None:
    target = tmp_path / "cal.ics"
    target.write_text("old")
    target.chmod(mode)
    assert tripplan("export", "ics", trip, "-o", target).code == 0
    assert stat.S_IMODE(target.stat().st_mode) == mode


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o002, 0o077])
@pytest.mark.usefixtures("umask")
def test_a_new_file_gets_the_umasks_mode(trip: Path, tmp_path: Path, mask: int) -> None:
    os.umask(mask)
    assert tripplan("export", "ics", trip, "-o", "new.ics").code == 0
    assert stat.S_IMODE((tmp_path / "new.ics").stat().st_mode) == 0o666 & ~mask


@ROOT_ONLY
def test_root_keeps_a_replaced_files_owner(trip: Path, tmp_path: Path) -> None:
    target = tmp_path / "cal.ics"
    target.write_text("old")
    os.chown(target, 4321, 4322)
    assert tripplan("export", "ics", trip, "-o", target).code == 0
    info = target.stat()
    assert (info.st_uid, info.st_gid) == (4321, 4322)
