"""`tripplan edit FILE` (cli.md 1.1): $VISUAL or $EDITOR on a private copy, which replaces
the file only when it loads and adds no error (unless --force), under the edit lock and
only over the bytes that were copied. Driven by scripted editors: small Python scripts
that change the copy as a person would, or fail, or change the original meanwhile."""

from __future__ import annotations

import io
import os
import select
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from helpers import ROOT, SAMPLE, assert_one_clean_line, tripplan
from tripplan.cli import run
from tripplan.cli.env import Environment
from tripplan.edit.external import EditorCommand, editor_command

TIMEOUT = 120  # seconds a subprocess may take on a loaded machine
TITLE = b'title = "EV cooperation MOU with Mayor Villaraigosa"'
RETITLED = b'title = "EV MOU with Mayor Villaraigosa"'
LENGTH = b'duration = "1h"\nvenue = "Los Angeles City Hall"'  # la-mou's, line 50
NO_LENGTH = b'duration = "soon"\nvenue = "Los Angeles City Hall"'
START = b"start = 2010-11-16T15:00:00"  # la-mou's
OVERLAPPING = b"start = 2010-11-17T08:00:00"  # into leg am649, which leaves at 08:35
INVALID_LINE = (
    "{file}:50: events[0] \"la-mou\": 'soon' is not a duration (write 90m, 1h30m, 2h or PT1H30M)"
)
LAST = b'arrive = 2010-11-23T17:20:00           # Seoul time, the next day\nmode = "flight"\n'
OVERLAP_LINE = (
    'new error: overlap: la-mou, am649 (mayor, delegation): "EV cooperation MOU with Mayor'
    ' Villaraigosa" and "AM649 Los Angeles to Mexico City" share 25 min'
)

# An editor: applies its round's replacements to the copy (round N: the Nth list), and
# fails (status 3) when the copy does not hold the text replaced, so a second round sees
# what the first left. It writes down the path it was given.
EDITOR = """\
import json, pathlib, sys
copy = pathlib.Path(sys.argv[-1])
here = pathlib.Path(__file__).parent
rounds = json.loads((here / "rounds.json").read_text())
count = here / "count"
done = int(count.read_text()) if count.exists() else 0
count.write_text(str(done + 1))
(here / "argv").write_text(json.dumps(sys.argv[1:]))
data = copy.read_bytes()
for old, new in rounds[done]:
    if old.encode() not in data:
        sys.exit(3)
    data = data.replace(old.encode(), new.encode())
copy.write_bytes(data)
"""


@pytest.fixture
def trip(tmp_path: Path) -> Path:
    path = tmp_path / "trip.toml"
    path.write_bytes(SAMPLE.read_bytes())
    return path


