"""Output written in blocks: the blocks, written one after another with the separator
between them, are every piece joined, whatever the block size. Files written whole: a
signal mid-write leaves the old file and no temporary file (tests/test_writes.py has
what `-o` does with links, devices and the trip being read)."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import SAMPLE, tripplan
from tripplan import fileio
from tripplan.errors import TripError
from tripplan.fileio import in_blocks, write_atomically


@given(st.lists(st.text(max_size=30)), st.integers(min_value=1, max_value=64))
def test_blocks_join_to_the_pieces_joined(pieces: list[str], block: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fileio, "BLOCK", block)
        blocks = list(in_blocks(pieces, ",\n"))
    assert ",\n".join(blocks) == ",\n".join(pieces)
    assert len(blocks) <= len(pieces)
    if sum(map(len, pieces)) < block:
        assert len(blocks) == min(1, len(pieces))  # small output: one write


@pytest.mark.parametrize(
    "args", [("itinerary", "--json"), ("agenda", "--json"), ("export", "ics")], ids=" ".join
)
def test_output_is_the_same_in_small_blocks(
    args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = tripplan(*args, SAMPLE)
    monkeypatch.setattr(fileio, "BLOCK", 40)
    blocked = tripplan(*args, SAMPLE)
    assert (blocked.code, blocked.err) == (0, "")
    assert blocked.out == whole.out


# -- signals during a write ---------------------------------------------------------------


@pytest.mark.parametrize("signum", fileio.ENDING_SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_signal_mid_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, signum: int
) -> None:
    target = tmp_path / "trip.ics"
    target.write_text("old calendar")
    handlers = {s: signal.getsignal(s) for s in fileio.ENDING_SIGNALS}

    def pieces() -> Iterator[bytes]:
        yield b"BEGIN:VCALENDAR\r\n"
        assert len(list(tmp_path.iterdir())) == 2  # the temporary file is there
        os.kill(os.getpid(), signum)
        yield b"END:VCALENDAR\r\n"  # never reached: the handler raises at the kill

    with pytest.raises(fileio.Signalled) as raised:
        write_atomically(str(target), pieces())
    assert raised.value.signum == signum
    assert target.read_text() == "old calendar"
    assert [p.name for p in tmp_path.iterdir()] == ["trip.ics"]
    assert {s: signal.getsignal(s) for s in fileio.ENDING_SIGNALS} == handlers  # put back


def test_an_ignored_signal_stays_ignored_during_a_write(tmp_path: Path) -> None:
    """`nohup tripplan export ...`: SIGHUP is ignored, so the write goes on."""
    target = tmp_path / "trip.ics"
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:

        def pieces() -> Iterator[bytes]:
            yield b"BEGIN:VCALENDAR\r\n"
            os.kill(os.getpid(), signal.SIGHUP)
            yield b"END:VCALENDAR\r\n"

        write_atomically(str(target), pieces())
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


def test_a_write_from_another_thread_needs_no_handlers(tmp_path: Path) -> None:
    """Python sets signal handlers from the main thread only; a library caller's worker
    thread still writes atomically."""
    target = tmp_path / "trip.ics"
    errors: list[BaseException] = []

    def work() -> None:
        try:
            write_atomically(str(target), [b"BEGIN:VCALENDAR\r\n"])
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert errors == []
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\n"


def test_write_atomically_is_called_as_before(tmp_path: Path) -> None:
    """Other modules call write_atomically(path, pieces): no new argument is required."""
    target = tmp_path / "a.txt"
    write_atomically(str(target), iter([b"a", b"b"]))
    assert target.read_bytes() == b"ab"


def test_a_temporary_name_taken_by_another_file_is_never_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "trip.ics"
    monkeypatch.setattr(os, "urandom", lambda n: b"\x00" * n)
    theirs = tmp_path / ".trip.ics.000000000000.tripplan.tmp"
    theirs.write_text("another program's")
    with pytest.raises(TripError, match="cannot write: File exists"):
        write_atomically(str(target), [b"x"])
    assert theirs.read_text() == "another program's"
    assert not target.exists()


def test_any_write_of_the_folder_sweeps_a_killed_writes_temporary_file(tmp_path: Path) -> None:
    """shared/spec/cli.md: after SIGKILL, the next write of that folder removes what was
    left; `export -o` is such a write as much as an edit (tests/test_edit_locking.py kills
    a real writer). Left: unlocked, and unchanged for fileio.STALE_AFTER seconds."""
    left = tmp_path / ".trip.ics.0123456789ab.tripplan.tmp"
    left.write_bytes(b"BEGIN:VCALENDAR\r\n")
    long_ago = time.time() - fileio.STALE_AFTER - 60
    os.utime(left, (long_ago, long_ago))
    result = tripplan("export", "ics", SAMPLE, "-o", tmp_path / "other.ics")
    assert (result.code, result.err) == (0, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.ics"]


def test_a_batch_of_writes_sweeps_each_folder_once(tmp_path: Path) -> None:
    """`one_sweep` (export vdir's 10,000 files): the folder's leftovers of killed writes
    are swept on the batch's first write only; the next write after the batch sweeps."""

    def leftover() -> Path:
        path = tmp_path / f".x.ics.{os.urandom(6).hex()}.tripplan.tmp"
        path.write_bytes(b"killed")
        old = time.time() - fileio.STALE_AFTER - 10
        os.utime(path, (old, old))
        return path

    first = leftover()
    with fileio.one_sweep():
        write_atomically(str(tmp_path / "a.ics"), [b"a"])
        assert not first.exists()  # swept by the batch's first write
        second = leftover()
        write_atomically(str(tmp_path / "b.ics"), [b"b"])
        assert second.exists()  # not swept again within the batch
    write_atomically(str(tmp_path / "c.ics"), [b"c"])
    assert not second.exists()
