"""Spans of UTC time and their algebra (merge, intersect, subtract), what `reach`
computes its windows with."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

Span = tuple[datetime, datetime]  # [start, end) in UTC


def merge(spans: Iterable[Span]) -> list[Span]:
    """Spans sorted, with those that touch or overlap joined."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def intersect(one: list[Span], other: list[Span]) -> list[Span]:
    """The time both sorted, disjoint lists of spans cover."""
    out: list[Span] = []
    i = j = 0
    while i < len(one) and j < len(other):
        start = max(one[i][0], other[j][0])
        end = min(one[i][1], other[j][1])
        if start < end:
            out.append((start, end))
        if one[i][1] < other[j][1]:
            i += 1
        else:
            j += 1
    return out


def subtract(spans: list[Span], taken: list[Span]) -> list[Span]:
    """The time of sorted, disjoint `spans` outside sorted, disjoint `taken`."""
    out: list[Span] = []
    j = 0
    for start, end in spans:
        while j < len(taken) and taken[j][1] <= start:
            j += 1
        k = j
        while start < end:
            if k >= len(taken) or taken[k][0] >= end:
                out.append((start, end))
                break
            if taken[k][0] > start:
                out.append((start, taken[k][0]))
            start = max(start, taken[k][1])
            k += 1
    return out