@pytest.fixture
def temps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder the copies are made in (tempfile's), empty: each test sees it empty again."""
    folder = tmp_path / "temps"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def editor(tmp_path: Path, *rounds: list[tuple[bytes, bytes]]) -> str:
    """The command line of a scripted editor that makes `rounds` (one list per run)."""
    import json

    folder = tmp_path / "editor"
    folder.mkdir(exist_ok=True)
    (folder / "rounds.json").write_text(
        json.dumps([[(old.decode(), new.decode()) for old, new in r] for r in rounds])
    )
    script = folder / "edit.py"
    script.write_text(EDITOR)
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


def runs(tmp_path: Path) -> int:
    count = tmp_path / "editor" / "count"
    return int(count.read_text()) if count.exists() else 0


@pytest.fixture
def visual(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv("EDITOR", raising=False)
    return monkeypatch


def test_a_valid_edit_replaces_the_file_with_the_bytes_written(
    trip: Path, temps: Path, tmp_path: Path, visual: pytest.MonkeyPatch
) -> None:
    visual.setenv("VISUAL", editor(tmp_path, [(TITLE, RETITLED)]))
    old = trip.read_bytes()
    result = tripplan("edit", trip)
    assert (result.code, result.out) == (0, "")
    assert result.err == f"tripplan: {trip}: changed event 'la-mou'\n"
    assert trip.read_bytes() == old.replace(TITLE, RETITLED)
    assert list(temps.iterdir()) == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back


def test_the_copy_is_private_named_as_the_file_and_removed(
    trip: Path, temps: Path, tmp_path: Path, visual: pytest.MonkeyPatch
) -> None:
    import json

    visual.setenv("VISUAL", editor(tmp_path, []) + " --wait")  # arguments come first
    assert tripplan("edit", trip).code == 0
    argv = json.loads((tmp_path / "editor" / "argv").read_text())
    assert argv[0] == "--wait"
    copy = Path(argv[1])
    assert (copy.name, copy.parent.parent) == ("trip.toml", temps)
    assert copy.parent.name.startswith("tripplan-edit-")
    assert not copy.parent.exists()


def test_the_copy_is_readable_by_its_owner_alone(
    trip: Path, temps: Path, tmp_path: Path, visual: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "modes.py"
    script.write_text(
        "import os, sys\n"
        "copy = sys.argv[1]\n"
        "modes = (os.stat(copy).st_mode & 0o777, os.stat(os.path.dirname(copy)).st_mode & 0o777)\n"
        f"open({str(tmp_path / 'modes')!r}, 'w').write(repr(modes))\n"
    )
    visual.setenv("VISUAL", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
    assert tripplan("edit", trip).err == f"tripplan: {trip}: no changes\n"
    assert (tmp_path / "modes").read_text() == repr((0o600, 0o700))


def test_a_file_not_named_toml_is_copied_to_a_name_that_is(
    tmp_path: Path, temps: Path, visual: pytest.MonkeyPatch
) -> None:
    import json

    trip = tmp_path / "trip.txt"
    trip.write_bytes(SAMPLE.read_bytes())
    visual.setenv("VISUAL", editor(tmp_path, [(TITLE, RETITLED)]))
    assert tripplan("edit", trip).code == 0
    assert Path(json.loads((tmp_path / "editor" / "argv").read_text())[0]).name == "trip.txt.toml"
    assert trip.read_bytes() == SAMPLE.read_bytes().replace(TITLE, RETITLED)


def test_an_invalid_copy_is_refused_off_a_terminal(
    trip: Path, temps: Path, tmp_path: Path, visual: pytest.MonkeyPatch
) -> None:
    visual.setenv("VISUAL", editor(tmp_path, [(LENGTH, NO_LENGTH)], [(NO_LENGTH, LENGTH)]))
    old = trip.read_bytes()
    result = tripplan("edit", trip)
    assert result.code == 2
    assert assert_one_clean_line(result.err) == "tripplan: " + INVALID_LINE.format(file=trip)
    assert trip.read_bytes() == old
    assert runs(tmp_path) == 1  # not reopened: no terminal to ask on
    assert list(temps.iterdir()) == []


def test_a_new_error_is_refused_and_forced_written(
    trip: Path, temps: Path, tmp_path: Path, visual: pytest.MonkeyPatch
) -> None:
    old = trip.read_bytes()
    visual.setenv("VISUAL", editor(tmp_path, [(START, OVERLAPPING)], [(START, OVERLAPPING)]))
    refused = tripplan("edit", trip)
    assert refused.code == 1
    assert refused.err.splitlines() == [
        f"tripplan: {trip}: not written: changed event 'la-mou'",
        f"tripplan: {trip}: {OVERLAP_LINE}",
        f"tripplan: {trip}: nothing written: the edit adds an error (--force writes it)",
    ]
    assert trip.read_bytes() == old
    forced = tripplan("edit", trip, "--force")
    assert forced.code == 1  # written, and the error said, as every forced edit
    assert forced.err.splitlines() == [
        f"tripplan: {trip}: changed event 'la-mou'",
        f"tripplan: {trip}: {OVERLAP_LINE}",
    ]
    assert trip.read_bytes() == old.replace(START, OVERLAPPING, 1)
    assert list(temps.iterdir()) == []


def test_an_error_the_file_had_does_not_stop_the_edit(
    trip: Path, temps: Path, tmp_path: Path, visual: pytest.MonkeyPatch
) -> None:
    trip.write_bytes(SAMPLE.read_bytes().replace(START, OVERLAPPING, 1))
    before = trip.read_bytes()
    visual.setenv("VISUAL", editor(tmp_path, [(TITLE, RETITLED)]))
    result = tripplan("edit", trip)
    assert (result.code, result.err) == (0, f"tripplan: {trip}: changed event 'la-mou'\n")
    assert trip.read_bytes() == before.replace(TITLE, RETITLED)


def test_an_unchanged_copy_writes_nothing(
    trip: Path, temps: Path, tmp_path: Path, visual: pytest.MonkeyPatch
) -> None:
    visual.setenv("VISUAL", editor(tmp_path, []))
    before = trip.stat()
    result = tripplan("edit", trip)
    assert (result.code, result.out, result.err) == (0, "", f"tripplan: {trip}: no changes\n")
    after = trip.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert list(temps.iterdir()) == []


def test_a_file_changed_while_edited_is_not_written_and_the_copy_is_kept(
    trip: Path, temps: Path, tmp_path: Path, visual: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "meanwhile.py"
    script.write_text(
        "import pathlib, sys\n"
        "copy = pathlib.Path(sys.argv[1])\n"
        f"copy.write_bytes(copy.read_bytes().replace({TITLE!r}, {RETITLED!r}))\n"
        f"trip = pathlib.Path({str(trip)!r})\n"
        "trip.write_bytes(trip.read_bytes() + b'# changed by someone else\\n')\n"
    )
    visual.setenv("VISUAL", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
    result = tripplan("edit", trip)
    assert result.code == 2
    (kept,) = temps.glob("tripplan-edit-*/trip.toml")
    assert assert_one_clean_line(result.err) == (
        f"tripplan: {trip}: nothing written: the file changed while you edited it;"
        f" your edit is kept in {kept}"
    )
    assert trip.read_bytes() == SAMPLE.read_bytes() + b"# changed by someone else\n"
    assert kept.read_bytes() == SAMPLE.read_bytes().replace(TITLE, RETITLED)


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (
            "no-such-editor-here --wait",
            "no editor 'no-such-editor-here' ($VISUAL); set VISUAL or EDITOR",
        ),
        ("false", "the editor 'false' exited with status 1"),
    ],
)
def test_an_editor_that_fails_writes_nothing(
    trip: Path, temps: Path, visual: pytest.MonkeyPatch, command: str, says: str
) -> None:
    visual.setenv("VISUAL", command)
    result = tripplan("edit", trip)
    assert result.code == 2
    assert assert_one_clean_line(result.err) == f"tripplan: {trip}: nothing written: {says}"
    assert trip.read_bytes() == SAMPLE.read_bytes()
    assert list(temps.iterdir()) == []


def test_an_editor_that_writes_and_fails_writes_nothing(
    trip: Path, temps: Path, tmp_path: Path, visual: pytest.MonkeyPatch
) -> None:
    visual.setenv("VISUAL", f"sh -c '{editor(tmp_path, [(TITLE, RETITLED)])} \"$0\"; exit 4'")
    result = tripplan("edit", trip)
    assert (result.code, result.err) == (
        2, f"tripplan: {trip}: nothing written: the editor 'sh' exited with status 4\n"
    )  # fmt: skip
    assert runs(tmp_path) == 1
    assert trip.read_bytes() == SAMPLE.read_bytes()
    assert list(temps.iterdir()) == []


def test_an_editor_that_removes_the_copy_writes_nothing(
    trip: Path, temps: Path, visual: pytest.MonkeyPatch
) -> None:
    visual.setenv("VISUAL", "rm")
    result = tripplan("edit", trip)
    assert result.code == 2
    line = assert_one_clean_line(result.err)
    assert line.startswith(f"tripplan: {trip}: nothing written: the copy {temps}/tripplan-edit-")
    assert line.endswith("/trip.toml: no such file")
    assert trip.read_bytes() == SAMPLE.read_bytes()
    assert list(temps.iterdir()) == []


def test_what_cannot_be_edited_is_refused_before_the_editor_opens(
    trip: Path, temps: Path, tmp_path: Path, visual: pytest.MonkeyPatch
) -> None:
    visual.setenv("VISUAL", editor(tmp_path, [(TITLE, RETITLED)]))
    trip.chmod(0o444)
    result = tripplan("edit", trip)
    assert (result.code, result.err) == (
        2, f"tripplan: {trip}: is read-only (-r--r--r--): not edited\n"
    )  # fmt: skip
    stdin = tripplan("edit", "-")
    assert (stdin.code, stdin.err) == (
        2, "tripplan: -: standard input cannot be edited; give the trip file's path\n"
    )  # fmt: skip
    missing = tripplan("edit", tmp_path / "nope.toml")
    assert (missing.code, missing.err) == (2, f"tripplan: {tmp_path}/nope.toml: no such file\n")
    assert runs(tmp_path) == 0
    assert list(temps.iterdir()) == []


def test_a_copy_that_cannot_be_made_is_said(
    trip: Path, tmp_path: Path, visual: pytest.MonkeyPatch
) -> None:
    visual.setattr(tempfile, "tempdir", str(tmp_path / "gone"))
    visual.setenv("VISUAL", editor(tmp_path, [(TITLE, RETITLED)]))
    result = tripplan("edit", trip)
    assert (result.code, result.err) == (
        2, f"tripplan: {trip}: cannot make a copy in {tmp_path}/gone: No such file or directory\n"
    )  # fmt: skip
    assert runs(tmp_path) == 0


def test_a_file_that_was_no_trip_can_be_mended(
    trip: Path, temps: Path, tmp_path: Path, visual: pytest.MonkeyPatch
) -> None:
    trip.write_bytes(SAMPLE.read_bytes().replace(LENGTH, NO_LENGTH))
    visual.setenv("VISUAL", editor(tmp_path, [(NO_LENGTH, LENGTH)]))
    result = tripplan("edit", trip)
    assert result.err == f"tripplan: {trip}: edited by hand: the file was no valid trip before\n"
    assert result.code == 0
    assert trip.read_bytes() == SAMPLE.read_bytes()


def test_what_changed_is_said_entry_by_entry(
    trip: Path, temps: Path, tmp_path: Path, visual: pytest.MonkeyPatch
) -> None:
    ke017 = SAMPLE.read_bytes().split(b"[[travel]]\n")[1].split(b"\n\n")[0]
    visual.setenv(
        "VISUAL",
        editor(
            tmp_path,
            [
                (TITLE, RETITLED),
                (b'id = "am649"', b'id = "am-649"'),
                (b"[[travel]]\n" + ke017 + b"\n\n", b""),  # moved to the end of the file:
                (LAST, LAST + b"\n[[travel]]\n" + ke017 + b"\n"),  # not a change
                (
                    b"[places.seoul]",
                    b"[places.busan]\nname = 'Busan'\ntz = 'Asia/Seoul'\n\n[places.seoul]",
                ),
                (b'buffer = "90m"', b'buffer = "1h"'),
            ],
        ),
    )
    result = tripplan("edit", trip)
    assert result.code == 0, result.err
    assert result.err.splitlines() == [
        f"tripplan: {trip}: changed event 'la-mou'",
        f"tripplan: {trip}: added travel 'am-649'",
        f"tripplan: {trip}: cancelled travel 'am649'",
        f"tripplan: {trip}: added place 'busan'",
        f"tripplan: {trip}: changed [trip]",
    ]


def test_the_editor_is_visual_else_editor_else_vi() -> None:
    both = {"VISUAL": "code --wait --new-window", "EDITOR": "nano"}
    assert editor_command(both) == EditorCommand(("code", "--wait", "--new-window"), "VISUAL")
    assert editor_command({"VISUAL": " ", "EDITOR": "'my editor' -f"}) == EditorCommand(
        ("my editor", "-f"), "EDITOR"
    )
    assert editor_command({"TERM": "xterm"}) == EditorCommand(("vi",), "")


def test_an_editor_variable_that_is_no_command_line_is_refused(
    trip: Path, temps: Path, visual: pytest.MonkeyPatch
) -> None:
    visual.setenv("VISUAL", 'vi "unclosed')
    result = tripplan("edit", trip)
    assert (result.code, result.err) == (
        2, "tripplan: VISUAL: 'vi \"unclosed' is not a command line: No closing quotation\n"
    )  # fmt: skip
    assert list(temps.iterdir()) == []


# On a terminal: a refused copy is shown, and the editor reopened on it when asked.


class _TtyText(io.StringIO):
    def isatty(self) -> bool:
        return True


class _TtyBytes(io.BytesIO):
    def isatty(self) -> bool:
        return True


def on_a_terminal(*args: str | Path, answers: bytes) -> tuple[int, str]:
    """Run a command as from a terminal (stdin and stderr are one): status, stderr."""
    err = _TtyText()
    env = Environment(stdout=io.StringIO(), stderr=err, stdin=_TtyBytes(answers))
    return run([str(a) for a in args], env), err.getvalue()


PROMPT = "What now? [e]dit again / [q]uit without saving: "


def test_on_a_terminal_an_invalid_copy_is_edited_again(
    trip: Path, temps: Path, tmp_path: Path, visual: pytest.MonkeyPatch
) -> None:
    # The second round finds the first one's edit in the copy (the editor fails if not).
    visual.setenv(
        "VISUAL", editor(tmp_path, [(LENGTH, NO_LENGTH)], [(NO_LENGTH, LENGTH), (TITLE, RETITLED)])
    )
    code, err = on_a_terminal("edit", trip, answers=b"what?\ne\n")
    assert err == (
        f"tripplan: {INVALID_LINE.format(file=trip)}\n"
        + PROMPT * 2  # an answer that is neither is asked again
        + f"tripplan: {trip}: changed event 'la-mou'\n"
    )
    assert code == 0
    assert runs(tmp_path) == 2
    assert trip.read_bytes() == SAMPLE.read_bytes().replace(TITLE, RETITLED)
    assert list(temps.iterdir()) == []


def test_on_a_terminal_a_new_error_is_shown_and_quitting_writes_nothing(
    trip: Path, temps: Path, tmp_path: Path, visual: pytest.MonkeyPatch
) -> None:
    visual.setenv("VISUAL", editor(tmp_path, [(START, OVERLAPPING)]))
    code, err = on_a_terminal("edit", trip, answers=b"q\n")
    assert err.split("\n") == [
        f"tripplan: {trip}: not written: changed event 'la-mou'",
        f"tripplan: {trip}: {OVERLAP_LINE}",
        f"tripplan: {trip}: nothing written: the edit adds an error (--force writes it)",
        PROMPT,
    ]
    assert code == 1
    assert trip.read_bytes() == SAMPLE.read_bytes()
    assert list(temps.iterdir()) == []


def test_on_a_terminal_the_end_of_input_quits(
    trip: Path, temps: Path, tmp_path: Path, visual: pytest.MonkeyPatch
) -> None:
    visual.setenv("VISUAL", editor(tmp_path, [(LENGTH, NO_LENGTH)]))
    code, err = on_a_terminal("edit", trip, answers=b"")
    assert (code, err) == (2, f"tripplan: {INVALID_LINE.format(file=trip)}\n{PROMPT}\n")
    assert trip.read_bytes() == SAMPLE.read_bytes()


def test_on_a_terminal_forced_a_new_error_is_written_at_once(
    trip: Path, temps: Path, tmp_path: Path, visual: pytest.MonkeyPatch
) -> None:
    visual.setenv("VISUAL", editor(tmp_path, [(START, OVERLAPPING)]))
    code, err = on_a_terminal("edit", trip, "--force", answers=b"")
    assert (code, err) == (
        1, f"tripplan: {trip}: changed event 'la-mou'\ntripplan: {trip}: {OVERLAP_LINE}\n"
    )  # fmt: skip
    assert trip.read_bytes() == SAMPLE.read_bytes().replace(START, OVERLAPPING, 1)


# In a process of its own: a real terminal (a pty), Ctrl-C, SIGTERM.


def _command(trip: Path, visual: str, temps: Path) -> tuple[list[str], dict[str, str]]:
    env = {**os.environ, "VISUAL": visual, "TMPDIR": str(temps), "NO_COLOR": "1"}
    env.pop("EDITOR", None)
    return [sys.executable, "-m", "tripplan", "edit", str(trip)], env


def _read_until(master: int, wanted: bytes, seen: bytearray) -> None:
    deadline = time.monotonic() + TIMEOUT
    while wanted not in seen:
        ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            pytest.fail(f"waited for {wanted!r}; saw {bytes(seen)!r}")
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the other side closed
            chunk = b""
        if not chunk:
            pytest.fail(f"ended before {wanted!r}; saw {bytes(seen)!r}")
        seen += chunk


def test_in_a_real_terminal_the_editor_is_reopened(trip: Path, temps: Path, tmp_path: Path) -> None:
    import pty

    visual = editor(tmp_path, [(LENGTH, NO_LENGTH)], [(NO_LENGTH, LENGTH), (TITLE, RETITLED)])
    command, env = _command(trip, visual, temps)
    master, slave = pty.openpty()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    seen = bytearray()
    try:
        _read_until(master, PROMPT.encode(), seen)
        os.write(master, b"e\n")
        _read_until(master, b"changed event 'la-mou'\r\n", seen)
        assert process.wait(timeout=TIMEOUT) == 0
    finally:
        process.kill()
        os.close(master)
    lines = bytes(seen).decode().split("\r\n")
    assert lines[0] == f"tripplan: {INVALID_LINE.format(file=trip)}"
    assert lines[1:] == [PROMPT + "e", f"tripplan: {trip}: changed event 'la-mou'", ""]  # e: echoed
    assert trip.read_bytes() == SAMPLE.read_bytes().replace(TITLE, RETITLED)
    assert list(temps.iterdir()) == []


def test_sigterm_at_the_prompt_removes_the_copy(trip: Path, temps: Path, tmp_path: Path) -> None:
    import pty

    command, env = _command(trip, editor(tmp_path, [(LENGTH, NO_LENGTH)]), temps)
    master, slave = pty.openpty()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    try:
        _read_until(master, PROMPT.encode(), bytearray())
        assert len(list(temps.iterdir())) == 1  # the copy, while the user thinks
        process.terminate()
        assert process.wait(timeout=TIMEOUT) == -signal.SIGTERM
    finally:
        process.kill()
        os.close(master)
    assert trip.read_bytes() == SAMPLE.read_bytes()
    assert list(temps.iterdir()) == []


def test_ctrl_c_in_the_editor_ends_the_command_and_removes_the_copy(
    trip: Path, temps: Path, tmp_path: Path
) -> None:
    script = tmp_path / "interrupted.py"
    script.write_text(  # as a terminal's Ctrl-C: SIGINT to the whole foreground group
        "import os, pathlib, signal, sys, time\n"
        "pathlib.Path(sys.argv[1]).write_text('half typed')\n"
        "signal.signal(signal.SIGINT, signal.SIG_DFL)\n"
        "os.killpg(0, signal.SIGINT)\n"
        "time.sleep(60)\n"
    )
    command, env = _command(
        trip, f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}", temps
    )
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT,
        start_new_session=True, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (-signal.SIGINT, "")  # as a shell wants it: 130
    assert trip.read_bytes() == SAMPLE.read_bytes()
    assert list(temps.iterdir()) == []


def test_ctrl_c_taken_by_the_editor_as_a_key_leaves_the_edit_going(
    trip: Path, temps: Path, tmp_path: Path
) -> None:
    script = tmp_path / "vi_like.py"
    script.write_text(  # as vi: Ctrl-C interrupts a command of the editor, which goes on
        "import os, pathlib, signal, sys\n"
        "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
        "os.killpg(0, signal.SIGINT)\n"
        "copy = pathlib.Path(sys.argv[1])\n"
        f"copy.write_bytes(copy.read_bytes().replace({TITLE!r}, {RETITLED!r}))\n"
    )
    command, env = _command(
        trip, f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}", temps
    )
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT,
        start_new_session=True, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, f"tripplan: {trip}: changed event 'la-mou'\n")
    assert trip.read_bytes() == SAMPLE.read_bytes().replace(TITLE, RETITLED)
    assert list(temps.iterdir()) == []


def test_sigterm_while_the_editor_runs_stops_it_and_removes_the_copy(
    trip: Path, temps: Path, tmp_path: Path
) -> None:
    pids = tmp_path / "editor.pid"
    script = tmp_path / "slow.py"
    script.write_text(
        "import os, pathlib, sys, time\n"
        f"pathlib.Path({str(pids)!r}).write_text(str(os.getpid()))\n"
        "pathlib.Path(sys.argv[1]).write_text('half typed')\n"
        "time.sleep(60)\n"
    )
    command, env = _command(
        trip, f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}", temps
    )
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE)
    deadline = time.monotonic() + TIMEOUT
    while not pids.exists() or not pids.read_text():
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    process.terminate()
    assert process.wait(timeout=TIMEOUT) == -signal.SIGTERM
    assert process.stderr is not None and process.stderr.read() == b""
    with pytest.raises(ProcessLookupError):  # the editor was stopped (and reaped) too
        os.kill(int(pids.read_text()), 0)
    assert trip.read_bytes() == SAMPLE.read_bytes()
    assert list(temps.iterdir()) == []


def test_edit_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert tripplan("edit", "--help").code == 0
    out = capsys.readouterr().out
    assert "$VISUAL" in out and "--force" in out


def test_a_change_of_comments_alone_is_said_so_and_many_changes_counted() -> None:
    from tripplan.edit.external import changes
    from tripplan.load import loads_trip

    data = SAMPLE.read_bytes()
    before = loads_trip(data, "trip.toml")
    comments = loads_trip(data.replace(b"ASSUMED", b"guessed"), "trip.toml")
    assert changes(before, comments) == ("edited by hand: no entry, place or [trip] key changed",)
    titles = loads_trip(data.replace(b'\ntitle = "', b'\ntitle = "New: '), "trip.toml")
    said = changes(before, titles)  # the 10 entries and [trip]: 9 said, then a count
    assert len(said) == 10
    assert said[0] == "changed travel 'ke017'"
    assert said[-1] == "and 2 more changes"
