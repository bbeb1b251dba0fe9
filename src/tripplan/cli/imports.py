"""import ics, import booking: entries from another format, as edits of the trip file
(cli/edit.py's _edit: the same refusal rules, --dry-run diff and report)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tripplan.cli.common import (
    EditFileArg,
    LangOpt,
    TakingPartOpt,
    argument,
    environment,
    place_option,
)
from tripplan.cli.edit import _edit
from tripplan.cli.editoptions import DryRun, ForceEdit

if TYPE_CHECKING:
    from tripplan.edit import Editor

import_app = typer.Typer(
    name="import", help="Add entries from another format.", no_args_is_help=True
)
# --place: where the entries an import adds are, when the source does not say
InvitePlaceOpt = Annotated[
    str | None, place_option("--place", "The place of its events (default: by zone).")
]
BookingPlaceOpt = Annotated[
    str | None,
    place_option(
        "--place",
        "The place of its hotels, meals and events (default: by address, then where the"
        " traveller is).",
    ),
]


@import_app.command("ics")
def import_ics(
    ctx: typer.Context,
    file: EditFileArg,
    invite: Annotated[str, argument("INVITE.ics", "The invitation (- for stdin).")],
    place: InvitePlaceOpt = None,
    who: TakingPartOpt = None,
    dry_run: DryRun = False,
    force: ForceEdit = False,
    lang: LangOpt = None,
) -> int:
    """Add an invitation's events; importing it again updates them, unless it is older.

    Its events are for --who, else the travellers whose [people] email is an ATTENDEE's,
    else everyone."""
    from tripplan.edit.invitations import import_calendar, read_invitation

    calendar = read_invitation(invite, environment(ctx).stdin)  # before the lock: stdin may be slow

    def add(editor: Editor) -> None:
        import_calendar(editor, calendar, place, who)

    return _edit(ctx, file, dry_run, force, lang, add)


@import_app.command("booking")
def import_booking(
    ctx: typer.Context,
    file: EditFileArg,
    source: Annotated[
        str,
        argument("SOURCE", "A confirmation e-mail (.eml), an HTML page or JSON-LD (- for stdin)."),
    ],
    who: TakingPartOpt = None,
    place: BookingPlaceOpt = None,
    dry_run: DryRun = False,
    force: ForceEdit = False,
    lang: LangOpt = None,
) -> int:
    """Add a booking's flights, trains, hotels, meals and events; importing it again
    updates them, and a cancelled reservation takes its entry out.

    Its entries are for --who, else the travellers its underName is ([people] name or
    email), else everyone."""
    from tripplan.edit.bookings import import_booking as apply
    from tripplan.edit.bookings import read_booking

    booking = read_booking(source, environment(ctx).stdin)  # before the lock: stdin may be slow
    return _edit(ctx, file, dry_run, force, lang, lambda editor: apply(editor, booking, place, who))


def register(app: typer.Typer) -> None:
    app.add_typer(import_app)
