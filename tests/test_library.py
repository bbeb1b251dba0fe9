"""`import tripplan` as a library: the public names (`__all__`), loaded on first use, the
`py.typed` marker, and docs/library.md's examples, run as doctests."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

import tripplan
from helpers import ROOT

LIBRARY_DOC = ROOT / "docs" / "library.md"
PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def test_every_public_name_resolves_to_its_definition() -> None:
    assert len(tripplan.__all__) == len(set(tripplan.__all__))
    for name in tripplan.__all__:
        value = getattr(tripplan, name)
        if name != "__version__" and name != "AnyEntry":
            assert value.__module__.startswith("tripplan."), name
            assert value.__name__ == name
    assert set(tripplan.__all__) <= set(dir(tripplan))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'lode_trip'"):
        tripplan.lode_trip  # noqa: B018


def test_the_package_is_typed() -> None:
    """PEP 561: the marker beside the package's modules (hatchling ships every file of
    src/tripplan in the wheel)."""
    assert (Path(tripplan.__file__).parent / "py.typed").is_file()


def test_load_trip_takes_any_path_like(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    from_path = tripplan.load_trip(Path("trips/seoul-americas-2010.toml"))
    assert from_path.file == "trips/seoul-americas-2010.toml"  # a str, as errors show it
    assert from_path == tripplan.load_trip("trips/seoul-americas-2010.toml")


def test_docs_library_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ```python block of docs/library.md, run as a doctest."""
    monkeypatch.chdir(ROOT)
    blocks = PYTHON_BLOCK.findall(LIBRARY_DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 5
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    globs: dict[str, object] = {}
    for n, block in enumerate(blocks):
        test = parser.get_doctest(
            block, globs, f"docs/library.md block {n + 1}", str(LIBRARY_DOC), 0
        )
        assert test.examples, f"block {n + 1} has no >>> examples"
        runner.run(test, clear_globs=False)
        globs = test.globs
    assert runner.failures == 0, f"{runner.failures} docs/library.md example(s) failed (see output)"
