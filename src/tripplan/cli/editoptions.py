"""The options and arguments of the commands that write trip files (edit.py, imports.py,
editfile.py), each defined once, as cli.common defines those every command shares."""

from __future__ import annotations

from typing import Annotated

import typer

from tripplan.cli.common import place_option
from tripplan.cli.completion import complete_entries, complete_leaving, complete_set_targets

EntryId = Annotated[
    str,
    typer.Argument(
        metavar="ID", help="The entry's id.", show_default=False, autocompletion=complete_entries
    ),
]
DryRun = Annotated[
    bool,
    typer.Option("--dry-run", help="Print the unified diff of the edit; write nothing."),
]
Notes = Annotated[str | None, typer.Option("--notes", metavar="TEXT", help="Free text.")]
NewId = Annotated[
    str | None,
    typer.Option("--id", metavar="ID", help="The entry's id (default: made from the title)."),
]
Title = Annotated[str, typer.Option("--title", metavar="TEXT", help="What it is.")]
NewFileArg = Annotated[
    str,
    typer.Argument(metavar="FILE", help="The file to write, or - for stdout.", show_default=False),
]
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
ForceEdit = Annotated[
    bool, typer.Option("--force", help="Write the edit even if it adds an error-severity finding.")
]


# add place
PlaceIdArg = Annotated[
    str, typer.Argument(metavar="ID", help="The place's id.", show_default=False)
]
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
    str | None,
    typer.Option("--name", metavar="TEXT", help="Its name (default: the id, or the airport's)."),
]

# add event, add lodging: the place an entry is at
WherePlaceOpt = Annotated[str, place_option("--place", "Where: a place id.")]

# add event
EventStartOpt = Annotated[
    str,
    typer.Option("--start", metavar="TIME", help="2010-11-18 14:00 (the place's time), or a date."),
]
EventEndOpt = Annotated[str | None, typer.Option("--end", metavar="TIME", help="When it ends.")]
DurationOpt = Annotated[
    str | None, typer.Option("--duration", metavar="DUR", help="Or how long: 90m, 1h30m.")
]
VenueOpt = Annotated[
    str | None, typer.Option("--venue", metavar="TEXT", help="The site within the place.")
]
KindOpt = Annotated[str | None, typer.Option("--kind", metavar="TEXT", help="meeting, speech, ...")]

# add travel
DepartOpt = Annotated[
    str, typer.Option("--depart", metavar="TIME", help="Departure, local time at --from.")
]
ArriveOpt = Annotated[
    str, typer.Option("--arrive", metavar="TIME", help="Arrival, local time at --to.")
]
ModeOpt = Annotated[str | None, typer.Option("--mode", metavar="TEXT", help="flight, train, ...")]

# add lodging
CheckInOpt = Annotated[
    str,
    typer.Option(
        "--check-in", metavar="TIME", help="2010-11-16 15:00 (the place's time); a date: 15:00."
    ),
]
CheckOutOpt = Annotated[
    str,
    typer.Option("--check-out", metavar="TIME", help="2010-11-18 11:00, +2 11:00; a date: 11:00."),
]
AddressOpt = Annotated[
    str | None, typer.Option("--address", metavar="TEXT", help="The street address.")
]
ConfirmationOpt = Annotated[
    str | None, typer.Option("--confirmation", metavar="TEXT", help="The booking reference.")
]

# add traveller
TravellerIdArg = Annotated[
    str, typer.Argument(metavar="ID", help="The name entries use in --who.", show_default=False)
]
FullNameOpt = Annotated[
    str | None, typer.Option("--name", metavar="TEXT", help="Their full name ([people]).")
]
EmailOpt = Annotated[
    str | None,
    typer.Option("--email", metavar="ADDR", help="Their e-mail address (matches invitations)."),
]

# move
NewStartOpt = Annotated[
    str | None, typer.Option("--to", metavar="TIME", help="The new start (departure).")
]
ShiftOpt = Annotated[
    str | None,
    typer.Option("--by", metavar="DURATION", help="Shift on the wall clock: 1h, 1d, -30m."),
]

# cancel
LeavingArg = Annotated[
    str | None,
    typer.Argument(
        metavar="[NAME]",
        help="With `cancel traveller FILE NAME`: the traveller to take out.",
        show_default=False,
        autocompletion=complete_leaving,
    ),
]

# set
SetTargetArg = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="An entry's id, a place's id, or trip.",
        show_default=False,
        autocompletion=complete_set_targets,
    ),
]
KeyArg = Annotated[
    str,
    typer.Argument(
        metavar="KEY", help="title, start, end, duration, arrive, who, ...", show_default=False
    ),
]
ValueArg = Annotated[
    str,
    typer.Argument(
        metavar="VALUE",
        help="The new value: text, a time (9:30, 9am, 2010-11-18 14:00, +1 05:40 for an"
        " arrival), a length (2h); '' removes an optional key.",
        show_default=False,
    ),
]
