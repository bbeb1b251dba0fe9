"""The command line: parse options, call the library, render, exit. Typer lives only here."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import typer

from tripplan import __version__
from tripplan.cli.env import Environment
from tripplan.errors import ExitStatus, TripError

app = typer.Typer(
    name="tripplan",
    help="Plan official trips across time zones, from a TOML trip file.",
    no_args_is_help=True,
    add_completion=True,  # Typer's own: --install-completion, --show-completion
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: Rich's help panels would double the start-up time
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tripplan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Plan official trips across time zones, from a TOML trip file."""


def _register() -> None:
    from tripplan.cli import edit, export, pictures, show, staff

    show.register(app)
    staff.register(app)
    app.add_typer(export.export_app)
    edit.register(app)
    pictures.register(app)


_register()


def run(args: Sequence[str], env: Environment) -> int:
    """Run one command line; return its exit status. The one error boundary of tripplan."""
    try:
        result = app(args=list(args), prog_name="tripplan", obj=env, standalone_mode=False)
    except TripError as err:
        from tripplan.text import visible

        # Messages quote the file's own text (keys, ids, a file name): keep them one line.
        # A refused trip file gives one line per error (TripFileErrors.lines).
        for line in err.lines():
            print(f"tripplan: {visible(line)}", file=env.stderr)
        return int(err.exit_status)
    except typer.Exit as done:
        return int(done.exit_code)
    except typer.TyperException as err:  # usage errors: the parser's message, exit 2
        show = getattr(err, "show", None)
        if show is not None:
            show(file=env.stderr)
        else:
            print(f"tripplan: {err.format_message()}", file=env.stderr)
        return int(err.exit_code)
    except typer.Abort:
        print("tripplan: aborted", file=env.stderr)
        return int(ExitStatus.ERROR)
    except BrokenPipeError:
        return int(ExitStatus.SUCCESS)
    return int(result) if isinstance(result, int) else int(ExitStatus.SUCCESS)


def main() -> None:
    sys.exit(run(sys.argv[1:], Environment.from_system()))
