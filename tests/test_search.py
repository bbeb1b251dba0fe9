"""`search` finds entries by the texts people look them up by (id, title, venue, notes,
confirmation), Unicode-folded, in time order, and nothing else."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from helpers import SAMPLE
from tripplan import load_trip, loads_trip
from tripplan.search import search

TRIP = load_trip(SAMPLE)


def _ids(text: str) -> list[str]:
    return [row.entry.id for row in search(TRIP, text).rows]


def test_each_searched_key_finds_its_entry() -> None:
    assert _ids("la-mou") == ["la-mou"]  # an id
    assert _ids("villaraigosa") == ["la-mou"]  # a title, whatever the case
    assert _ids("CITY HALL") == ["la-mou", "daley-meeting"]  # venues, in time order
    assert _ids("e-government") == ["mexico-agreement", "daley-meeting"]  # notes


def test_a_place_name_alone_is_not_searched() -> None:
    """`Los Angeles` is in two titles (the legs) and one venue; the other entries at the
    place are not found by the place's name: the contract searches the entry's own texts."""
    found = _ids("los angeles")
    assert found == ["ke017", "la-mou", "am649"]
    assert "port" not in found


def test_nothing_matches_nothing_and_empty_text_matches_nothing() -> None:
    assert _ids("zzz-no-such-text") == []
    assert _ids("") == []


def test_rows_are_in_time_order() -> None:
    rows = list(search(TRIP, "a").rows)
    assert len(rows) > 5
    assert [r.entry.begins for r in rows] == sorted(r.entry.begins for r in rows)


KOREAN = """\
[trip]
title = "서울"

[places.seoul]
tz = "Asia/Seoul"

[[events]]
id = "briefing"
title = "시장 브리핑"
place = "seoul"
start = 2010-11-15T09:00:00
duration = "1h"
confirmation = "Straße-K7QX2P"
"""


def test_hangul_typed_in_jamo_and_case_folding_match() -> None:
    trip = loads_trip(KOREAN.encode())
    decomposed = unicodedata.normalize("NFD", "브리핑")  # as some keyboards send it
    assert decomposed != "브리핑"
    assert [r.entry.id for r in search(trip, decomposed).rows] == ["briefing"]
    assert [r.entry.id for r in search(trip, "STRASSE-k7qx2p").rows] == ["briefing"]


@given(
    st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=6)
)
def test_any_slice_of_a_title_finds_it(word: str) -> None:
    """Oracle: the title the file writes; the word, the title, and the word in upper or lower
    case where that is the same word case-folded (not so for a dotless i, U+0131), find the entry."""
    title = f"Visit {word} today"
    text = KOREAN.replace('title = "시장 브리핑"', f"title = {title!r}".replace("'", '"'))
    trip = loads_trip(text.encode())
    same = [p for p in (word.upper(), word.lower()) if p.casefold() == word.casefold()]
    for piece in (word, title, *same):
        assert [r.entry.id for r in search(trip, piece).rows] == ["briefing"], piece
