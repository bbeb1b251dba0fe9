"""Wide characters are wrapped as Rich wraps them (the oracle: Rich's own `Text.wrap`
with a Console), though tripplan divides them without one (render/printer.py)."""

from __future__ import annotations

import io

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from tripplan.render.printer import Printer

# Hangul, kanji and kana (two cells), Latin (one), and spaces to break at.
WORDS = st.text(
    alphabet=st.sampled_from("가나다라마바사서울시장제총회漢字かなAbc1-·(). "),
    min_size=0,
    max_size=60,
)


def rich_wrap(text: str, width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=200, no_color=True, highlight=False)
    lines = Text(text).wrap(console, width, overflow="fold")
    return [line.plain.rstrip() for line in lines] or [""]


@settings(max_examples=400, deadline=None)
@given(text=WORDS, width=st.integers(min_value=2, max_value=40))
def test_wide_text_wraps_as_rich_wraps_it(text: str, width: int) -> None:
    assume(cell_len(text) > width)  # shorter text is one line, as it is
    printer = Printer(io.StringIO(), width=80, color=False)
    ours = printer.wrap(text, width)
    assert [line for line in ours if line] == [line for line in rich_wrap(text, width) if line]


def test_a_korean_title_in_a_narrow_column() -> None:
    printer = Printer(io.StringIO(), width=80, color=False)
    title = "비야라이고사 LA시장과 전기차 교류 협력 MOU 체결"
    assert printer.wrap(title, 24) == ["비야라이고사 LA시장과", "전기차 교류 협력 MOU", "체결"]
    assert printer.wrap("서울특별시장과대표단", 6) == ["서울특", "별시장", "과대표", "단"]
