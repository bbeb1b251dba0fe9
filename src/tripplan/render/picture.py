"""The parts of a timeline picture, as `templates/timeline.svg.j2` draws them: sizes,
colours, the scale from UTC instants to x, and every bar, band, tick and mark, laid out by
`render.svg` (rows, bars, findings) and `render.svg_clock` (the clocks along the rows)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tripplan.text import visible

# Light fills with a darker outline of the same hue (Tableau 10): told apart in colour,
# and by their outlines when printed in grey.
FILLS = (
    "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5",
    "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
)  # fmt: skip
LINES = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip
SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#d68910"}
# Latin text in DejaVu Sans, as before; Hangul, Han and kana in Noto Sans CJK (Debian's
# fonts-noto-cjk), Korean first: Han characters take the Korean forms (tripplan.fonts).
FONT = (
    "DejaVu Sans, Liberation Sans, Arial, Helvetica,"
    " Noto Sans CJK KR, Noto Sans CJK JP, Noto Sans CJK SC, Noto Sans CJK TC, sans-serif"
)

QUARTER = timedelta(minutes=15)  # every zone's offset is a whole number of quarter hours


@dataclass(frozen=True, slots=True)
class Size:
    """The picture's proportions (CSS pixels): the standalone picture, or a booklet strip."""

    font: float = 11.0
    label_width: float = 130.0  # the column of travellers' names
    lane: float = 22.0  # one lane of bars
    band: float = 10.0  # the lane of all-day events
    strip: float = 40.0  # the traveller's clock under their bars
    axis: float = 38.0  # the home clock along the top
    gap: float = 12.0  # between rows
    margin: float = 8.0


STANDALONE = Size()
PRINTED = Size(font=8.5, label_width=78.0, lane=17.0, band=8.0, strip=31.0, axis=30.0, gap=8.0)


@dataclass(frozen=True, slots=True)
class Scale:
    """UTC instants to x: `x0` is `start`, each hour `hour` pixels to the right."""

    start: datetime
    end: datetime
    x0: float
    hour: float

    def x(self, at: datetime) -> float:
        return self.x0 + (at - self.start).total_seconds() / 3600 * self.hour

    @property
    def x1(self) -> float:
        return self.x(self.end)


@dataclass(slots=True)  # not frozen: made by the thousand (see Bar)
class Tick:
    x: float
    label: str
    major: bool  # a local midnight (a date), else an hour
    shown: bool  # False: no room for its label beside its neighbours
    anchor: str = "start"  # the label's side of the tick: "end" at the right edge


@dataclass(frozen=True, slots=True)
class Band:
    """A stretch of a row's clock strip on one place's clock."""

    x: float
    width: float
    fill: str
    label: str


@dataclass(frozen=True, slots=True)
class Change:
    """A clock change: a line through the row, and what the clock now reads."""

    x: float
    label: str
    tooltip: str
    shown: bool
    anchor: str


@dataclass(slots=True)  # not frozen: a frozen one costs 2 us more to make, 5,000 a season
class Bar:
    entry: str  # the entry's id
    kind: str  # event, travel or all-day
    x: float
    y: float
    width: float
    height: float
    fill: str
    stroke: str
    label: str  # the whole title, where it fits inside the bar (else "")
    label_x: float  # where the label begins, from the bar's left
    font: float
    tooltip: str  # the title, times and place in full
    start_utc: str  # where the bar starts, for readers of the file (ISO 8601)

    def drawn(self) -> str:
        """The bar as SVG: its tooltip, its rect and its title where it fits inside.
        Made here in one piece rather than value by value in the template (a season has
        thousands of bars), every text of the trip made visible and escaped as the
        template would (render.markup); the numbers and colours are this package's."""
        from markupsafe import escape

        entry = escape(visible(self.entry))
        dash = ' stroke-dasharray="4 2"' if self.kind == "travel" else ""
        opacity = ' fill-opacity="0.7"' if self.kind == "all-day" else ""
        out = (
            f'<g class="entry" data-entry="{entry}" data-kind="{self.kind}">\n'
            f"<title>{escape(visible(self.tooltip))}</title>\n"
            f'<rect class="bar" data-entry="{entry}" data-start-utc="{self.start_utc}"'
            f' x="{self.x}" y="{self.y}" width="{self.width}" height="{self.height}" rx="2"'
            f' fill="{self.fill}" stroke="{self.stroke}" stroke-width="0.8"{dash}{opacity}/>\n'
        )
        if self.label:
            y = round(self.height * 0.5 + self.font * 0.35, 2)
            out += (
                f'<svg x="{self.x}" y="{self.y}" width="{self.width}" height="{self.height}"'
                f' overflow="hidden"><text class="bar-label" x="{self.label_x}" y="{y}"'
                f' font-size="{self.font}">{escape(visible(self.label))}</text></svg>\n'
            )
        return out + "</g>\n"


