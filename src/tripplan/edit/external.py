"""`tripplan edit`: a trip file edited by hand in the user's own editor, as visudo edits
sudoers: on a copy, which replaces the file only once it loads as a trip and adds no
error-severity finding (unless forced).

The copy is made in a private folder of its own (mode 0700, under TMPDIR) with the
file's name, so the editor shows `trip.toml` and highlights TOML, nobody else on the
machine reads a travel plan while it is edited, and the editor's swap and backup files go
with the folder when it is removed. A copy beside the trip would be seen by the user's
sync client and git, and after a crash would be left there. The folder is removed
whatever happens (an error, Ctrl-C, SIGTERM), except when the edit could not be written
although it was accepted (the file changed meanwhile, a full disk): then it is kept, and
named, so that no work is lost.

While the editor runs, the file is not locked: an edit by hand takes minutes, and other
tripplans would wait that long. It is written as every edit is (write.py): read again
under the edit lock, compared with what was copied (changed: nothing written), replaced
atomically.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tripplan.edit.result import Edit, FindingKey, said
from tripplan.edit.tripfile import Source
from tripplan.errors import ExitStatus, TripError, TripFileError, UsageError
from tripplan.fileio import Signalled
from tripplan.lang import _, ngettext

if TYPE_CHECKING:
    from tripplan.model import Trip

# The editor when neither VISUAL nor EDITOR names one, as git, visudo and crontab fall
# back to: vi is the one POSIX requires.
DEFAULT_EDITOR = "vi"
SUFFIX = ".toml"  # the copy's name ends so, for the editor's highlighting
MOST_CHANGES_SAID = 10  # changed entries named one a line; beyond, a count


@dataclass(frozen=True, slots=True)
class EditorCommand:
    """The editor to run, split as a shell would (`code --wait`), and where it came from."""

    argv: tuple[str, ...]
    origin: str  # VISUAL, EDITOR, or "" for DEFAULT_EDITOR

    @property
    def named(self) -> str:
        """How messages name it: `'code' ($VISUAL)`."""
        origin = f"${self.origin}" if self.origin else "the default: VISUAL and EDITOR are unset"
        return f"{self.argv[0]!r} ({origin})"


def editor_command(environ: Mapping[str, str]) -> EditorCommand:
    """VISUAL, else EDITOR, else vi; a variable that is empty (or blank) is unset.

    >>> editor_command({"EDITOR": "code --wait", "VISUAL": ""})
    EditorCommand(argv=('code', '--wait'), origin='EDITOR')
    >>> editor_command({}).named
    "'vi' (the default: VISUAL and EDITOR are unset)"
    """
    for name in ("VISUAL", "EDITOR"):
        value = environ.get(name, "")
        try:
            argv = shlex.split(value)
        except ValueError as err:
            raise UsageError(f"{name}: {value!r} is not a command line: {err}") from None
        if argv:
            return EditorCommand(tuple(argv), name)
    return EditorCommand((DEFAULT_EDITOR,), "")


@dataclass(frozen=True, slots=True)
class Abandoned:
    """A refused copy that the user, shown why, chose not to edit again."""

    status: ExitStatus  # 2: not a trip; 1: it adds an error


# What a round in the editor gives: None (the copy is unchanged), the loader's error (the
# copy is no trip), or the edit the copy makes.
Round = Edit | TripFileError | None


@dataclass
class HandEdit:
    """One `tripplan edit` of one file: the file as copied, the copy, the editor."""

    path: str
    data: bytes  # the file as it was copied
    editor: EditorCommand
    copy: Path
    kept: bool = False  # the copy outlives the command: an accepted edit not written
    before: tuple[Trip | None, frozenset[FindingKey]] | None = field(default=None, repr=False)

    @classmethod
    @contextmanager
    def started(cls, path: str, editor: EditorCommand) -> Iterator[HandEdit]:
        """The file copied into a private folder, which is removed when the block ends
        (unless `kept`), on SIGTERM and SIGHUP too (raised as Signalled, as a write
        raises them). What no edit may replace is refused first (write.editing)."""
        import shutil

        from tripplan.edit.write import editing
        from tripplan.fileio import _signals_raised

        with editing(path, lock=False) as source:
            data = source.data
        with _signals_raised():
            folder = _private_folder(path)
            session = cls(path, data, editor, folder / _copy_name(path))
            try:
                _write_copy(session.copy, data)
                yield session
            finally:
                if not session.kept:
                    shutil.rmtree(folder, ignore_errors=True)

    def round(self) -> Round:
        """Run the editor on the copy and read what it left."""
        run_editor(self.editor, self.copy, self.path)
        data = self._read_copy()
        if data == self.data:
            return None
        from tripplan.load import loads_trip

        try:
            after = loads_trip(data, self.path)
        except TripFileError as err:
            return err
        trip, keys = self._before()
        return Edit(Source(self.path, self.data), data, keys, after, changes(trip, after), ())

    def _read_copy(self) -> bytes:
        from tripplan.load import read_source

        try:
            return read_source(str(self.copy))[0]
        except TripFileError as err:
            raise TripError(f"{self.path}: nothing written: the copy {err}") from None

    def trip(self) -> Trip | None:
        """The trip as the file was copied (None: it was no valid trip), loaded once."""
        return self._before()[0]

    def _before(self) -> tuple[Trip | None, frozenset[FindingKey]]:
        """The file as copied, loaded once, and its findings; a file that was no trip
        had none (so every error of the edit is new: `--force` writes it)."""
        if self.before is None:
            from tripplan.edit.result import finding_keys
            from tripplan.load import loads_trip

            try:
                trip = loads_trip(self.data, self.path)
            except TripFileError:
                self.before = (None, frozenset())
            else:
                self.before = (trip, finding_keys(trip))
        return self.before

    @contextmanager
    def writing(self, edit: Edit) -> Iterator[Edit]:
        """The edit, bound to the file read again under the edit lock, for write_edit
        before the block ends. The file must hold what was copied, or nothing is
        written; an accepted edit that is not written keeps the copy, and says where."""
        from tripplan.edit.write import editing

        try:
            with editing(self.path) as source:
                if source.data != self.data:
                    raise TripError(
                        f"{self.path}: nothing written: the file changed while you edited it"
                    )
                yield replace(edit, source=source)
        except TripError as err:
            self.kept = True
            raise TripError(f"{err}; your edit is kept in {self.copy}") from None


def _private_folder(path: str) -> Path:
    import tempfile

    try:
        return Path(tempfile.mkdtemp(prefix="tripplan-edit-"))
    except OSError as err:
        where = tempfile.gettempdir()
        raise TripError(f"{path}: cannot make a copy in {where}: {err.strerror or err}") from None


def _write_copy(copy: Path, data: bytes) -> None:
    try:
        with os.fdopen(os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            out.write(data)
    except OSError as err:
        raise TripError(f"{copy}: cannot write the copy: {err.strerror or err}") from None


def _copy_name(path: str) -> str:
    name = Path(path).name
    return name if name.endswith(SUFFIX) else name + SUFFIX


def edit_by_hand(
    session: HandEdit, *, force: bool, again: Callable[[Edit | TripFileError], bool] | None
) -> Round | Abandoned:
    """Rounds in the editor until the copy is unchanged (None), or makes an edit to
    write. Off a terminal (`again` None) there is one round, and what it gives is
    returned: an edit that adds an error too, which the caller judges and refuses. On a
    terminal, a copy that is no trip, or an edit that adds an error (unless `force`), is
    handed to `again`, which shows why and asks: edit again (the copy as the user left
    it), or give up (Abandoned)."""
    from tripplan.edit.guard import judge

    while True:
        outcome = session.round()
        if outcome is None or again is None:
            return outcome
        if isinstance(outcome, Edit) and judge(outcome, force=force).written:
            return outcome
        if not again(outcome):
            invalid = isinstance(outcome, TripFileError)
            return Abandoned(ExitStatus.ERROR if invalid else ExitStatus.FINDINGS)


def changes(before: Trip | None, after: Trip) -> tuple[str, ...]:
    """What an edit by hand changed, a line each: entries (by id) and places added,
    changed or removed, and the trip's own keys.

    Entries are compared whole but for their position in the file, so an entry that
    only moved in the file is not said to change."""
    if before is None:
        return (_("edited by hand: the file was no valid trip before"),)
    lines: list[str] = []
    old = {e.id: e for e in before.entries}
    new = {e.id: e for e in after.entries}
    for entry in after.entries:
        was = old.get(entry.id)
        if was is None:
            lines.append(_("added {entry}").format(entry=said(entry)))
        elif was != entry and replace(was, index=0) != replace(entry, index=0):
            lines.append(_("changed {entry}").format(entry=said(entry)))
    lines += [
        _("cancelled {entry}").format(entry=said(e)) for e in before.entries if e.id not in new
    ]
    lines += _places(before, after)
    if replace(before, places={}, entries=()) != replace(after, places={}, entries=()):
        lines.append(_("changed [trip]"))
    if len(lines) > MOST_CHANGES_SAID:
        more = len(lines) - MOST_CHANGES_SAID + 1
        worded = ngettext("and {n} more change", "and {n} more changes", more)
        lines[MOST_CHANGES_SAID - 1 :] = [worded.format(n=more)]
    return tuple(lines) or (_("edited by hand: no entry, place or [trip] key changed"),)


def _places(before: Trip, after: Trip) -> list[str]:
    old, new = before.places, after.places
    added = [_("added place {id}").format(id=repr(p)) for p in new if p not in old]
    changed = [
        _("changed place {id}").format(id=repr(p)) for p in new if p in old and old[p] != new[p]
    ]
    removed = [_("removed place {id}").format(id=repr(p)) for p in old if p not in new]
    return [*added, *changed, *removed]


def run_editor(editor: EditorCommand, copy: Path, name: str) -> None:
    """Run the editor on the copy and wait for it; raise TripError when it cannot be run
    or fails (nothing is written then), Signalled when Ctrl-C ended it."""
    try:
        process = subprocess.Popen([*editor.argv, str(copy)])
    except FileNotFoundError:
        raise TripError(
            f"{name}: nothing written: no editor {editor.named}; set VISUAL or EDITOR"
        ) from None
    except OSError as err:
        raise TripError(
            f"{name}: nothing written: cannot run the editor {editor.named}: {err.strerror or err}"
        ) from None
    status = _wait(process)
    if status == -signal.SIGINT:  # Ctrl-C was the editor's, and ended it: end too
        raise Signalled(signal.SIGINT)
    if status < 0:
        ended = f"was killed by {signal.Signals(-status).name}"
    elif status > 0:
        ended = f"exited with status {status}"
    else:
        return
    raise TripError(f"{name}: nothing written: the editor {editor.argv[0]!r} {ended}")


def _wait(process: subprocess.Popen[bytes]) -> int:
    """The editor's exit status. While it runs, the keyboard is the editor's: SIGINT and
    SIGQUIT are ignored here, as git ignores them (the editor, in the same process
    group, gets them too, and vi takes Ctrl-C as a key). Stopped otherwise (SIGTERM,
    SIGHUP: Signalled), the editor is stopped too. Outside the main thread Python sets no
    handlers: nothing changes there."""
    previous: dict[int, Any] = {}
    with suppress(ValueError):  # not the main thread
        for quiet in (signal.SIGINT, signal.SIGQUIT):
            previous[quiet] = signal.signal(quiet, signal.SIG_IGN)
    try:
        return process.wait()
    except BaseException:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
        raise
    finally:
        for signum, handler in previous.items():  # None: set outside Python, unknowable
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
