"""tripplan: plan official trips across time zones.

The library a script imports (docs/library.md): the loader, the model, the traveller
timelines, the checks, the views and the staff questions, all as `tripplan.NAME`. They are
loaded on first use (PEP 562), so the command line, which imports this package first,
pays nothing for them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from tripplan.checks import FiledFinding, check_files, check_trip, has_errors
    from tripplan.errors import ExitStatus, TripError, TripFileError, UsageError
    from tripplan.load import load_trip, loads_trip
    from tripplan.model import AnyEntry, Entry, Event, Finding, Place, Travel, Trip
    from tripplan.options import select_zone
    from tripplan.staff.diff import TripDiff, diff_trips
    from tripplan.staff.reach import Hours, Reach, ReachDay, Window, reach
    from tripplan.staff.versions import read_version
    from tripplan.staff.where import Whereabouts, where
    from tripplan.timeline import ClockChange, Day, Stay, Timeline, timelines
    from tripplan.views import Agenda, Filters, Itinerary, agenda, itinerary

# Each public name and the module that defines it.
_WHERE = {
    "tripplan.load": ("load_trip", "loads_trip"),
    "tripplan.model": ("AnyEntry", "Entry", "Event", "Finding", "Place", "Travel", "Trip"),
    "tripplan.errors": ("ExitStatus", "TripError", "TripFileError", "UsageError"),
    "tripplan.timeline": ("ClockChange", "Day", "Stay", "Timeline", "timelines"),
    "tripplan.checks": ("FiledFinding", "check_files", "check_trip", "has_errors"),
    "tripplan.views": ("Agenda", "Filters", "Itinerary", "agenda", "itinerary"),
    "tripplan.options": ("select_zone",),
    "tripplan.staff.where": ("Whereabouts", "where"),
    "tripplan.staff.reach": ("Hours", "Reach", "ReachDay", "Window", "reach"),
    "tripplan.staff.diff": ("TripDiff", "diff_trips"),
    "tripplan.staff.versions": ("read_version",),
}
_MODULE = {name: module for module, names in _WHERE.items() for name in names}

__all__ = [
    "Agenda",
    "AnyEntry",
    "ClockChange",
    "Day",
    "Entry",
    "Event",
    "ExitStatus",
    "FiledFinding",
    "Filters",
    "Finding",
    "Hours",
    "Itinerary",
    "Place",
    "Reach",
    "ReachDay",
    "Stay",
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
    "check_files",
    "check_trip",
    "diff_trips",
    "has_errors",
    "itinerary",
    "load_trip",
    "loads_trip",
    "reach",
    "read_version",
    "select_zone",
    "timelines",
    "where",
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
