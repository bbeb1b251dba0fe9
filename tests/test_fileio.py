"""Output written in blocks: the blocks, written one after another with the separator
between them, are every piece joined, whatever the block size."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import SAMPLE, tripplan
from tripplan import fileio
from tripplan.fileio import in_blocks


@given(st.lists(st.text(max_size=30)), st.integers(min_value=1, max_value=64))
def test_blocks_join_to_the_pieces_joined(pieces: list[str], block: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fileio, "BLOCK", block)
        blocks = list(in_blocks(pieces, ",\n"))
    assert ",\n".join(blocks) == ",\n".join(pieces)
    assert len(blocks) <= len(pieces)
    if sum(map(len, pieces)) < block:
        assert len(blocks) == min(1, len(pieces))  # small output: one write


@pytest.mark.parametrize(
    "args", [("itinerary", "--json"), ("agenda", "--json"), ("export", "ics")], ids=" ".join
)
def test_output_is_the_same_in_small_blocks(
    args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = tripplan(*args, SAMPLE)
    monkeypatch.setattr(fileio, "BLOCK", 40)
    blocked = tripplan(*args, SAMPLE)
    assert (blocked.code, blocked.err) == (0, "")
    assert blocked.out == whole.out
