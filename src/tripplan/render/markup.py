"""The Jinja2 environment the booklet (HTML) and the timeline (SVG) are made with.

Every value a template writes is text, never markup: autoescaping is on for every
template (whatever its name), and `finalize` first makes control and formatting characters
visible (`text.visible`), so a trip's text can neither close an element nor put into an
SVG file a character XML 1.0 forbids (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F,
U+FFFE, U+FFFF) nor reorder a line with a bidirectional override. Only what this package
made as markup (`Markup`: one picture inside the booklet) is written as it is.

The templates' own words are `{{ _("...") }}` (Jinja2's i18n extension): tripplan's
catalog, in the language speaking when the template is rendered (`tripplan.lang`), and
escaped like any other text.

Jinja2 is imported here, and this module only by the booklet and timeline renderers, so
no other command pays for it. Nor do they pay for Jinja2's compiler: each template is
shipped compiled to Python (`templates/compiled/`, made by `tools/templates.py`), which
Python's own `compile` reads in a sixth of the time Jinja2 takes to parse the template
(docs/design.md); one whose header does not name this template's text, these settings
and this Jinja2 is compiled from its source, as Jinja2 always does.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

import jinja2
from jinja2 import BaseLoader, Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup, escape

from tripplan import lang
from tripplan.text import visible

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, MutableMapping

__all__ = ["Markup", "css_string", "render", "render_pieces"]


def _shown(value: object) -> object:
    if isinstance(value, float):
        return round(value, 2)  # a position: a hundredth of a pixel is plenty
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return visible(value)


def _gettext(message: str) -> Markup:
    return escape(lang._(message))  # a translation is text too


def _ngettext(singular: str, plural: str, n: int) -> Markup:
    return escape(lang.ngettext(singular, plural, n))


class AheadOfTime(BaseLoader):
    """The package's templates, each read from its compiled Python when that was made
    from this very template (`compiled_header`), else compiled from its source."""

    def __init__(self) -> None:
        self.source = PackageLoader("tripplan", "templates")

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, None]:
        source, filename, _uptodate = self.source.get_source(environment, template)
        return source, filename, None  # a package's templates do not change while it runs

    def load(
        self,
        environment: Environment,
        name: str,
        globals: MutableMapping[str, object] | None = None,
    ) -> Template:
        source, filename, _uptodate = self.get_source(environment, name)
        compiled = files("tripplan") / "templates" / "compiled" / f"{name}.py.txt"
        try:
            text = compiled.read_text(encoding="utf-8")
        except OSError:
            text = ""
        header, _newline, python = text.partition("\n")
        if header != compiled_header(environment, name, source):
            return super().load(environment, name, globals)
        code = compile(python, filename or name, "exec")
        return environment.template_class.from_code(environment, code, dict(globals or {}))


# The settings of an Environment that the Python it compiles a template to depends on.
_COMPILED_BY = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "autoescape",
    "optimized",
)


def compiled_header(environment: Environment, name: str, source: str) -> str:
    """The first line of a template's compiled Python: what it was compiled from (the
    template's text, the environment's settings, Jinja2's version), which `AheadOfTime`
    asks to be what it is about to render."""
    settings = (
        *(getattr(environment, name) for name in _COMPILED_BY),
        sorted(environment.extensions),
        getattr(environment.finalize, "__qualname__", None),
        environment.undefined.__name__,
        getattr(environment, "newstyle_gettext", None),  # set by the i18n extension
    )
    digest = hashlib.sha256(f"{settings!r}\n{source}".encode()).hexdigest()[:32]
    return f"# {name} compiled by Jinja2 {jinja2.__version__}, {digest}: python tools/templates.py"


@lru_cache(maxsize=1)
def environment() -> Environment:
    made = Environment(
        loader=AheadOfTime(),
        autoescape=True,
        finalize=_shown,
        undefined=StrictUndefined,  # a misspelt name fails the render, not the reader
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # The templates' {{ _("...") }}, in the language speaking when they are rendered.
    install = made.install_gettext_callables  # type: ignore[attr-defined]  # by the extension
    install(gettext=_gettext, ngettext=_ngettext, newstyle=True)
    return made


def render(template: str, context: Mapping[str, object]) -> str:
    return environment().get_template(template).render(context)


def render_pieces(template: str, context: Mapping[str, object]) -> Iterator[str]:
    """The document a piece at a time, as the template reaches it: a season's booklet is
    a hundred megabytes, never held whole (write them with `fileio.in_blocks`)."""
    return environment().get_template(template).generate(context)


def css_string(text: str) -> Markup:
    """Text as a CSS string literal (for `content:` in a page's margin box), every
    character but ASCII letters and digits written as a six-digit CSS escape: nothing in
    it can end the string, the rule or the `<style>` element it stands in. (Six digits,
    because a shorter escape eats the space after it.)"""
    shown = visible(text)
    body = "".join(ch if ch.isascii() and ch.isalnum() else f"\\{ord(ch):06x}" for ch in shown)
    return Markup(f'"{body}"')
