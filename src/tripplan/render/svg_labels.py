"""Every bar of a timeline named, and no text over text or across a marker line: a bar's
title inside it where the whole title fits, else beside it (right of it, before the next
bar of its lane), else a number keyed to the list under the strip (`notes`).

Each lane of a row is a line of text: `Spans` holds where text may not go there (the
clock-change lines and the findings' marks through the row, and every label placed), and
a label goes at the first place free of them. Bars close together that have no room for
their titles share one number.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tripplan.render.picture import Bar, Label, Note, Row, fit, label_width

GAP = 2.0  # pixels left clear on each side of a label
LINE_PAD = 1.0  # a clock change's line: 1.2 wide, and a pixel clear of it
MARK_PAD = 5.5  # a finding's triangle: 0.45 font either side of its line
NEAR = 8.0  # how far right of its bar a number may stand


class Spans:
    """Disjoint intervals of a line, in order: where no text may go."""

    __slots__ = ("ends", "starts")

    def __init__(self, spans: Iterable[tuple[float, float]] = ()) -> None:
        self.starts: list[float] = []
        self.ends: list[float] = []
        for low, high in spans:
            self.add(low, high)

    def add(self, low: float, high: float) -> None:
        i = bisect_left(self.ends, low)  # the first that ends at or after low
        j = bisect_right(self.starts, high)  # past the last that starts at or before high
        if i < j:
            low, high = min(low, self.starts[i]), max(high, self.ends[j - 1])
        self.starts[i:j] = [low]
        self.ends[i:j] = [high]

    def free(self, low: float, high: float, width: float) -> float | None:
        """The first x from `low` where `width` pixels are clear, ending by `high`."""
        at = low
        i = bisect_right(self.ends, at)
        while at + width <= high and i < len(self.starts) and self.starts[i] < at + width:
            at = max(at, self.ends[i])
            i += 1
        return at if at + width <= high else None

    def last_free(self, low: float, high: float, width: float) -> float | None:
        """The last x where `width` pixels are clear between `low` and `high`."""
        end = high
        i = bisect_left(self.starts, end) - 1
        while end - width >= low and i >= 0 and self.ends[i] > end - width:
            end = min(end, self.starts[i])
            i -= 1
        return end - width if end - width >= low else None

    def take(self, x: float, width: float) -> None:
        self.add(x - GAP, x + width + GAP)


@dataclass(slots=True)
class Group:
    """Bars that share a number, and where it is written."""

    x: float
    y: float
    font: float
    bars: list[Bar] = field(default_factory=list)


def markers(row: Row, top: bool) -> list[tuple[float, float]]:
    """Where the row's marker lines run through a lane (`top`: the first, which the
    findings' triangles reach into too): no label crosses them."""
    lines = [(c.x - LINE_PAD, c.x + LINE_PAD) for c in row.changes]
    pad = MARK_PAD if top else LINE_PAD
    return lines + [(m.x - pad, m.x + pad) for m in row.marks]


class _Lane:
    """One lane of a row, labelled bar by bar in x order."""

    def __init__(
        self, blocked: list[tuple[float, float]], left: float, right: float, digits: int
    ) -> None:
        self.spans = Spans(blocked)
        self.left, self.right = left, right
        self.digits = digits
        self.labels: list[Label] = []
        self.groups: list[Group] = []
        self.widths: dict[float, float] = {}  # a number's, in each font

    def name(self, bar: Bar, title: str, limit: float) -> None:
        """Name the bar: its title inside it (the bar's label), else beside it or its
        number (kept by the lane)."""
        font, spans = bar.font, self.spans
        wide = label_width(title, font)
        baseline = round(bar.y + bar.height * 0.5 + font * 0.35, 2)
        inside = spans.free(bar.x + GAP, bar.x + bar.width - GAP, wide)
        if inside is not None:
            spans.take(inside, wide)
            bar.label, bar.label_x = title, round(inside - bar.x, 2)
            return
        start = bar.x + bar.width + GAP + 1
        beside = spans.free(start, min(limit, self.right, start + NEAR + wide), wide)
        if beside is not None:
            spans.take(beside, wide)
            self.labels.append(
                Label(round(beside, 2), baseline, title, font, "beside", (bar.entry,))
            )
            return
        self._number(bar, baseline)

    def _number(self, bar: Bar, baseline: float) -> None:
        """A number of its own near the bar (on it, right of it, else left of it); else
        the number just before, if it is near; else one wherever it fits."""
        groups = self.groups
        wide = self.widths.get(bar.font)
        if wide is None:
            wide = self.widths[bar.font] = label_width("8" * self.digits, bar.font, bold=True)
        near = bar.x + max(bar.width, 0.0) + NEAR + wide
        at = self.spans.free(bar.x + 1, min(near, self.right), wide)
        if at is None:
            at = self.spans.last_free(max(bar.x - NEAR - wide, self.left), bar.x - 1, wide)
        if at is None and groups and groups[-1].x > bar.x - 4 * NEAR - wide:
            groups[-1].bars.append(bar)
            return
        if at is None:
            at = self.spans.free(bar.x + 1, self.right, wide)
        if at is None:  # nowhere clear: at the bar, rather than not named
            at = bar.x + 1
        self.spans.take(at, wide)
        groups.append(Group(round(at, 2), baseline, bar.font, [bar]))


