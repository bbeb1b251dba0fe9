"""What an edit introduces, and whether it may be written: an edit whose result has an
error-severity finding the file did not have writes nothing unless forced.

A finding is new when the file had none of its code about the same entries (result.py's
FindingKey). Where an error has a probable intent, the line that refuses it says it: a leg
that lands less than a day before it leaves was almost always typed with the departure's
date for an arrival on the next day (an overnight flight).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from tripplan.model import Travel

if TYPE_CHECKING:
    from tripplan.edit.result import Edit
    from tripplan.model import Finding

DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The findings an edit introduced, and whether it is written."""

    introduced: tuple[Finding, ...]
    errors: bool  # one of them is an error
    written: bool  # the edit may be written: no new error, or forced


def judge(edit: Edit, *, force: bool) -> Verdict:
    """The findings `edit` introduced, and whether it may be written."""
    from tripplan.checks import has_errors
    from tripplan.edit.write import introduced

    found = introduced(edit.findings_before, edit.after_trip)
    errors = has_errors(found)
    return Verdict(tuple(found), errors, written=force or not errors)


def probable_intent(finding: Finding) -> str | None:
    """What the user probably meant by an edit that made `finding`, said as a question;
    None when nothing is probable.

    A leg arriving before it departs, by less than a day, meant the next day's arrival at
    the same wall time of its destination: `did you mean 2026-10-28 05:40, the next day?`.
    """
    from tripplan.checks import NEGATIVE_DURATION

    if finding.code != NEGATIVE_DURATION or len(finding.entries) != 1:
        return None
    leg = finding.entries[0]
    if not isinstance(leg, Travel) or not timedelta(0) < leg.start - leg.end < DAY:
        return None
    wall = leg.end.astimezone(leg.destination.zone).replace(tzinfo=None) + DAY
    return f"did you mean {wall:%Y-%m-%d %H:%M}, the next day?"
