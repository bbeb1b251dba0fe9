"""A page's schema.org markup, with the standard library's html.parser: the text of
each JSON-LD `<script>`, and the microdata items (itemscope, itemtype, itemprop) as the
objects JSON-LD would write for them.

Microdata is read as the WHATWG algorithm reads it for the markup senders write (Google's
e-mail markup examples): an `itemprop` element's value is its `content` (meta), `href`
(link, a), `src` (img), `datetime` (time) or `value` (data), else its text; an element
with `itemscope` is an item, a property's value when it has an `itemprop` too. `itemref`
and `itemid` are not read (no sender of reservations uses them). html.parser never
recurses, so a page nested thousands deep costs only its length.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)  # elements with no end tag
_VALUE_ATTRIBUTE = {
    "meta": "content",
    "link": "href",
    "a": "href",
    "area": "href",
    "img": "src",
    "audio": "src",
    "video": "src",
    "source": "src",
    "iframe": "src",
    "object": "data",
    "time": "datetime",
    "data": "value",
    "meter": "value",
}
_JSON_LD = "application/ld+json"


@dataclass
class _Open:
    """An open element: its tag, the item it makes, the property whose text it holds."""

    tag: str
    item: dict[str, Any] | None = None
    text_of: tuple[dict[str, Any], str] | None = None
    text: list[str] = field(default_factory=list)


class _Markup(HTMLParser):
    """Each open element on a stack; the items and the texts being read kept apart too,
    so that no tag walks the stack (a page nested a million deep is read in one pass)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.items: list[dict[str, Any]] = []
        self.open: list[_Open] = []
        self.tags: Counter[str] = Counter()  # how many of each tag are open
        self.scopes: list[dict[str, Any]] = []  # the items open, innermost last
        self.texts: list[_Open] = []  # the open elements whose text is a value
        self.script: list[str] | None = None  # the JSON-LD script being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = {key.lower(): value or "" for key, value in attrs}
        if tag == "script":
            kind = given.get("type", "").split(";")[0].strip().lower()
            self.script = [] if kind == _JSON_LD else None
            return
        element = _Open(tag)
        owner = self.scopes[-1] if self.scopes else None
        prop = given.get("itemprop", "").split()
        if "itemscope" in given:
            types = given.get("itemtype", "").split()
            element.item = {"@type": types[0] if types else ""}
            if prop and owner is not None:
                for name in prop:
                    _add(owner, name, element.item)
            else:
                self.items.append(element.item)
        elif prop and owner is not None:
            attribute = _VALUE_ATTRIBUTE.get(tag)
            if attribute is not None and attribute in given:
                for name in prop:
                    _add(owner, name, given[attribute].strip())
            elif tag not in _VOID:
                element.text_of = (owner, " ".join(prop))
        if tag not in _VOID:
            self._push(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and tag != "script" and self.open and self.open[-1].tag == tag:
            self._pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            if self.script is not None:
                self.scripts.append("".join(self.script))
            self.script = None
            return
        if not self.tags[tag]:
            return  # a stray end tag, as browsers ignore it
        while self.open and self._pop().tag != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script.append(data)
        elif self.texts:
            self.texts[-1].text.append(data)  # an outer one takes it when this one closes

    def close(self) -> None:
        super().close()
        if self.script is not None:
            self.scripts.append("".join(self.script))
        while self.open:
            self._pop()

    def _push(self, element: _Open) -> None:
        self.open.append(element)
        self.tags[element.tag] += 1
        if element.item is not None:
            self.scopes.append(element.item)
        if element.text_of is not None:
            self.texts.append(element)

    def _pop(self) -> _Open:
        element = self.open.pop()
        self.tags[element.tag] -= 1
        if element.item is not None:
            self.scopes.pop()
        if element.text_of is not None:
            self.texts.pop()
            owner, names = element.text_of
            read = "".join(element.text)
            if self.texts:
                self.texts[-1].text.append(read)
            text = " ".join(read.split())
            for name in names.split():
                _add(owner, name, text)
        return element


def _add(item: dict[str, Any], name: str, value: Any) -> None:
    """A property's value; a second value of one property makes a list."""
    if name not in item:
        item[name] = value
    elif isinstance(item[name], list):
        item[name].append(value)
    else:
        item[name] = [item[name], value]


def read_markup(html: str) -> tuple[list[str], list[dict[str, Any]]]:
    """The texts of a page's JSON-LD scripts, and its top-level microdata items (a page
    that names neither is not parsed)."""
    lowered = html.lower()
    if _JSON_LD not in lowered and "itemscope" not in lowered:
        return [], []
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.scripts, parser.items