def name_bars(
    row: Row,
    lanes: Sequence[Sequence[Bar]],
    titles: dict[str, str],
    edges: tuple[float, float],
    digits: int,
) -> list[Group]:
    """Name each bar of `row` (`lanes`: its bars by lane, each in x order): its title
    inside it (the bar's label), beside it (in `row.labels`), or by a number (the groups
    returned, to be numbered in order)."""
    left, right = edges
    groups: list[Group] = []
    for number, bars in enumerate(lanes):
        lane = _Lane(markers(row, top=number == 0), left, right, digits)
        for n, bar in enumerate(bars):
            limit = bars[n + 1].x - GAP if n + 1 < len(bars) else right
            lane.name(bar, titles[bar.entry], limit)
        row.labels.extend(lane.labels)
        groups.extend(lane.groups)
    return groups


def number_groups(rows: Sequence[tuple[Row, list[Group]]], first: int) -> list[list[str]]:
    """Number the groups of a strip's rows: groups that share an entry (travellers at the
    same entries) take one number, from `first` in the order of their first bars, written
    in every row that has one of them; each number's entries (ids, in x order), for the
    list."""
    groups = [(row, group) for row, row_groups in rows for group in row_groups]
    root = list(range(len(groups)))

    def find(n: int) -> int:
        while root[n] != n:
            root[n] = root[root[n]]
            n = root[n]
        return n

    holder: dict[str, int] = {}  # an entry's first group
    for n, (_row, group) in enumerate(groups):
        for bar in group.bars:
            if bar.entry in holder:
                root[find(n)] = find(holder[bar.entry])
            else:
                holder[bar.entry] = n
    clusters: dict[int, list[int]] = {}
    for n in range(len(groups)):
        clusters.setdefault(find(n), []).append(n)
    ordered = sorted(
        clusters.values(),
        key=lambda members: min(bar.x for m in members for bar in groups[m][1].bars),
    )
    listed = []
    for number, members in enumerate(ordered, start=first):
        bars: dict[str, float] = {}
        for m in members:
            row, group = groups[m]
            entries = tuple(bar.entry for bar in group.bars)
            row.labels.append(Label(group.x, group.y, number, group.font, "number", entries))
            for bar in group.bars:
                bars.setdefault(bar.entry, bar.x)
        listed.append(sorted(bars, key=lambda entry: (bars[entry], entry)))
    return listed


def notes(
    items: Sequence[tuple[int, str, str]], left: float, right: float, top: float, font: float
) -> tuple[list[Note], float]:
    """The list under a strip: each numbered bar as `number  local start  title`, one
    after the other on a line as the width holds them (`items`: number, text, entry id),
    and the y under the last line."""
    out: list[Note] = []
    x, y, step = left, top + font, font * 1.45
    if not items:
        return out, top
    for number, said, entry in items:
        head = label_width(str(number), font, bold=True) + font * 0.4
        text, wide = said, head + label_width(said, font)
        if wide > right - left:
            text = fit(said, right - left - head, font)
            wide = head + label_width(text, font)
        if x > left and x + wide > right:
            x, y = left, y + step
        out.append(Note(round(x, 2), round(y, 2), number, text, entry))
        x += wide + font * 1.6
    return out, y + font * 0.6
