"""Renderers draw what they are given: the booklet's days and findings computed once
(tripplan.booklet), and the words a person reads in diff and in the picture."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import SAMPLE, TRIPS, tripplan
from tripplan import booklet as booklet_module
from tripplan import views
from tripplan.load import load_trip
from tripplan.render.html import booklet_document


def test_diff_says_a_changed_buffer_as_a_person_reads_a_length(tmp_path: Path) -> None:
    changed = tmp_path / "later.toml"
    changed.write_text(
        SAMPLE.read_text(encoding="utf-8").replace('buffer = "90m"', 'buffer = "2h"'),
        encoding="utf-8",
    )
    result = tripplan("diff", SAMPLE, changed, width=100)
    line = next(line for line in result.out.splitlines() if line.startswith("trip buffer"))
    assert line.split()[2:] == ["1", "h", "30", "min", "2", "h"]
    assert "1h30m" not in result.out


def test_the_booklet_runs_the_checks_once_and_holds_a_section_per_date_and_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trip = load_trip(SAMPLE)
    calls = []
    real = booklet_module.check_trip
    monkeypatch.setattr(booklet_module, "check_trip", lambda t: calls.append(t) or real(t))
    made = booklet_module.booklet(trip, "mayor")
    html = "".join(booklet_document(made))
    assert len(calls) == 1  # rendering it ran none
    days = views.agenda(trip, views.Filters(who="mayor")).days
    places = list(dict.fromkeys((day.date, day.place) for day in days))  # in order, once
    assert [(s.date, s.place) for s in made.sections] == places
    assert html.count('<section class="day"') == len(places) > 0
    shown = {e.id for f in made.selection.findings for e in f.entries}
    assert set(made.findings) == shown


def test_a_booklet_of_chosen_dates_has_only_their_days() -> None:
    from datetime import date

    made = booklet_module.booklet(load_trip(SAMPLE), None, date(2010, 11, 16), date(2010, 11, 17))
    assert {section.date for section in made.sections} == {date(2010, 11, 16), date(2010, 11, 17)}


def test_a_bar_in_year_one_starts_at_an_iso_instant() -> None:
    svg = tripplan("timeline", TRIPS / "odd" / "edge_years.toml").out
    assert 'data-start-utc="0001-12-31T11:22:48Z"' in svg
    assert 'data-start-utc="1-' not in svg
