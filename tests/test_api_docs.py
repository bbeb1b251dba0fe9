"""docs/library.md cannot rot: every ```python block in it runs, in order, in one session
(as a reader would type them), from the repository's root, against the trips in trips/
and tests/trips/; and the page shows every command's work (test_library.COMMAND_WORK)."""

from __future__ import annotations

import doctest
import re

import pytest

from helpers import ROOT
from test_library import COMMAND_WORK

LIBRARY_DOC = ROOT / "docs" / "library.md"
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def blocks() -> list[str]:
    return [block for block, _ in numbered_blocks()]


def numbered_blocks() -> list[tuple[str, int]]:
    """Each block, and the 0-based line of the page it starts on (for failures' lines)."""
    text = LIBRARY_DOC.read_text(encoding="utf-8")
    return [
        (match.group(1), text.count("\n", 0, match.start(1)))
        for match in PYTHON_BLOCK.finditer(text)
    ]


def test_every_python_block_of_the_library_page_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    found = numbered_blocks()
    assert len(found) >= 9
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    globs: dict[str, object] = {}
    for n, (block, line) in enumerate(found, start=1):
        name = f"docs/library.md block {n}"
        test = parser.get_doctest(block, globs, name, str(LIBRARY_DOC), line)
        assert test.examples, f"block {n} has no >>> examples"
        runner.run(test, clear_globs=False)
        globs = test.globs
    assert runner.tries >= 60
    assert runner.failures == 0, f"{runner.failures} docs/library.md example(s) failed (see output)"


def test_the_page_shows_every_command_s_work() -> None:
    shown = "\n".join(blocks())
    for command, names in COMMAND_WORK.items():
        for name in names:
            assert f"tripplan.{name}(" in shown or f"tripplan.{name}." in shown, (command, name)


def test_a_failing_example_is_caught() -> None:
    """The runner above fails on a wrong example: the check is not vacuous."""
    test = doctest.DocTestParser().get_doctest(">>> 1 + 1\n3\n", {}, "wrong", None, 0)
    runner = doctest.DocTestRunner()
    runner.run(test, out=lambda _: None)
    assert runner.failures == 1
