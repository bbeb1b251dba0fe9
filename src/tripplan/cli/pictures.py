"""booklet and timeline: the trip as a printable day book (HTML or PDF) and as a picture
of everyone's days (SVG). Jinja2 and WeasyPrint are imported inside the commands."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tripplan.cli.common import (
    DayOpt,
    FileArg,
    FromOpt,
    LangOpt,
    OutputOpt,
    ToOpt,
    WhoOpt,
    deliver,
    environment,
    load_and_speak,
    parse_range,
)
from tripplan.errors import ExitStatus, UsageError

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from tripplan.booklet import Selection
    from tripplan.cli.env import Environment
    from tripplan.cli.progress import Bar
    from tripplan.fonts import Printed
    from tripplan.model import Trip


class PaperSize(StrEnum):
    a4 = "a4"
    letter = "letter"


PaperOpt = Annotated[
    PaperSize,
    typer.Option("--paper", help="The page size: a4 (210 x 297 mm) or letter (8.5 x 11 in)."),
]


def booklet(
    ctx: typer.Context,
    file: FileArg,
    output: OutputOpt = "-",
    paper: PaperOpt = PaperSize.a4,
    day: DayOpt = None,
    since: FromOpt = None,
    until: ToOpt = None,
    who: WhoOpt = None,
    lang: LangOpt = None,
) -> int:
    """A printable day book: a page per traveller's day.

    The first page has the timeline picture; then each day's date, place and clock, the
    home clock, its clock changes, each entry with its local and home times, venue,
    notes and travellers, and the findings that touch it. -o PATH.html writes one
    self-contained HTML file (print it from a browser), -o PATH.pdf a PDF (needs
    WeasyPrint: pip install 'tripplan[pdf]'); standard output gets the HTML."""
    suffix = Path(output).suffix.lower() if output != "-" else ".html"
    if suffix not in (".html", ".htm", ".pdf"):
        raise UsageError(f"-o {output}: the booklet is written as PATH.html or PATH.pdf")
    from tripplan.booklet import Selection
    from tripplan.fonts import Printed
    from tripplan.render.html import booklet_html

    env = environment(ctx)
    trip = load_and_speak(env, file, lang)
    with _drawing(env, "booklet", trip, output) as bar:
        selection = Selection.of(trip, who, *parse_range(day, since, until))
        printed = Printed()
        html = bar.ticking(printed.through(booklet_html(selection, paper=paper.value)))
        if suffix == ".pdf":
            from tripplan.fileio import write_atomically
            from tripplan.render.html import booklet_pdf

            write_atomically(output, [booklet_pdf("".join(html))], inputs=[file])
        else:
            deliver(env, file, output, (piece.encode() for piece in html))
    from tripplan.lang import _

    _not_drawn(env, "booklet: " + _("picture"), selection, printed)
    return ExitStatus.SUCCESS


def timeline(
    ctx: typer.Context,
    file: FileArg,
    output: OutputOpt = "-",
    day: DayOpt = None,
    since: FromOpt = None,
    until: ToOpt = None,
    who: WhoOpt = None,
    lang: LangOpt = None,
) -> int:
    """A picture of everyone's days (SVG).

    A row per traveller across absolute time: entries as bars coloured by place, the
    traveller's local date and time along the row (the date line and daylight-time
    changes show), the home clock along the top, and the findings marked where they
    occur (docs/pictures.md)."""
    from tripplan.booklet import Selection
    from tripplan.fonts import Printed
    from tripplan.render.svg import timeline_svg

    env = environment(ctx)
    trip = load_and_speak(env, file, lang)
    with _drawing(env, "timeline", trip, output) as bar:
        selection = Selection.of(trip, who, *parse_range(day, since, until))
        printed = Printed()
        pieces = bar.ticking(printed.through(timeline_svg(selection)))
        deliver(env, file, output, (p.encode() for p in pieces))
    _not_drawn(env, "timeline:", selection, printed)
    return ExitStatus.SUCCESS


def _drawing(
    env: Environment, command: str, trip: Trip, output: str
) -> AbstractContextManager[Bar]:
    """The progress bar of drawing the trip's picture (its size: the trip's entries)."""
    from tripplan.cli.progress import progress

    return progress(env, None, command, size=len(trip.entries), writes_stdout=output == "-")


def _not_drawn(env: Environment, what: str, selection: Selection, printed: Printed) -> None:
    """After the writing (so that a write that fails says only that), a line on standard
    error for each thing the picture written could not show:

    - entries chosen that it does not draw (they span more than a year, or some are far
      outside the trip's dates): what it draws and what not (docs/pictures.md);
    - characters no installed font covers (tripplan.fonts): the file is written all the
      same, its missing characters drawn as empty boxes."""
    from tripplan.fonts import warning

    note = selection.note()
    if note:
        from tripplan.lang import _

        said = _("{note}; --from and --to draw other dates").format(note=note)
        env.stderr.write(f"tripplan: {what} {said}\n")
    line = warning(printed.chars)
    if line:
        env.stderr.write(f"tripplan: {line}\n")


def register(app: typer.Typer) -> None:
    for command in (booklet, timeline):
        app.command()(command)
