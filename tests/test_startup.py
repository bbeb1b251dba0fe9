"""Start-up is a feature: fresh processes must not import what their command does not use.

Not timed (the machines are shared and noisy): `python -X importtime` lists every module a
process imported, and this checks the list. bench/run.py measures the time itself.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import CONFLICTS, ROOT, SAMPLE

HEAVY = ("rich.table", "icalendar", "tomlkit", "pydantic", "pendulum")
# What only the commands that write trips need (cli/edit.py imports them inside commands;
# difflib is not among them: Click imports it for every command line).
EDITING = ("tomlkit", "tomli_w", "pendulum", "icalendar", "recurring_ical_events")
EDIT_MODULES = ("tripplan.edit", "tripplan.edit.invitations")


def imported(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tripplan", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[1].strip() for line in lines}


def top(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules} | modules


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("validate", str(SAMPLE)),
        ("itinerary", "--json", str(SAMPLE)),
        ("agenda", "--json", str(SAMPLE)),
        ("check", "--json", str(SAMPLE)),
    ],
    ids=["help", "validate", "itinerary-json", "agenda-json", "check-json"],
)
def test_paths_without_tables_import_no_renderer(args: tuple[str, ...]) -> None:
    modules = top(imported(*args))
    assert modules.isdisjoint(HEAVY), sorted(modules & set(HEAVY))
    assert "rich" not in modules  # not even Rich's console: JSON and help are plain text
    assert "tempfile" not in modules  # only `export ics -o` writes a file (2 ms of imports)


def test_tables_import_rich_but_not_the_calendar_or_the_editor() -> None:
    """Tables without colour use Rich's cell widths only: not its console (a sixth of
    start-up, for colour and for wrapping long text of wide characters), nor its text,
    nor its general Table, whose layout measures every cell before printing one."""
    modules = top(imported("agenda", str(SAMPLE)))
    assert "rich.cells" in modules
    assert modules.isdisjoint({"rich.console", "rich.text", "rich.table"})
    assert modules.isdisjoint({"icalendar", "tomlkit", "pydantic", "pendulum"})


def test_export_imports_icalendar() -> None:
    modules = top(imported("export", "ics", str(SAMPLE)))
    assert "icalendar" in modules
    assert modules.isdisjoint({"rich.table", "tomlkit", "pydantic"})


def test_the_installed_command_runs() -> None:
    """The `tripplan` script pip made from [project.scripts] reaches the CLI."""
    script = Path(sys.executable).with_name("tripplan")
    if not script.exists():
        pytest.skip(f"no installed script beside {sys.executable}")
    done = subprocess.run(
        [str(script), "validate", str(SAMPLE)], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.endswith(": valid (4 places, 6 events, 4 travel)\n")


@pytest.mark.parametrize("json", [(), ("--json",)], ids=["table", "json"])
def test_check_does_not_load_the_views(json: tuple[str, ...]) -> None:
    """Findings are written without the itinerary's and agenda's rows (2.4 ms of imports)."""
    assert "tripplan.views" not in imported("check", *json, str(CONFLICTS))


def imported_by(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[1].strip() for line in lines}


LIBRARY = {
    "tripplan.load",
    "tripplan.checks",
    "tripplan.timeline",
    "tripplan.views",
    "tripplan.staff",
}


def test_import_tripplan_loads_no_library_module() -> None:
    """The library's names are loaded on first use (PEP 562), so the command line, which
    imports the package first, pays nothing for them."""
    assert imported_by("import tripplan").isdisjoint(LIBRARY)
    used = "import sys, tripplan; tripplan.load_trip; print(sorted(sys.modules))"
    done = subprocess.run([sys.executable, "-c", used], capture_output=True, text=True, check=True)
    assert "'tripplan.load'" in done.stdout and "'tripplan.staff'" not in done.stdout


def test_help_loads_no_staff_question() -> None:
    modules = imported("--help")
    assert modules.isdisjoint({"tripplan.staff", "tripplan.render.staff_table"})
    assert modules.isdisjoint(LIBRARY)


PICTURES = {"jinja2", "markupsafe", "weasyprint", "tripplan.render.svg", "tripplan.render.html"}


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("validate", str(SAMPLE)),
        ("itinerary", "--json", str(SAMPLE)),
        ("agenda", str(SAMPLE)),
        ("check", str(SAMPLE)),
        ("export", "ics", str(SAMPLE)),
    ],
    ids=["help", "validate", "itinerary-json", "agenda", "check", "export"],
)
def test_reading_commands_import_nothing_of_the_editor(args: tuple[str, ...]) -> None:
    modules = imported(*args)
    assert top(modules).isdisjoint(set(EDITING) - {"icalendar"} if args[0] == "export" else EDITING)
    assert modules.isdisjoint(EDIT_MODULES)


def test_an_edit_imports_tomlkit_but_not_the_calendar() -> None:
    modules = top(imported("move", str(SAMPLE), "la-mou", "--by", "1h", "--dry-run"))
    assert {"tomlkit", "tripplan.edit"} <= modules
    assert modules.isdisjoint({"icalendar", "recurring_ical_events", "tomli_w", "rich"})


def test_new_imports_tomli_w_but_not_tomlkit() -> None:
    modules = top(imported("new", "-", "--title", "T"))
    assert "tomli_w" in modules
    assert modules.isdisjoint({"tomlkit", "icalendar", "pendulum", "rich"})


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("booklet", "--help"),
        ("timeline", "--help"),
        ("validate", str(SAMPLE)),
        ("itinerary", str(SAMPLE)),
        ("agenda", "--json", str(SAMPLE)),
        ("check", str(SAMPLE)),
        ("export", "ics", str(SAMPLE)),
    ],
    ids=[
        "help",
        "booklet-help",
        "timeline-help",
        "validate",
        "itinerary",
        "agenda-json",
        "check",
        "export",
    ],
)
def test_other_commands_import_no_template_engine_and_no_pdf_maker(args: tuple[str, ...]) -> None:
    modules = top(imported(*args))
    assert modules.isdisjoint(PICTURES), sorted(modules & PICTURES)


def test_timeline_imports_jinja2_but_not_weasyprint() -> None:
    modules = top(imported("timeline", str(SAMPLE)))
    assert {"jinja2", "tripplan.render.svg"} <= modules
    assert modules.isdisjoint({"weasyprint", "tripplan.render.html", "rich", "icalendar"})


def test_an_html_booklet_does_not_import_weasyprint(tmp_path: Path) -> None:
    modules = top(imported("booklet", str(SAMPLE), "-o", str(tmp_path / "book.html")))
    assert {"jinja2", "tripplan.render.html"} <= modules
    assert modules.isdisjoint({"weasyprint", "rich", "icalendar"})


def test_a_pdf_booklet_imports_weasyprint(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint", exc_type=ImportError)
    assert "weasyprint" in top(imported("booklet", str(SAMPLE), "-o", str(tmp_path / "book.pdf")))


@pytest.mark.parametrize(
    "args",
    [
        ("where", "--json", "--at", "2010-11-16 21:00", str(SAMPLE)),
        ("reach", "--json", str(SAMPLE)),
        ("diff", "--json", str(SAMPLE), str(SAMPLE)),
    ],
    ids=["where", "reach", "diff"],
)
def test_staff_json_paths_import_no_renderer(args: tuple[str, ...]) -> None:
    modules = top(imported(*args))
    assert modules.isdisjoint(HEAVY), sorted(modules & set(HEAVY))
    assert "rich" not in modules
