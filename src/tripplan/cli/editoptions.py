"""The options and arguments of the commands that write trip files (edit.py, imports.py,
editfile.py), each defined once, as cli.common defines those every command shares."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from tripplan.cli.common import argument, place_option
from tripplan.cli.completion import complete_entries, complete_leaving, complete_set_targets


def text_option(flag: str, help: str) -> Any:
    """An option whose TEXT is written into the file as typed."""
    return typer.Option(flag, metavar="TEXT", help=help)


def time_option(flag: str, help: str) -> Any:
    """A TIME option: a wall time in the entry's place's zone (or --tz), or a date."""
    return typer.Option(flag, metavar="TIME", help=help)


EntryId = Annotated[str, argument("ID", "The entry's id.", complete_entries)]
DryRun = Annotated[
    bool,
    typer.Option("--dry-run", help="Print the unified diff of the edit; write nothing."),
]
Notes = Annotated[str | None, text_option("--notes", "Free text.")]
NewId = Annotated[
    str | None,
    typer.Option("--id", metavar="ID", help="The entry's id (default: made from the title)."),
]
Title = Annotated[str, text_option("--title", "What it is.")]
ForceEdit = Annotated[
    bool, typer.Option("--force", help="Write the edit even if it adds an error-severity finding.")
]

# new
NewFileArg = Annotated[str, argument("FILE", "The file to write, or - for stdout.")]
HomeOpt = Annotated[str | None, typer.Option("--home", metavar="ID", help="The home place's id.")]
HomeTzOpt = Annotated[
    str | None, typer.Option("--home-tz", metavar="ZONE", help="The home place's IANA zone.")
]
StartDateOpt = Annotated[
    str | None, typer.Option("--start", metavar="DATE", help="The trip's first day.")
]
EndDateOpt = Annotated[
    str | None, typer.Option("--end", metavar="DATE", help="The trip's last day.")
]
TravellersOpt = Annotated[
    list[str] | None,
    typer.Option("--traveller", metavar="NAME", help="A traveller (repeat for several)."),
]
TripIdOpt = Annotated[
    str | None,
    typer.Option("--id", metavar="ID", help="The trip's id (default: 12 random hex digits)."),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]

# add place
PlaceIdArg = Annotated[str, argument("ID", "The place's id.")]
PlaceZoneOpt = Annotated[
    str | None,
    typer.Option("--tz", metavar="ZONE", help="Its IANA time zone (or give --airport)."),
]
AirportOpt = Annotated[
    str | None,
    typer.Option(
        "--airport", metavar="CODE", help="Its airport's IATA code: zone and name from it."
    ),
]
PlaceNameOpt = Annotated[
    str | None, text_option("--name", "Its name (default: the id, or the airport's).")
]

# add event, add lodging: the place an entry is at
WherePlaceOpt = Annotated[str, place_option("--place", "Where: a place id.")]

# add event
EventStartOpt = Annotated[
    str, time_option("--start", "2010-11-18 14:00 (the place's time), or a date.")
]
EventEndOpt = Annotated[str | None, time_option("--end", "When it ends.")]
DurationOpt = Annotated[
    str | None, typer.Option("--duration", metavar="DUR", help="Or how long: 90m, 1h30m.")
]
VenueOpt = Annotated[str | None, text_option("--venue", "The site within the place.")]
KindOpt = Annotated[str | None, text_option("--kind", "meeting, speech, ...")]

# add travel
DepartOpt = Annotated[str, time_option("--depart", "Departure, local time at --from.")]
ArriveOpt = Annotated[str, time_option("--arrive", "Arrival, local time at --to.")]
ModeOpt = Annotated[str | None, text_option("--mode", "flight, train, ...")]

# add lodging
CheckInOpt = Annotated[
    str, time_option("--check-in", "2010-11-16 15:00 (the place's time); a date: 15:00.")
]
CheckOutOpt = Annotated[
    str, time_option("--check-out", "2010-11-18 11:00, +2 11:00; a date: 11:00.")
]
AddressOpt = Annotated[str | None, text_option("--address", "The street address.")]
ConfirmationOpt = Annotated[str | None, text_option("--confirmation", "The booking reference.")]

# add traveller
TravellerIdArg = Annotated[str, argument("ID", "The name entries use in --who.")]
FullNameOpt = Annotated[str | None, text_option("--name", "Their full name ([people]).")]
EmailOpt = Annotated[
    str | None,
    typer.Option("--email", metavar="ADDR", help="Their e-mail address (matches invitations)."),
]

# move
NewStartOpt = Annotated[str | None, time_option("--to", "The new start (departure).")]
ShiftOpt = Annotated[
    str | None,
    typer.Option("--by", metavar="DURATION", help="Shift on the wall clock: 1h, 1d, -30m."),
]

# cancel
LeavingArg = Annotated[
    str | None,
    argument(
        "[NAME]", "With `cancel traveller FILE NAME`: the traveller to take out.", complete_leaving
    ),
]

# set
SetTargetArg = Annotated[
    str, argument("ID", "An entry's id, a place's id, or trip.", complete_set_targets)
]
KeyArg = Annotated[str, argument("KEY", "title, start, end, duration, arrive, who, ...")]
ValueArg = Annotated[
    str,
    argument(
        "VALUE",
        "The new value: text, a time (9:30, 9am, 2010-11-18 14:00, +1 05:40 for an"
        " arrival), a length (2h); '' removes an optional key.",
    ),
]
