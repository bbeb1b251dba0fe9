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
no other command pays for it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from tripplan import lang
from tripplan.text import visible

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

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


@lru_cache(maxsize=1)
def environment() -> Environment:
    made = Environment(
        loader=PackageLoader("tripplan", "templates"),
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