@dataclass(frozen=True, slots=True)
class Mark:
    code: str
    severity: str
    x: float
    y: float
    colour: str
    tooltip: str


@dataclass(slots=True)
class Row:
    who: str  # the traveller's name as the file writes it ("" for a trip naming none)
    label: str  # as much of `name` as the column of names holds
    name: str  # the traveller's name as said (everyone, for a trip naming none)
    y: float
    height: float
    bars: list[Bar] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)  # beside the bars, and numbers
    strip_y: float = 0.0
    # the midnights' lines and the clock's ticks, as SVG (render.svg_clock.drawn_*)
    midnights: str = ""
    clock: str = ""

    def drawn_labels(self) -> str:
        """The titles beside the bars and the numbers, as SVG in one piece (as
        `Bar.drawn`)."""
        bold = {"number": ' font-weight="bold"'}
        return _texts(
            (
                f'class="bar-label {label.how}" x="{label.x}" y="{label.y}"'
                f' font-size="{label.font}"{bold.get(label.how, "")}',
                "",
                str(label.text),
            )
            for label in self.labels
        )


@dataclass(frozen=True, slots=True)
class Gradient:
    """The fill of a leg between places of two colours: from the colour of its start to
    that of its end, left to right (`id` names it in the SVG's defs)."""

    id: str
    start: str
    end: str


@dataclass(frozen=True, slots=True)
class Swatch:
    """A place's colour in the legend, with its name beside it."""

    x: float
    y: float
    width: float  # for the name
    name: str
    fill: str
    line: str


@dataclass(frozen=True, slots=True)
class Key:
    """One sign of the key under the legend (travel leg, clock change, error, warning, the
    reading of x) and its words, `push` pixels right of where English words put it."""

    words: str
    push: float


@dataclass(slots=True)  # not frozen: made by the thousand (see Bar)
class Label:
    """A bar's title beside it, or the number that keys bars to the list under the strip
    (`how`: "beside" or "number"), written at `x` on the baseline `y`."""

    x: float
    y: float
    text: str | int  # a number as a number: the template writes it as it is
    font: float
    how: str
    entries: tuple[str, ...]  # the ids of the bars it names


@dataclass(slots=True)  # not frozen: made by the thousand (see Bar)
class Note:
    """A line of the list under a strip: a number, and the title and local start of a bar
    it stands for (each bar of a number has a line)."""

    x: float
    y: float
    number: int
    text: str
    entry: str


@dataclass(frozen=True, slots=True)
class Panel:
    """One strip of the picture: at most STRIP_DAYS of it, with its own home-clock axis,
    its rows and the list of its numbered bars."""

    index: int
    scale: Scale
    axis_label: str
    axis_ticks: list[Tick]
    axis_y: float
    rows: list[Row]
    notes: list[Note]

    def drawn_notes(self) -> str:
        """The list under the strip, as SVG in one piece (as `Bar.drawn`)."""
        return _texts(
            (
                f'class="note" x="{note.x}" y="{note.y}"',
                f'<tspan font-weight="bold">{note.number}</tspan> ',
                note.text,
            )
            for note in self.notes
        )


@dataclass(frozen=True, slots=True)
class Picture:
    title: str
    subtitle: str
    width: float
    height: float
    size: Size
    font_family: str
    panels: list[Panel]
    gradients: list[Gradient]
    legend: list[Swatch]  # a place's colour
    legend_y: float
    key_y: float  # the line that says what the marks mean
    key: list[Key]
    severity_colours: dict[str, str]
    empty: bool

    @property
    def scale(self) -> Scale:
        """The first strip's scale (the root's data-x0 and data-hour-width: every strip
        has the same)."""
        return self.panels[0].scale

    @property
    def end(self) -> datetime:
        return self.panels[-1].scale.end


