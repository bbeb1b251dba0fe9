"""`import tripplan` as a library: the public names (`__all__`), loaded on first use, each
command's work among them, and the `py.typed` marker (docs/library.md's examples run in
test_api_docs.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import tripplan
from helpers import ROOT


def test_every_public_name_resolves_to_its_definition() -> None:
    assert len(tripplan.__all__) == len(set(tripplan.__all__))
    for name in tripplan.__all__:
        value = getattr(tripplan, name)
        if name != "__version__" and name != "AnyEntry":
            assert value.__module__.startswith("tripplan."), name
            assert value.__name__ == name
    assert set(tripplan.__all__) <= set(dir(tripplan))


def test_all_is_the_table_of_public_names() -> None:
    """`__all__` is spelt out for linters and type checkers; it lists exactly the names the
    lazy table loads (and the version), so neither can forget one."""
    assert tripplan.__all__ == sorted(["__version__", *tripplan._MODULE])


# The work of each command, as the library's names (docs/library.md): a command whose
# work had no public name would not be "a function a script can call".
COMMAND_WORK = {
    "validate": ["load_trip", "loads_trip"],
    "check": ["check_trip", "check_files"],
    "itinerary": ["itinerary", "Filters"],
    "agenda": ["agenda", "Filters"],
    "where": ["where"],
    "reach": ["reach", "Hours"],
    "diff": ["diff_trips", "read_version"],
    "export ics": ["entries_between", "refusals", "trip_calendar"],
    "booklet": ["Selection", "booklet_html", "booklet_pdf"],
    "timeline": ["Selection", "timeline_svg"],
    "new": ["NewTrip", "new_trip"],
    "add, move, cancel, set": ["editing", "Editor", "write_edit", "unified_diff", "introduced"],
    "import ics": ["read_invitation", "import_calendar"],
}


@pytest.mark.parametrize("command", COMMAND_WORK)
def test_every_command_s_work_is_public(command: str) -> None:
    for name in COMMAND_WORK[command]:
        assert name in tripplan.__all__, (command, name)
        assert callable(getattr(tripplan, name)), (command, name)


def test_import_tripplan_imports_no_interface_library() -> None:
    """`import tripplan` stays lean: no Rich, Typer, icalendar or Jinja2 until a name that
    needs them is used."""
    code = "import sys, tripplan; print(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    tops = {name.split(".")[0] for name in done.stdout.split()}
    assert tops.isdisjoint({"rich", "typer", "click", "icalendar", "jinja2", "tomlkit"})


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
