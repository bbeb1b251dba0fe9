"""The booklet's and the timeline's templates compiled to Python ahead of time.

    python tools/templates.py           # after changing a template (or markup.py's settings)
    python tools/templates.py --check   # exit 1 when a compiled template is stale (the tests)

Jinja2 parses a template and writes it as Python each time a process first renders it: 47
of the timeline's 55 ms of compiling. `src/tripplan/templates/compiled/NAME.py.txt` is that
Python, made here by Jinja2's own `Environment.compile` with tripplan's environment, under a
first line naming what it was made from (`markup.compiled_header`): the template's text,
the settings, Jinja2's version. `markup.AheadOfTime` renders from it when that line is what
it would write now, and compiles the template as Jinja2 does otherwise, so a stale file
costs time, never a wrong picture. The files are shipped in the package (they are text,
not importable modules: ruff, mypy and the structure test leave them alone).
"""

from __future__ import annotations

import sys
from pathlib import Path

from tripplan.render.markup import compiled_header, environment

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "src" / "tripplan" / "templates"
COMPILED = TEMPLATES / "compiled"


def wanted() -> dict[Path, str]:
    """Each compiled template as it should be."""
    made = environment()
    out = {}
    for template in sorted(TEMPLATES.glob("*.j2")):
        # the text as the package's loader reads it (its bytes, whatever a checkout's
        # line endings), which is what the header is held to when it renders
        source, _filename, _uptodate = made.loader.get_source(made, template.name)
        python = made.compile(source, template.name, str(template), raw=True)
        header = compiled_header(made, template.name, source)
        out[COMPILED / f"{template.name}.py.txt"] = f"{header}\n{python}\n"
    return out


def stale() -> list[Path]:
    return [
        path
        for path, text in wanted().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def main(argv: list[str]) -> int:
    old = stale()
    if "--check" not in argv:
        COMPILED.mkdir(exist_ok=True)
        for path in old:
            path.write_text(wanted()[path], encoding="utf-8")
    for path in old:
        print(f"{'stale' if '--check' in argv else 'wrote'}: {path.relative_to(ROOT)}")
    return 1 if old and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
