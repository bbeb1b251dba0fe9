"""tripplan: plan official trips across time zones.

The library a script imports (docs/library.md): the work of every command as `tripplan.NAME`
(the loader, the model, the traveller timelines, the checks, the views, the staff
questions, the edits, the calendar, the booklet and the timeline picture). They are loaded
on first use (PEP 562), so the command line, which imports this package first, pays
nothing for them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from tripplan.version import __version__

if TYPE_CHECKING:
    from tripplan.booklet import Selection
    from tripplan.checks import FiledFinding, check_files, check_trip, has_errors
    from tripplan.edit import Edit, Editor, editing, introduced, unified_diff, write_edit
    from tripplan.edit.invitations import Invitation, import_calendar, read_invitation
    from tripplan.edit.newfile import NewTrip, new_trip
    from tripplan.errors import ExitStatus, OptionError, TripError, TripFileError, UsageError
    from tripplan.load import load_trip, loads_trip
    from tripplan.model import (
        AllDayEvent,
        AnyEntry,
        Entry,
        Event,
        Finding,
        Place,
        TimedEvent,
        Travel,
        Trip,
    )
    from tripplan.options import date_range, select_zone
    from tripplan.render.html import booklet_html, booklet_pdf
    from tripplan.render.ics import refusals, trip_calendar
    from tripplan.render.svg import timeline_svg
    from tripplan.staff.diff import TripDiff, diff_trips
    from tripplan.staff.reach import Hours, Reach, ReachDay, Window, reach
    from tripplan.staff.versions import read_version
    from tripplan.staff.where import Whereabouts, where
    from tripplan.timeline import ClockChange, Day, Stay, Timeline, timelines
    from tripplan.views import Agenda, Filters, Itinerary, agenda, entries_between, itinerary

# Each public name and the module that defines it, by the command whose work it does. The
# editing, export and picture names are their modules' own (tripplan.edit, render.ics,
# tripplan.booklet, render.html, render.svg): this table only points at them. A name may
# not be a submodule's (tripplan.booklet is the module, whatever it defines).
_WHERE = {
    # reading: validate, and what every command stands on
    "tripplan.load": ("load_trip", "loads_trip"),
    "tripplan.model": (
        "AllDayEvent",
        "AnyEntry",
        "Entry",
        "Event",
        "Finding",
        "Place",
        "TimedEvent",
        "Travel",
        "Trip",
    ),
    "tripplan.errors": ("ExitStatus", "OptionError", "TripError", "TripFileError", "UsageError"),
    "tripplan.options": ("date_range", "select_zone"),
    # --lang: the language views, findings and pictures are worded in
    "tripplan.lang": ("speaking",),
    "tripplan.timeline": ("ClockChange", "Day", "Stay", "Timeline", "timelines"),
    # check
    "tripplan.checks": ("FiledFinding", "check_files", "check_trip", "has_errors"),
    # itinerary, agenda; the entries export, booklet and timeline choose
    "tripplan.views": ("Agenda", "Filters", "Itinerary", "agenda", "entries_between", "itinerary"),
    # where, reach, diff
    "tripplan.staff.where": ("Whereabouts", "where"),
    "tripplan.staff.reach": ("Hours", "Reach", "ReachDay", "Window", "reach"),
    "tripplan.staff.diff": ("TripDiff", "diff_trips"),
    "tripplan.staff.versions": ("read_version",),
    # export ics
    "tripplan.render.ics": ("refusals", "trip_calendar"),
    # booklet, timeline
    "tripplan.booklet": ("Selection",),
    "tripplan.render.svg": ("timeline_svg",),
    "tripplan.render.html": ("booklet_html", "booklet_pdf"),
    # new, add, move, cancel, set; import ics
    "tripplan.edit": ("Edit", "Editor", "editing", "introduced", "unified_diff", "write_edit"),
    "tripplan.edit.newfile": ("NewTrip", "new_trip"),
    "tripplan.edit.invitations": ("Invitation", "import_calendar", "read_invitation"),
}
_MODULE = {name: module for module, names in _WHERE.items() for name in names}

# Spelt out for the type checkers and linters that read it; test_library holds it to _WHERE.
__all__ = [
    "Agenda",
    "AllDayEvent",
    "AnyEntry",
    "ClockChange",
    "Day",
    "Edit",
    "Editor",
    "Entry",
    "Event",
    "ExitStatus",
    "FiledFinding",
    "Filters",
    "Finding",
    "Hours",
    "Invitation",
    "Itinerary",
    "NewTrip",
    "OptionError",
    "Place",
    "Reach",
    "ReachDay",
    "Selection",
    "Stay",
    "TimedEvent",
    "Timeline",
    "Travel",
    "Trip",
    "TripDiff",
    "TripError",
    "TripFileError",
    "UsageError",
    "Whereabouts",
    "Window",
    "__version__",
    "agenda",
    "booklet_html",
    "booklet_pdf",
    "check_files",
    "check_trip",
    "date_range",
    "diff_trips",
    "editing",
    "entries_between",
    "has_errors",
    "import_calendar",
    "introduced",
    "itinerary",
    "load_trip",
    "loads_trip",
    "new_trip",
    "reach",
    "read_invitation",
    "read_version",
    "refusals",
    "select_zone",
    "speaking",
    "timeline_svg",
    "timelines",
    "trip_calendar",
    "unified_diff",
    "where",
    "write_edit",
]


def __getattr__(name: str) -> object:
    """Import a public name's module on first use, and keep the name here."""
    module = _MODULE.get(name)
    if module is None:
        raise AttributeError(f"module 'tripplan' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
