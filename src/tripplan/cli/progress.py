"""Progress bars on standard error, for work that takes over a second (cli.md, "Tables
people can act on"): a long `export ics`, `export vdir`, `booklet`, `timeline`, `push`, a big
`check`. The one place that decides whether a bar is shown and draws it (Rich).

A bar is shown only when standard error is a terminal, `TERM` is not `dumb`, the work is
big enough to take a second (`size` entries: at least BIG; `push` talks to a server, so
any size), and the command does not write onto the same terminal while it works (`export
ics` to standard output); then only once the work has gone on for DELAY, and it is erased
when the work ends. Otherwise not a byte is written, and Rich is not imported. `NO_COLOR`
only takes the colour away.

The commands hand the core a plain callback (`Bar.update`, `Bar.advance`) or wrap what it
yields (`Bar.ticking`); nothing below `cli` knows of a bar.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from tripplan.cli.env import Environment

T = TypeVar("T")

DELAY = 1.0  # seconds of work before a bar appears: shorter work shows none
DELAY_VARIABLE = "TRIPPLAN_PROGRESS_DELAY"  # another number of seconds
BIG = 1_000  # entries: below this, none of these commands takes a second on a laptop


class Bar:
    """What a command's work reports its steps to; silent unless a bar is shown. The
    steps are counted from the start, so a bar shown after DELAY shows those taken
    before it too."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._shown: Progress | None = None
        self._task: TaskID | None = None
        self._closed = False
        self._done = 0
        self._total: int | None = None
        self._totalled = False  # whether `update` has said the total

    def advance(self, steps: int = 1) -> None:
        """`steps` more of the work done."""
        self._done += steps
        if self._shown is not None and self._task is not None:
            self._shown.advance(self._task, steps)

    def update(self, done: int, total: int | None) -> None:
        """`done` of `total` steps done (a callback's shape: `sync.push`'s `Progress`)."""
        self._done, self._total, self._totalled = done, total, True
        if self._shown is not None and self._task is not None:
            self._shown.update(self._task, completed=done, total=total)

    def ticking(self, pieces: Iterable[T]) -> Iterator[T]:
        """`pieces`, each one a step as it is taken."""
        for piece in pieces:
            self.advance()
            yield piece

    def _start(self, bar: Progress, task: TaskID) -> None:
        with self._lock:
            if self._closed:
                return
            if self._totalled:
                bar.update(task, completed=self._done, total=self._total)
            else:
                bar.update(task, completed=self._done)
            self._shown, self._task = bar, task
            bar.start()

    def _close(self) -> None:
        with self._lock:
            self._closed = True
            if self._shown is not None:
                self._shown.stop()


def wanted(env: Environment, size: int | None = None, *, writes_stdout: bool = False) -> bool:
    """Whether a bar may be shown: standard error a terminal (and not a dumb one), work
    of `size` entries that takes a second (None: any, such as a server's), and standard
    output not written to the same terminal meanwhile."""
    if size is not None and size < BIG:
        return False
    if env.environ.get("TERM") == "dumb" or not _is_terminal(env.stderr):
        return False
    return not (writes_stdout and _is_terminal(env.stdout))


@contextmanager
def progress(
    env: Environment,
    total: int | None,
    label: str,
    *,
    size: int | None = None,
    writes_stdout: bool = False,
    delay: float | None = None,
) -> Iterator[Bar]:
    """A bar of `total` steps (None: not known, the bar pulses) labelled `label` (the
    command's name), shown after `delay` seconds when `wanted` (None: DELAY, or the
    seconds `TRIPPLAN_PROGRESS_DELAY` says)."""
    bar = Bar()
    if not wanted(env, size, writes_stdout=writes_stdout):
        yield bar
        return
    shown = _rich_bar(env)
    task = shown.add_task(label, total=total)
    if delay is None:
        delay = _delay(env)
    timer = threading.Timer(delay, bar._start, (shown, task))
    timer.daemon = True
    if delay > 0:
        timer.start()
    else:
        bar._start(shown, task)
    try:
        yield bar
    finally:
        timer.cancel()
        bar._close()


def _delay(env: Environment) -> float:
    """`TRIPPLAN_PROGRESS_DELAY`: the seconds of work before a bar appears (0: at once);
    DELAY when unset or not a number of seconds from 0 to an hour."""
    try:
        seconds = float(env.environ.get(DELAY_VARIABLE, ""))
    except ValueError:
        return DELAY
    return seconds if 0 <= seconds <= 3600 else DELAY  # (NaN is neither)


def _rich_bar(env: Environment) -> Progress:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(
        file=env.stderr,
        force_terminal=True,
        no_color=bool(env.environ.get("NO_COLOR")),
        highlight=False,
        emoji=False,
        markup=False,
    )
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,  # erased when the work ends: what the command says comes after
        redirect_stdout=False,  # the command's own streams are not Python's
        redirect_stderr=False,
        refresh_per_second=8,
    )


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except (OSError, ValueError):  # closed
        return False
