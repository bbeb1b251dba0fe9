"""The templates shipped compiled (tools/templates.py, render/markup.py's AheadOfTime):
the compiled Python is what Jinja2 makes of the templates now, what it renders is what the
template renders when Jinja2 compiles it from source, and a compiled file that does not
match its template (edited since, or made by another Jinja2) is not used.

The oracle is Jinja2 itself: an environment with markup.py's settings and Jinja2's own
PackageLoader, which compiles every template from its text.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import pytest
from jinja2 import PackageLoader

from helpers import CONFLICTS, ROOT, SAMPLE, tripplan
from tripplan.render import markup

sys.path.insert(0, str(ROOT / "tools"))
import templates

COMPILED = ROOT / "src" / "tripplan" / "templates" / "compiled"
NAMES = ["booklet.html.j2", "timeline.svg.j2"]
OURS = markup.environment


def _from_source() -> jinja2.Environment:
    """markup.py's environment, with Jinja2's loader in place of ours."""
    made = OURS().overlay(loader=PackageLoader("tripplan", "templates"))
    made.cache = None  # an overlay shares its parent's cache of templates: not this one
    return made


def test_the_compiled_templates_are_up_to_date() -> None:
    """Fails after a template or markup.py's settings change, until
    `python tools/templates.py` is run (the templates would still render, compiled from
    their source each time)."""
    assert templates.stale() == [], "run: python tools/templates.py"
    assert sorted(p.name for p in COMPILED.iterdir() if p.suffix == ".txt") == [
        f"{name}.py.txt" for name in NAMES
    ]


@pytest.mark.parametrize("name", NAMES)
def test_each_template_is_read_from_its_compiled_python(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shipped file is used: Jinja2's compiler is never asked."""

    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("compiled from source")

    markup.environment.cache_clear()
    monkeypatch.setattr(jinja2.Environment, "compile", refuse)
    try:
        template = markup.environment().get_template(name)
        assert template.filename is not None and template.filename.endswith(name)
    finally:
        markup.environment.cache_clear()


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda text: text.replace("Jinja2 ", "Jinja2 0.", 1), id="other-jinja2"),
        pytest.param(lambda text: text.replace(",", ", x", 1), id="other-source"),
        pytest.param(lambda text: "", id="empty"),
    ],
)
def test_a_compiled_file_that_does_not_match_is_not_used(
    edit: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A header naming another Jinja2 or another text: the template is compiled from its
    source, and renders as it always did."""
    shipped = (COMPILED / "timeline.svg.j2.py.txt").read_text(encoding="utf-8")
    header, _newline, python = shipped.partition("\n")
    folder = tmp_path / "templates" / "compiled"
    folder.mkdir(parents=True)
    changed = edit(header)  # type: ignore[operator]
    (folder / "timeline.svg.j2.py.txt").write_text(f"{changed}\n{python}", encoding="utf-8")
    monkeypatch.setattr(markup, "files", lambda package: tmp_path)
    calls = []
    real = jinja2.Environment.compile

    def counted(self: jinja2.Environment, *args: object, **kwargs: object) -> object:
        calls.append(args[1] if len(args) > 1 else kwargs.get("name"))
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    markup.environment.cache_clear()
    try:
        ours = markup.render("timeline.svg.j2", _context())
    finally:
        markup.environment.cache_clear()
    assert calls == ["timeline.svg.j2"]
    assert ours == _from_source().get_template("timeline.svg.j2").render(_context())


def _context() -> dict[str, object]:
    from tripplan import load_trip
    from tripplan.booklet import Selection
    from tripplan.render import svg

    held: dict[str, object] = {}

    def grab(name: str, context: dict[str, object]) -> list[str]:
        held.update(context)
        return []

    selection = Selection.of(load_trip(SAMPLE), None, None, None)
    real = markup.render_pieces
    markup.render_pieces = grab  # type: ignore[assignment]
    try:
        list(svg.timeline_svg(selection))
    finally:
        markup.render_pieces = real
    return held


@pytest.mark.parametrize("trip", [SAMPLE, CONFLICTS], ids=["sample", "conflicts"])
def test_the_pictures_are_those_the_templates_make_from_source(
    trip: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The timeline and the booklet's HTML, byte for byte, from the compiled templates
    and from Jinja2 compiling the templates' text."""
    outputs = {}
    for how in ("compiled", "source"):
        markup.environment.cache_clear()
        if how == "source":
            monkeypatch.setattr(markup, "environment", _from_source)
        timeline = tripplan("timeline", str(trip))
        booklet = tripplan("booklet", str(trip), "-o", str(tmp_path / f"{how}.html"))
        assert timeline.code == 0 and booklet.code == 0, timeline.err + booklet.err
        outputs[how] = (timeline.out, (tmp_path / f"{how}.html").read_bytes())
        monkeypatch.undo()
    markup.environment.cache_clear()
    assert outputs["compiled"][0] == outputs["source"][0]
    assert outputs["compiled"][1] == outputs["source"][1]
    assert b"<svg" in outputs["compiled"][1] and "<svg" in outputs["compiled"][0]


@pytest.mark.parametrize(
    "changed",
    [
        {"autoescape": False},
        {"trim_blocks": False},
        {"variable_start_string": "<<", "variable_end_string": ">>"},
        {"finalize": None},
    ],
    ids=["autoescape", "trim_blocks", "delimiters", "finalize"],
)
def test_a_setting_the_python_depends_on_changes_the_header(changed: dict[str, object]) -> None:
    """A compiled template made under other settings is never taken for this one's."""
    ours = OURS()
    source = (ROOT / "src" / "tripplan" / "templates" / "timeline.svg.j2").read_text("utf-8")
    other = ours.overlay(**changed)  # type: ignore[arg-type]
    header = markup.compiled_header(ours, "timeline.svg.j2", source)
    assert markup.compiled_header(other, "timeline.svg.j2", source) != header
