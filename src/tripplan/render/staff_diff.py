"""`diff` as a table: one row per change, what, which entry, before and after, then a
summary. Laid out as render.staff_table lays out the other staff questions: on a narrow
terminal the entry is first stacked under the change, then before over after."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from tripplan import words
from tripplan.lang import N_, _
from tripplan.model import Travel
from tripplan.render.layout import (
    LEAST,
    Cells,
    Col,
    Stack,
    Table,
    fit,
    heading,
    whole,
    widest,
    widest_word,
)
from tripplan.render.printer import Printer, Style
from tripplan.render.rows import shown_dates
from tripplan.render.table import Dates, time_cell
from tripplan.text import visible

if TYPE_CHECKING:
    from tripplan.model import AnyEntry, Finding, Trip
    from tripplan.staff.diff import Moved, TripDiff


def print_diff(diff: TripDiff, printer: Printer, today: date) -> None:
    """One row per change: what, which entry, before and after; then a summary."""
    rows = _diff_rows(diff, today)
    title = [f"{visible(diff.old.file)} → {visible(diff.new.file)}"]
    if not rows:
        printer.write(heading(printer, [*title, _("no changes.")]))
        return
    change, entry = _("Change"), _("Entry")
    # a header in another language is never cut inside a word
    change_width = max(widest(r[0] for r in rows), 6, widest_word([change]))
    # ids are never broken: the column is as wide as the longest (render.layout.whole)
    ids = whole("entry", entry, [r[1] for r in rows])
    entry_width = max(ids.width, 5)
    # Before and After hold times: never narrower than the widest, so none is broken.
    least = max(LEAST, _widest_time(diff))
    columns = [
        Col("change", change, change_width),
        Col("entry", entry, entry_width, least=entry_width, whole=entry_width),
        Col("before", _("Before"), share=1, least=least),
        Col("after", _("After"), share=1, least=least),
    ]
    stacked = Col("change", change, max(change_width, entry_width), whole=entry_width)
    both = Col("before", _("Before → after"), share=1, least=least)
    steps = (
        Stack("entry", under="change", column=stacked),
        Stack("after", under="before", join=_stacked, column=both),
    )
    table = fit(Table(columns, steps), printer)
    out = heading(printer, title, "italic")
    out += table.header()
    for what, which, before, after, style in rows:
        row: Cells = {"change": (what, style), "entry": which, "before": before, "after": after}
        out += table.lines(row)
    printer.write(out)
    printer.blank()
    printer.write(heading(printer, [_diff_summary(diff)]))


_DiffRow = tuple[str, str, str, str, Style]


def _diff_rows(diff: TripDiff, today: date) -> list[_DiffRow]:
    """The trip's and places' changes, then the entries', then the findings'."""
    return [*_setting_rows(diff), *_entry_rows(diff, today), *_finding_rows(diff)]


def _setting_rows(diff: TripDiff) -> list[_DiffRow]:
    """The [trip] keys and the places that changed."""
    rows: list[_DiffRow] = []
    for key, (old, new) in diff.trip.items():
        rows.append((_("trip {key}").format(key=key), "", _said(old), _said(new), None))
    for place in diff.places_added:
        rows.append((_("place added"), visible(place.id), "", visible(place.tz), None))
    for place in diff.places_removed:
        rows.append((_("place removed"), visible(place.id), visible(place.tz), "", None))
    for pid, fields in diff.places_changed:
        for key, (old, new) in fields.items():
            said = _("place {key}").format(key=key)
            rows.append((said, visible(pid), _said(old), _said(new), None))
    return rows


def _entry_rows(diff: TripDiff, today: date) -> list[_DiffRow]:
    """The entries cancelled, added, moved and changed, their dates written for the span
    of all of them."""
    from tripplan.views import make_row

    every = [
        *diff.added,
        *diff.cancelled,
        *(m.new for m in diff.moved),
        *(m.old for m in diff.moved),
    ]
    firsts = [shown_dates(make_row(diff.new, e, None))[0] for e in every]
    dates = Dates.for_view(min(firsts, default=None), max(firsts, default=None), today)

    def when(trip: Trip, entry: AnyEntry) -> str:
        row = make_row(trip, entry, None)
        return f"{dates.day(shown_dates(row)[0])}\n{time_cell(row, dates)}"

    def described(trip: Trip, entry: AnyEntry) -> str:
        return f"{when(trip, entry)}\n{visible(words.title(entry))}\n{visible(words.place(entry))}"

    rows: list[_DiffRow] = []
    for entry in diff.cancelled:
        rows.append((_("cancelled"), visible(entry.id), described(diff.old, entry), "", "red"))
    for entry in diff.added:
        rows.append((_("added"), visible(entry.id), "", described(diff.new, entry), "green"))
    for moved in diff.moved:
        rows.append(
            (
                _moved_label(moved),
                visible(moved.new.id),
                when(diff.old, moved.old),
                when(diff.new, moved.new),
                "yellow",
            )
        )
    for changed in diff.changed:
        for key, (old, new) in changed.fields.items():
            said = _("changed {key}").format(key=key)
            rows.append((said, visible(changed.new.id), _said(old), _said(new), None))
    return rows


def _finding_rows(diff: TripDiff) -> list[_DiffRow]:
    """The findings the new version adds, then those it clears."""
    rows: list[_DiffRow] = []
    for finding in diff.findings_added:
        severity = words.severity_word(finding.severity)
        rows.append(
            (
                _("new {severity}").format(severity=severity) + f"\n{finding.code}",
                _entry_ids(finding),
                "",
                visible(finding.message),
                "bold red" if finding.severity == "error" else "yellow",
            )
        )
    for finding in diff.findings_cleared:
        severity = words.severity_word(finding.severity)
        rows.append(
            (
                _("cleared {severity}").format(severity=severity) + f"\n{finding.code}",
                _entry_ids(finding),
                visible(finding.message),
                "",
                "green",
            )
        )
    return rows


def _entry_ids(finding: Finding) -> str:
    return "\n".join(visible(i) for i in words.subjects(finding.entry_ids, finding.place_ids))


def _stacked(before: str, after: str) -> str:
    """Before and after in one column: each labelled where both are there."""
    if before and after:
        return (
            _("was: {before}").format(before=before) + "\n" + _("now: {after}").format(after=after)
        )
    return before or after


def _widest_time(diff: TripDiff) -> int:
    from tripplan.views import make_row

    dates = Dates(year=True)
    pairs = [(diff.old, e) for e in diff.cancelled] + [(diff.new, e) for e in diff.added]
    pairs += [(diff.old, m.old) for m in diff.moved] + [(diff.new, m.new) for m in diff.moved]
    return widest(time_cell(make_row(trip, entry, None), dates) for trip, entry in pairs)


def _moved_label(moved: Moved) -> str:
    """moved +1h; end moved -30m (a leg: arrival moved); moved +2 d (all-day); then
    (place or zone only) when the wall times stayed."""
    zero = timedelta(0)
    shift, end_shift, days = moved.shift, moved.end_shift, moved.shift_days
    if shift:
        label = _("moved {shift}").format(shift=words.shift(zero, shift))
    elif end_shift:
        if isinstance(moved.new, Travel):
            label = _("arrival moved {shift}").format(shift=words.shift(zero, end_shift))
        else:
            label = _("end moved {shift}").format(shift=words.shift(zero, end_shift))
    elif days:
        label = _("moved {days} d").format(days=f"{days:+d}")
    else:
        label = _("moved")
    return label + ("\n" + _("(place or zone only)") if moved.zone_only else "")


def _said(value: object) -> str:
    """A field's value as a table shows it."""
    if value is None:
        return _("(none)")
    if isinstance(value, list):
        return ", ".join(visible(str(v)) for v in value) or _("(none)")
    if isinstance(value, timedelta):
        return words.human_length(value)
    return visible(str(value))


# How many entries each kind of change concerns, in the summary.
_N_ADDED, _N_CANCELLED = N_("{n} added"), N_("{n} cancelled")
_N_MOVED, _N_CHANGED = N_("{n} moved"), N_("{n} changed")


def _diff_summary(diff: TripDiff) -> str:
    counts = [
        (len(diff.added), _N_ADDED),
        (len(diff.cancelled), _N_CANCELLED),
        (len(diff.moved), _N_MOVED),
        (len(diff.changed), _N_CHANGED),
    ]
    entries = ", ".join(_(what).format(n=n) for n, what in counts if n) or _("no entry changed")
    found = _("findings: {new} new, {cleared} cleared").format(
        new=len(diff.findings_added), cleared=len(diff.findings_cleared)
    )
    return _("{entries}; {findings}.").format(entries=entries, findings=found)