def _texts(texts: Iterable[tuple[str, str, str]]) -> str:
    """SVG `<text>` elements, one a line, in one piece (as `Bar.drawn`), from each one's
    attributes, the markup before its words (this package's) and the words of the trip,
    made visible and escaped as the template would (render.markup)."""
    from markupsafe import escape

    return "".join(
        f"<text {attributes}>{before}{escape(visible(words))}</text>\n"
        for attributes, before, words in texts
    )


def clip(scale: Scale, start: datetime, end: datetime) -> tuple[float, float]:
    """An interval's x and width within the strip (at least a hairline wide)."""
    x0 = max(scale.x(start), scale.x0)
    x1 = min(max(scale.x(end), scale.x(start)), scale.x1)
    return round(x0, 2), round(max(x1 - x0, 1.5), 2)


# Advances in hundredths of an em of DejaVu Sans, regular and bold, for U+0020..U+007E
# (read from the fonts' hmtx tables), which the picture's Latin text is drawn in.
_REGULAR = (
    32, 40, 46, 84, 64, 95, 78, 27, 39, 39, 50, 84, 32, 36, 32, 34, 64, 64, 64, 64, 64, 64,
    64, 64, 64, 64, 34, 34, 84, 84, 84, 53, 100, 68, 69, 70, 77, 63, 58, 77, 75, 29, 29, 66,
    56, 86, 75, 79, 60, 79, 69, 63, 61, 73, 68, 99, 69, 61, 69, 39, 34, 39, 84, 50, 50, 61,
    63, 55, 63, 62, 35, 63, 63, 28, 28, 58, 28, 97, 63, 61, 63, 63, 41, 52, 39, 63, 59, 82,
    59, 59, 52, 64, 34, 64, 84,
)  # fmt: skip
_BOLD = (
    35, 46, 52, 84, 70, 100, 87, 31, 46, 46, 52, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70,
    70, 70, 70, 70, 40, 40, 84, 84, 84, 58, 100, 77, 76, 73, 83, 68, 68, 82, 84, 37, 37, 77,
    64, 100, 84, 85, 73, 85, 77, 72, 68, 81, 77, 110, 77, 72, 73, 46, 37, 46, 84, 50, 50, 67,
    72, 59, 72, 68, 44, 72, 71, 34, 34, 67, 34, 104, 71, 69, 72, 72, 49, 60, 48, 71, 65, 92,
    65, 65, 58, 71, 37, 71, 84,
)  # fmt: skip
# Any other character: a wide or fullwidth one (Hangul, Han, kana) as Noto Sans CJK draws
# it (Hangul 0.92, Han and fullwidth forms 1.0), any other as the wider Latin letters of
# DejaVu Sans (Latin Extended averages 0.64 em, 0.71 bold), the ellipsis 1.0.
WIDE_EM, NARROW_EM, BOLD_EM, ELLIPSIS_EM = 1.0, 0.72, 0.8, 1.0
_EMS = {chr(32 + n): w / 100 for n, w in enumerate(_REGULAR)}
_BOLD_EMS = {chr(32 + n): w / 100 for n, w in enumerate(_BOLD)}


def em(ch: str, bold: bool = False) -> float:
    known = (_BOLD_EMS if bold else _EMS).get(ch)
    if known is not None:
        return known
    if ch == "…":
        return ELLIPSIS_EM
    if unicodedata.east_asian_width(ch) in "WF":
        return WIDE_EM
    return BOLD_EM if bold else NARROW_EM


def fit(text: str, width: float, font: float, bold: bool = False) -> str:
    """As much of `text` as fits `width` pixels (by `em`), with … where it was cut: a
    Korean title cut keeps every syllable there is room for, and its … too."""
    room = width / font
    if label_width(text, 1.0, bold) <= room:
        return text
    used = ELLIPSIS_EM
    for n, ch in enumerate(text):
        used += em(ch, bold)
        if used > room:
            return text[:n] + "…" if n else ""
    return text


# By byte, for ASCII text: a control character (shown as an escape) as any other.
_ASCII = [NARROW_EM] * 32 + list(_EMS.values()) + [NARROW_EM]
_BOLD_ASCII = [BOLD_EM] * 32 + list(_BOLD_EMS.values()) + [BOLD_EM]


def label_width(text: str, font: float, bold: bool = False) -> float:
    if text.isascii():
        return sum(map((_BOLD_ASCII if bold else _ASCII).__getitem__, text.encode())) * font
    ems = _BOLD_EMS if bold else _EMS
    total = 0.0
    for ch in text:
        known = ems.get(ch)
        total += known if known is not None else em(ch, bold)
    return total * font
