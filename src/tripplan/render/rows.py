"""A view's row as the renderers read it: the times and dates it shows (no Rich here, so
that the booklet can read them too)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, cast

from tripplan.model import AllDayEvent

if TYPE_CHECKING:
    from tripplan.views import Row


def shown_times(row: Row) -> tuple[datetime, datetime]:
    """A timed entry's row: its start and end on the clock shown, which `views.make_row`
    made datetimes (the row's type does not say so: it holds an all-day event's dates)."""
    return cast(datetime, row.start), cast(datetime, row.end)


def shown_dates(row: Row) -> tuple[date, date]:
    """The dates a row shows: an all-day event's, or its start's and end's on the clock
    shown."""
    if isinstance(row.entry, AllDayEvent):
        return row.entry.dates
    start, end = shown_times(row)
    return start.date(), end.date()
