"""Whether the installed fonts can draw what a booklet or a timeline prints.

The pictures name their fonts (`render.picture.FONT`, the booklet's CSS): DejaVu Sans for
Latin text, then Noto Sans CJK for Hangul, Han and kana. A character that no installed
font has is drawn as an empty box, in the PDF and on screen alike, and nothing else says
so; `warning` is the one line the commands print then, after the file is written:

    tripplan: no installed font covers the Hangul text (Debian: apt-get install fonts-noto-cjk)

Coverage is fontconfig's answer, the library through which WeasyPrint (Pango) and Chromium
find their fonts: `fc-list ':charset=ac00 c11c' family` lists the fonts that have every one
of those characters. It is asked once per script, for the distinct characters of that
script the document prints. Without fc-list (Debian's `fontconfig` package) nothing is
said. A script that only two fonts together cover is said to be uncovered (fontconfig
matches one font at a time).

What DejaVu Sans has in each of the four faces the pictures use (`DEJAVU_HAS`: Latin-1,
Latin Extended-A and -B, Greek, Cyrillic, general punctuation, arrows) is taken as covered
without asking, so an English trip, with its accents and its → – …, starts no process.
(Debian's fontconfig depends on a Latin font, DejaVu first of them; tests/test_fonts.py
holds these ranges to what fontconfig finds in DejaVu alone.)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

CJK = "fonts-noto-cjk"
CORE = "fonts-noto-core"  # Noto for the other living scripts, and symbols
EMOJI = "fonts-noto-color-emoji"

# Blocks DejaVu Sans covers whole (every assigned character, Book, Bold, Oblique and Bold
# Oblique alike): no need to ask fontconfig about them.
DEJAVU_HAS = (
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x0300, 0x034F),  # combining diacritical marks (é written as e + U+0301)
    (0x0370, 0x04FF),  # Greek and Coptic, Cyrillic
    (0x2000, 0x2064),  # general punctuation: – — “ ” … ‰ (not the bidi isolates)
    (0x2190, 0x21FF),  # arrows: →
)
_CJK_SCRIPTS = {
    "HANGUL": "Hangul",
    "CJK": "Han",  # CJK UNIFIED IDEOGRAPH-4E00, CJK COMPATIBILITY IDEOGRAPH-F900, radicals
    "HIRAGANA": "Hiragana",
    "KATAKANA": "Katakana",
    "BOPOMOFO": "Bopomofo",
}

Covers = Callable[[str], bool | None]


@dataclass(frozen=True, slots=True)
class Script:
    """What a character is written in, as the warning names it, and the Debian package
    with a font for it."""

    name: str
    package: str


class Printed:
    """The characters a document prints, gathered from its pieces as they are written
    (only from pieces that are not all ASCII: an English document costs a test a piece)."""

    def __init__(self) -> None:
        self.chars: set[str] = set()

    def through(self, pieces: Iterable[str]) -> Iterator[str]:
        for piece in pieces:
            if not piece.isascii():
                self.chars.update(piece)
            yield piece


def script_of(ch: str) -> Script:
    """The script a character is named for, with the package to install for it.

    >>> script_of("서").name, script_of("東").name, script_of("か").name, script_of("ｶ").name
    ('Hangul', 'Han', 'Hiragana', 'Katakana')
    >>> script_of("。"), script_of("😀").package
    (Script(name='CJK', package='fonts-noto-cjk'), 'fonts-noto-color-emoji')
    >>> script_of("ب"), script_of("ก").name, script_of("★").name
    (Script(name='Arabic', package='fonts-noto-core'), 'Thai', 'symbol')
    """
    words = unicodedata.name(ch, "").split()
    if words[:1] == ["HALFWIDTH"]:  # HALFWIDTH KATAKANA LETTER KA, HALFWIDTH HANGUL LETTER
        words = words[1:]
    first = words[0] if words else ""
    if first in _CJK_SCRIPTS:
        return Script(_CJK_SCRIPTS[first], CJK)
    category, wide = unicodedata.category(ch), unicodedata.east_asian_width(ch) in "WF"
    if wide and category == "So" and not 0x2E80 <= ord(ch) <= 0xFFEF:  # not 〒 ㈜ ⼀
        return Script("emoji", EMOJI)
    if wide:  # CJK punctuation and fullwidth forms: 、。「」
        return Script("CJK", CJK)
    if category[0] in "LM" and first and first != "COMBINING":
        return Script(first.title(), CORE)  # ARABIC LETTER ALEF, THAI CHARACTER KO KAI
    return Script("symbol", CORE)


def asked(chars: Iterable[str]) -> set[str]:
    """The characters fontconfig must be asked about: not ASCII, not what DejaVu Sans
    has, and not a variation selector (it chooses a glyph, it has none).

    >>> sorted(asked("Zürich → Ciudad de México – 3rd…"))
    []
    >>> sorted(asked("서울 x\\ufe0f"))
    ['서', '울']
    """
    return {
        ch
        for ch in chars
        if not ch.isascii()
        and not any(low <= ord(ch) <= high for low, high in DEJAVU_HAS)
        and not unicodedata.name(ch, "").startswith("VARIATION SELECTOR")
    }


def charset(chars: Iterable[str]) -> str:
    """Characters as fontconfig's charset value: hexadecimal code points, runs as ranges.

    >>> charset("서울가각갂")
    'ac00-ac02 c11c c6b8'
    """
    codes = sorted({ord(ch) for ch in chars})
    runs: list[list[int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return " ".join(f"{low:x}" if low == high else f"{low:x}-{high:x}" for low, high in runs)


def fontconfig_covers(chars: str) -> bool | None:
    """Whether one installed font has every character of `chars`, as fontconfig says;
    None when it cannot be asked (no fc-list, or it failed or hung)."""
    import shutil
    import subprocess

    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        done = subprocess.run(
            [fc_list, f":charset={charset(chars)}", "family"],
            capture_output=True,
            timeout=30,  # it builds its cache first when fonts were installed since
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return bool(done.stdout.strip())


def uncovered(chars: Iterable[str], covers: Covers = fontconfig_covers) -> list[Script]:
    """The scripts of `chars` that no installed font covers, in the order of their first
    code points; `covers` is asked once per script (never for ASCII or what DejaVu Sans
    has), and once it cannot answer, no more.

    >>> uncovered("Seoul → Los Angeles", covers=print)
    []
    """
    scripts: dict[Script, list[str]] = {}
    for ch in sorted(asked(chars)):
        scripts.setdefault(script_of(ch), []).append(ch)
    missing = []
    for script, its in scripts.items():
        answer = covers("".join(its))
        if answer is None:
            return []
        if not answer:
            missing.append(script)
    return missing


def warning(chars: Iterable[str], covers: Covers = fontconfig_covers) -> str | None:
    """The line to print when no installed font covers some of `chars`, else None.

    >>> warning("서울 / 東京", covers=lambda chars: "서" not in chars)
    'no installed font covers the Hangul text (Debian: apt-get install fonts-noto-cjk)'
    >>> print(warning("مرحبا 서울", covers=lambda chars: False))  # doctest: +NORMALIZE_WHITESPACE
    no installed font covers the Arabic and Hangul text (Debian: apt-get install
    fonts-noto-core fonts-noto-cjk)
    """
    missing = uncovered(chars, covers)
    if not missing:
        return None
    from tripplan.lang import _

    # Scripts by their Unicode names (Hangul, Arabic), as the packages and fc-list name them.
    names = [script.name for script in missing]
    if len(names) == 1:
        said = names[0]
    else:
        said = _("{some} and {last}").format(some=", ".join(names[:-1]), last=names[-1])
    packages = " ".join(dict.fromkeys(script.package for script in missing))
    line = _("no installed font covers the {scripts} text (Debian: apt-get install {packages})")
    return line.format(scripts=said, packages=packages)
