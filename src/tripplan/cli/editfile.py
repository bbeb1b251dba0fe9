"""`tripplan edit FILE`: the trip file in the user's editor, on a copy, as visudo does
(tripplan.edit.external). What it says and how it writes are every edit's: cli.edit's
`_finish` prints the edit and the findings it introduced, and writes it. What it says is
in the language chosen once the file is read (the trip's `lang` is one of the choices)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import typer

from tripplan.cli.common import EditFileArg, LangOpt, environment, speak
from tripplan.cli.edit import _finish
from tripplan.cli.editoptions import ForceEdit
from tripplan.errors import ExitStatus, TripFileError
from tripplan.lang import N_, _

if TYPE_CHECKING:
    from tripplan.cli.env import Environment
    from tripplan.edit import Edit

PROMPT = N_("What now? [e]dit again / [q]uit without saving: ")


def edit(
    ctx: typer.Context, file: EditFileArg, force: ForceEdit = False, lang: LangOpt = None
) -> int:
    """Edit by hand in $VISUAL or $EDITOR; written only if valid.

    The copy must load as a trip and add no error-severity finding (unless --force);
    on a terminal, a refused copy is shown and the editor opened on it again. The
    editor is $VISUAL, else $EDITOR, else vi; `code --wait` is split as a shell would.
    """
    import os

    from tripplan.edit.external import Abandoned, HandEdit, edit_by_hand, editor_command

    env = environment(ctx)
    editor = editor_command(os.environ)
    with HandEdit.started(file, editor) as session:
        speak(env, lang, session.trip())
        outcome = edit_by_hand(session, force=force, again=_asking(env, force))
        if outcome is None:
            unchanged = _("no changes")
            env.stderr.write(f"tripplan: {_shown(file)}: {unchanged}\n")
            return ExitStatus.SUCCESS
        if isinstance(outcome, Abandoned):
            return outcome.status
        if isinstance(outcome, TripFileError):
            raise outcome
        with session.writing(outcome) as held:
            return _finish(env, held, dry_run=False, force=force)


def _asking(env: Environment, force: bool) -> Callable[[Edit | TripFileError], bool] | None:
    """On a terminal (standard input and error both), what shows a refused copy and asks
    whether to edit it again; off one, None: a refused copy ends the command."""
    if not (env.stdin.isatty() and env.stderr.isatty()):
        return None

    def again(refused: Edit | TripFileError) -> bool:
        if isinstance(refused, TripFileError):
            for line in refused.lines():
                env.stderr.write(f"tripplan: {_shown(line)}\n")
        else:
            _finish(env, refused, dry_run=False, force=force)  # refused: it writes nothing
        return _edit_again(env)

    return again


def _edit_again(env: Environment) -> bool:
    """Ask until the answer is e or q (end of input: q)."""
    while True:
        env.stderr.write(_(PROMPT))
        env.stderr.flush()
        answer = env.stdin.readline()
        if not answer:
            env.stderr.write("\n")
            return False
        word = answer.decode("utf-8", "replace").strip().lower()
        if word in ("e", "edit"):
            return True
        if word in ("q", "quit"):
            return False


def _shown(text: str) -> str:
    from tripplan.text import visible

    return visible(text)


def register(app: typer.Typer) -> None:
    app.command("edit")(edit)
