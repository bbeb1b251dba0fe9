"""The command's edges, run as real processes (the installed `tripplan` script and
`python -m tripplan`) under real shells: shared/spec/cli.md's exit statuses and "Output
rules" for closed pipes (141, quietly), other write errors (one line, 2), closed standard
descriptors, any locale (UTF-8 out), and signals (Ctrl-C from the first instruction;
SIGINT, SIGTERM and SIGHUP mid-export leave the old file and no temporary file).

A process ended by a signal is seen here as a negative return code; a shell shows it as
128 + the signal (130 for SIGINT)."""

from __future__ import annotations

import os
import select
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import CONFLICTS, SAMPLE

SCRIPT = Path(sys.executable).with_name("tripplan")
ENTRIES = {"script": [str(SCRIPT)], "module": [sys.executable, "-m", "tripplan"]}


@pytest.fixture(params=list(ENTRIES), ids=list(ENTRIES))
def command(request: pytest.FixtureRequest) -> list[str]:
    """The installed script, then `python -m tripplan`."""
    if request.param == "script" and not SCRIPT.exists():
        pytest.skip(f"no installed script beside {sys.executable}")
    return ENTRIES[request.param]


def shell(line: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """Run one line of bash (for its redirections), capturing stdout and stderr."""
    return subprocess.run(
        ["bash", "-c", line],
        capture_output=True,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )


def big_trip(folder: Path, events: int) -> Path:
    """A trip of `events` meetings, four a day: its tables and JSON pass a pipe's 64 kB."""
    lines = [
        "[trip]",
        'title = "Long season"',
        'home = "seoul"',
        'travellers = ["mayor"]',
        "[places.seoul]",
        'tz = "Asia/Seoul"',
    ]
    for n in range(events):
        day, slot = divmod(n, 4)
        lines += [
            "[[events]]",
            f'id = "m{n}"',
            f'title = "Meeting {n} on the city\'s green budget"',
            'place = "seoul"',
            f"start = {_date(day)}T{9 + 2 * slot:02d}:00:00",
            'duration = "1h"',
        ]
    path = folder / f"big-{events}.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def _date(day: int) -> str:
    from datetime import date, timedelta

    return (date(2010, 1, 1) + timedelta(days=day)).isoformat()


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return big_trip(tmp_path_factory.mktemp("big"), 2000)


# -- standard output closed early: 141, quietly --------------------------------------------

PIPED = [
    ("itinerary",),
    ("itinerary", "--json"),
    ("agenda",),
    ("agenda", "--json"),
    ("export", "ics"),
]


@pytest.mark.parametrize("args", PIPED, ids=" ".join)
def test_a_reader_that_stops_early_ends_the_command_quietly_with_141(
    command: list[str], big: Path, args: tuple[str, ...]
) -> None:
    """`tripplan ... | head -1`: the reader takes one line and goes."""
    child = subprocess.Popen(
        [*command, *args, str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.readline()
    child.stdout.close()
    error = child.stderr.read()
    assert (child.wait(), error) == (141, b"")


@pytest.mark.parametrize("args", PIPED[:3], ids=" ".join)
def test_piped_into_true_is_141_too(command: list[str], big: Path, args: tuple[str, ...]) -> None:
    done = shell(f'{shlex.join([*command, *args, str(big)])} | true; echo "$PIPESTATUS" >&2')
    assert done.stderr == b"141\n"


def test_head_sees_the_first_lines_as_written(command: list[str], big: Path) -> None:
    args = [*command, "itinerary", "--json", str(big)]
    done = shell(f"{shlex.join(args)} | head -2")
    assert done.stderr == b""
    assert done.stdout == b"".join(expected(*args[len(command) :]).splitlines(True)[:2])


# -- any other write error: one line, status 2 ----------------------------------------------

FULL = "tripplan: <stdout>: cannot write: No space left on device\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    "args",
    [
        ("itinerary", str(SAMPLE)),
        ("itinerary", "--json", str(SAMPLE)),
        ("agenda", str(SAMPLE)),
        ("check", str(CONFLICTS)),
        ("check", "--json", str(CONFLICTS)),
        ("validate", str(SAMPLE)),
        ("export", "ics", str(SAMPLE)),
        ("--help",),
        ("--version",),
        ("itinerary", "--help"),
    ],
    ids=lambda args: " ".join(a if "/" not in a else Path(a).name for a in args),
)
def test_a_full_disk_is_one_line_and_status_2(command: list[str], args: tuple[str, ...]) -> None:
    done = shell(f"{shlex.join([*command, *args])} >/dev/full")
    assert (done.returncode, done.stderr.decode()) == (2, FULL)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_disk_after_a_megabyte_is_the_same_line(command: list[str], big: Path) -> None:
    done = shell(f"{shlex.join([*command, 'itinerary', '--json', str(big)])} >/dev/full")
    assert (done.returncode, done.stderr.decode()) == (2, FULL)


# -- closed standard descriptors ---------------------------------------------------------


def expected(*args: str) -> bytes:
    """What the command writes with every descriptor open."""
    done = subprocess.run(
        [sys.executable, "-m", "tripplan", *args], capture_output=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, b"")
    return done.stdout


@pytest.mark.parametrize("args", [("itinerary", str(SAMPLE)), ("itinerary", "--json", str(SAMPLE))])
def test_closed_stdin_does_not_matter_to_a_file(command: list[str], args: tuple[str, ...]) -> None:
    done = shell(f"{shlex.join([*command, *args])} <&-")
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout == expected(*args)


def test_closed_stdin_read_as_the_trip_is_one_line(command: list[str]) -> None:
    done = shell(f"{shlex.join([*command, 'itinerary', '-'])} <&-")
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr == b"tripplan: <stdin>: cannot read: Bad file descriptor\n"


@pytest.mark.parametrize(
    "args",
    [("itinerary", str(SAMPLE)), ("check", "--json", str(SAMPLE)), ("--version",)],
    ids=["itinerary", "check-json", "version"],
)
def test_closed_stdout_is_one_line(command: list[str], args: tuple[str, ...]) -> None:
    done = shell(f"{shlex.join([*command, *args])} >&-")
    assert done.returncode == 2
    assert done.stderr == b"tripplan: <stdout>: cannot write: Bad file descriptor\n"


def test_stdout_open_for_reading_only_is_one_line(command: list[str]) -> None:
    done = shell(f"{shlex.join([*command, 'itinerary', str(SAMPLE)])} 1</dev/null")
    assert done.returncode == 2
    assert done.stderr == b"tripplan: <stdout>: cannot write: Bad file descriptor\n"


def test_closed_stdout_does_not_matter_to_an_export_to_a_file(
    command: list[str], tmp_path: Path
) -> None:
    target = tmp_path / "trip.ics"
    done = shell(f"{shlex.join([*command, 'export', 'ics', str(SAMPLE), '-o', str(target)])} >&-")
    assert (done.returncode, done.stderr) == (0, b"")
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_closed_stderr_keeps_errors_out_of_stdout(command: list[str], tmp_path: Path) -> None:
    """`2>&-`: an error has nowhere to go, and must not go into the JSON on stdout."""
    missing = tmp_path / "missing.toml"
    done = shell(f"{shlex.join([*command, 'itinerary', '--json', str(missing)])} 2>&-")
    assert (done.returncode, done.stdout) == (2, b"")


def test_closed_stderr_leaves_good_output_alone(command: list[str], tmp_path: Path) -> None:
    args = ("itinerary", "--json", str(SAMPLE))
    done = shell(f"{shlex.join([*command, *args])} 2>&-")
    assert (done.returncode, done.stdout) == (0, expected(*args))
    target = tmp_path / "trip.ics"
    done = shell(f"{shlex.join([*command, 'export', 'ics', str(SAMPLE), '-o', str(target)])} 2>&-")
    assert done.returncode == 0
    assert target.read_bytes().endswith(b"END:VCALENDAR\r\n")


def test_closed_stderr_with_a_bad_export_writes_no_file(command: list[str], tmp_path: Path) -> None:
    target = tmp_path / "trip.ics"
    bad = tmp_path / "bad.toml"
    bad.write_text("[trip\n")
    done = shell(f"{shlex.join([*command, 'export', 'ics', str(bad), '-o', str(target)])} 2>&-")
    assert (done.returncode, done.stdout) == (2, b"")
    assert list(tmp_path.iterdir()) == [bad]


def test_every_descriptor_closed(command: list[str]) -> None:
    done = shell(f"{shlex.join([*command, 'itinerary', str(SAMPLE)])} <&- >&- 2>&-")
    assert done.returncode == 2


# -- any locale: UTF-8 out -----------------------------------------------------------------

LOCALES = {
    "PYTHONIOENCODING=latin-1": {"PYTHONIOENCODING": "latin-1"},
    "PYTHONIOENCODING=ascii": {"PYTHONIOENCODING": "ascii"},
    "LC_ALL=C PYTHONUTF8=0": {"LC_ALL": "C", "PYTHONUTF8": "0"},
    "LANG=C no coercion": {"LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},
}

HANGUL = """[trip]
title = "서울시장 미주 순방 — Zürich ↔ القاهرة"
home = "seoul"
travellers = ["오세훈"]
[places.seoul]
name = "서울"
tz = "Asia/Seoul"
[[events]]
title = "시청 회의 → 다음"
place = "seoul"
start = 2010-11-16T09:00:00
duration = "1h"
"""


def _environment(changes: dict[str, str]) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONIO"))}
    base.pop("LANG", None)
    base.pop("PYTHONUTF8", None)
    return {**base, **changes}


@pytest.mark.parametrize("locale", list(LOCALES))
@pytest.mark.parametrize(
    "args",
    [("itinerary",), ("agenda",), ("itinerary", "--json"), ("export", "ics"), ("check",)],
    ids=" ".join,
)
def test_output_is_utf8_whatever_the_locale(
    command: list[str], tmp_path: Path, locale: str, args: tuple[str, ...]
) -> None:
    trip = tmp_path / "hangul.toml"
    trip.write_text(HANGUL, encoding="utf-8")
    utf8 = subprocess.run(
        [*command, *args, str(trip)],
        capture_output=True,
        check=False,
        env=_environment({"LC_ALL": "C.UTF-8"}),
    )
    assert (utf8.returncode, utf8.stderr) == (0, b"")
    assert "서울".encode() in utf8.stdout  # in a title or a place's name: non-ASCII is there
    done = subprocess.run(
        [*command, *args, str(trip)],
        capture_output=True,
        check=False,
        env=_environment(LOCALES[locale]),
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert _undated(done.stdout) == _undated(utf8.stdout)


def _undated(output: bytes) -> bytes:
    """Without an ICS export's DTSTAMP lines, which state when each process ran."""
    return b"".join(line for line in output.splitlines(True) if not line.startswith(b"DTSTAMP:"))


@pytest.mark.parametrize("locale", list(LOCALES))
def test_messages_are_utf8_whatever_the_locale(
    command: list[str], tmp_path: Path, locale: str
) -> None:
    trip = tmp_path / "hangul.toml"
    trip.write_text(HANGUL.replace('place = "seoul"', 'place = "부산"'), encoding="utf-8")
    done = subprocess.run(
        [*command, "validate", str(trip)],
        capture_output=True,
        check=False,
        env=_environment(LOCALES[locale]),
    )
    assert done.returncode == 2
    message = done.stderr.decode("utf-8")
    assert message.startswith(f"tripplan: {trip}:")
    assert "부산" in message


@pytest.mark.parametrize("locale", list(LOCALES))
def test_a_non_ascii_file_name_is_shown_as_written_whatever_the_locale(
    command: list[str], tmp_path: Path, locale: str
) -> None:
    """Under LC_ALL=C with PYTHONUTF8=0 Python decodes argv as ASCII, the name's bytes as
    surrogate escapes; the message shows the name as its UTF-8 says, not as escapes."""
    missing = tmp_path / "여행.toml"
    done = subprocess.run(
        [*command, "validate", str(missing)],
        capture_output=True,
        check=False,
        env=_environment(LOCALES[locale]),
    )
    assert done.returncode == 2
    assert done.stderr.decode("utf-8") == f"tripplan: {missing}: no such file\n"


# -- signals -------------------------------------------------------------------------------


def _no_traceback(stderr: bytes) -> str:
    """Standard error without `-X importtime`'s lines: must be empty."""
    text = stderr.decode("utf-8", "replace")
    return "\n".join(line for line in text.splitlines() if not line.startswith("import time:"))


def _read_until(
    child: subprocess.Popen[bytes], done: Callable[[bytes], bool], seconds: float = 60
) -> bytes:
    """Read the child's stderr until `done(all read so far)`; return all read so far."""
    assert child.stderr is not None
    descriptor = child.stderr.fileno()
    deadline = time.monotonic() + seconds
    received = b""
    while not done(received):
        assert time.monotonic() < deadline, f"waited {seconds} s: {received[-2000:]!r}"
        if select.select([descriptor], [], [], 0.5)[0]:
            chunk = os.read(descriptor, 65536)
            assert chunk, f"the child ended first: {received[-2000:]!r}"
            received += chunk
    return received


def _running_tripplan(received: bytes) -> bool:
    """`-X importtime` writes a line as each import ends; the first one after the
    `tripplan` package's is an import made by tripplan/__main__.py, after its first
    instruction: from there on, tripplan's code runs."""
    names = [line.rsplit(b"|", 1)[-1].strip() for line in received.split(b"\n")[:-1]]
    return b"tripplan" in names[:-1]


@pytest.mark.parametrize("delay", [0, 0.005, 0.02, 0.05, 0.1, 0.2])
def test_ctrl_c_during_start_up_ends_the_process_cleanly(command: list[str], delay: float) -> None:
    """SIGINT from the first instruction on: during the imports (the first 0.2 s), then
    while the command waits for its trip on standard input (which never comes)."""
    read, write = os.pipe()
    try:
        child = subprocess.Popen(
            [*command, "itinerary", "-"],
            stdin=read,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"},
        )
        early = _read_until(child, _running_tripplan)
        time.sleep(delay)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
        err = early + err
    finally:
        os.close(read)
        os.close(write)
    assert (child.returncode, out, _no_traceback(err)) == (-signal.SIGINT, b"", "")


def test_ctrl_c_mid_run_ends_the_process_cleanly(command: list[str], tmp_path: Path) -> None:
    """SIGINT while a large itinerary is being written to a slow reader."""
    trip = big_trip(tmp_path, 2000)
    child = subprocess.Popen(
        [*command, "itinerary", str(trip)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert child.stdout is not None
    assert child.stdout.read(1000)  # the table is being written: the command is mid-run
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert (child.returncode, err) == (-signal.SIGINT, b"")


def test_a_shell_sees_130(command: list[str], tmp_path: Path) -> None:
    """`$?` after Ctrl-C is 130 (128 + SIGINT). Job control on (`set -m`): a script's
    background job would otherwise ignore SIGINT, and tripplan keeps it ignored."""
    fifo = tmp_path / "never"
    os.mkfifo(fifo)
    script = (
        'set -m; exec 3<>"$FIFO"; "$@" itinerary - <&3 3<&- & '
        'echo "pid=$!" >&2; wait $!; echo "status=$?" >&2'
    )
    child = subprocess.Popen(
        ["bash", "-c", script, "bash", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "FIFO": str(fifo), "PYTHONPROFILEIMPORTTIME": "1"},
    )
    early = _read_until(child, lambda got: _running_tripplan(got) and b"pid=" in got)
    (pid,) = [int(line[4:]) for line in early.splitlines() if line.startswith(b"pid=")]
    os.kill(pid, signal.SIGINT)
    _, err = child.communicate(timeout=60)
    said = _no_traceback(early + err)
    assert said.splitlines()[-1] == "status=130"  # after bash's own "Interrupt" job line
    assert "Traceback" not in said


@pytest.fixture(scope="module")
def huge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Large enough that its export takes seconds: time to catch it mid-write."""
    return big_trip(tmp_path_factory.mktemp("huge"), 20_000)


def _temporary_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def _wait_for_temporary_file(folder: Path, child: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while not _temporary_files(folder):
        assert child.poll() is None, "the export ended before its temporary file was seen"
        assert time.monotonic() < deadline
        time.sleep(0.002)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=str)
def test_a_signal_mid_export_leaves_the_old_file_and_no_temporary_file(
    command: list[str], huge: Path, tmp_path: Path, signum: signal.Signals
) -> None:
    target = tmp_path / "prev.ics"
    target.write_bytes(b"the old calendar\r\n")
    child = subprocess.Popen(
        [*command, "export", "ics", str(huge), "-o", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _wait_for_temporary_file(tmp_path, child)
    time.sleep(0.05)  # well inside the write
    child.send_signal(signum)
    out, err = child.communicate(timeout=120)
    assert (child.returncode, out, err) == (-signum, b"", b"")
    assert target.read_bytes() == b"the old calendar\r\n"
    assert list(tmp_path.iterdir()) == [target]


def test_nohup_lets_the_export_finish(command: list[str], huge: Path, tmp_path: Path) -> None:
    """An ignored SIGHUP (`nohup`) stays ignored while the file is written."""
    target = tmp_path / "prev.ics"
    target.write_bytes(b"the old calendar\r\n")
    child = subprocess.Popen(
        ["nohup", *command, "export", "ics", str(huge), "-o", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _wait_for_temporary_file(tmp_path, child)
    child.send_signal(signal.SIGHUP)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert list(tmp_path.iterdir()) == [target]
