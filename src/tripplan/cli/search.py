"""search: the entries whose texts contain what was typed, as the itinerary shows them.

As in show.py, the loader and the renderers are imported inside the command: `--json`
loads no Rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from tripplan.cli.common import (
    JsonOpt,
    LangOpt,
    TzOpt,
    WhoOpt,
    argument,
    environment,
    load_all,
    printer,
    speak,
    today,
)
from tripplan.errors import ExitStatus, UsageError

if TYPE_CHECKING:
    from tripplan.cli.env import Environment
    from tripplan.views import Itinerary

# Neither is required for Click: `search trip.toml` is a missing TEXT, said so (Click would give
# the one word to TEXT and call FILE... missing).
SearchFilesArg = Annotated[
    list[str] | None,
    argument(
        "FILE...", "Trip files (TOML), or - for standard input; each file's matches in a table."
    ),
]
TextArg = Annotated[
    str | None,
    argument("TEXT", "What to look for in ids, titles, venues, notes, confirmations (any case)."),
]


def search(
    ctx: typer.Context,
    files: SearchFilesArg = None,
    text: TextArg = None,
    json: JsonOpt = False,
    tz: TzOpt = None,
    who: WhoOpt = None,
    lang: LangOpt = None,
) -> int:
    """Find entries by id, title, venue, notes or confirmation.

    Compared Unicode-folded (NFKC, then case-folded: STRASSE finds Straße), listed in time
    order as the itinerary lists them; exit 1 when nothing matches. Several files: each
    file's matches under its title."""
    from tripplan.search import fold, search_trips

    env = environment(ctx)
    if not files or text is None:
        _missing_text(ctx)
    if not fold(text):
        raise UsageError("TEXT: nothing to look for (give some text)")
    trips = load_all(env, list(files or ()))
    speak(env, lang, trips[0], human=not json)
    views = search_trips(trips, text, zone=tz, who=who)
    found = any(view.items for view in views)
    if json:
        _print_json(env, views)
    else:
        _print_tables(env, [view for view in views if view.items])
    if not found:
        from tripplan.lang import _
        from tripplan.text import visible

        said = _("no entries match {text}").format(text=visible(repr(text)))
        env.stderr.write(f"tripplan: {said}\n")
        return ExitStatus.FINDINGS
    return ExitStatus.SUCCESS


def _missing_text(ctx: typer.Context) -> NoReturn:
    from typer._click.exceptions import MissingParameter

    param = next(p for p in ctx.command.params if p.name == "text")
    raise MissingParameter(ctx=ctx, param=param)


def _print_json(env: Environment, views: list[Itinerary]) -> None:
    """One file: `itinerary --json`'s document. Several (itinerary reads one): the same
    keys, `trip` made `trips`, each trip and each entry with its `file` first, file by file
    as the tables are."""
    from tripplan.render.json import entry_json, itinerary_json, trip_header, write

    if len(views) == 1:
        write(env.stdout, itinerary_json(views[0]))
        return
    trips = ({"file": view.trip.file, **trip_header(view.trip)} for view in views)
    entries = ({"file": view.trip.file, **entry_json(row)} for view in views for row in view.rows)
    write(env.stdout, {"trips": trips, "entries": entries, "clock_changes": []})


def _print_tables(env: Environment, views: list[Itinerary]) -> None:
    """Each file's matches, marked as the itinerary marks them (each trip checked once)."""
    from tripplan.cli.show import marks
    from tripplan.render.table import print_itinerary

    out = printer(env)
    for n, view in enumerate(views):
        if n:
            out.blank()
        print_itinerary(view, out, today(env, view.trip), marks(view.trip))


def register(app: typer.Typer) -> None:
    app.command()(search)
