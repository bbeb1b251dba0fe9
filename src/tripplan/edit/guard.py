"""What an edit introduces, and whether it may be written: an edit whose result has an
error-severity finding the file did not have writes nothing unless forced.

A finding is new when the file had none of its code about the same entries (result.py's
FindingKey). Where an error has a probable intent, the line that refuses it says it: a leg
that lands less than a day before it leaves was almost always typed with the departure's
date for an arrival on the next day (an overnight flight).

What an edit's command says is worded here too (`report`), in the language speaking: what
was done, its notes, the findings it introduced, and why nothing was written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from tripplan.lang import _
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
    return _("did you mean {time}, the next day?").format(time=f"{wall:%Y-%m-%d %H:%M}")


def report(edit: Edit, verdict: Verdict, *, dry_run: bool) -> Iterator[str]:
    """What the command says of `edit` on standard error, a line each (no newline): what
    was done (or that a dry run or a refusal wrote nothing), its notes, and each finding
    it introduced (a refusal's reason names a flag: the CLI says it). Worded in the
    language speaking; the file's name, ids, codes and the user's own text as they are."""
    from tripplan.text import visible

    file = visible(edit.source.path)
    refused = not verdict.written and not dry_run
    if dry_run:
        worded = _("dry run, nothing written: {done}")
    elif refused:
        worded = _("not written: {done}")
    else:
        worded = "{done}"
    for done in edit.done or (_("nothing to change"),):
        yield f"tripplan: {file}: {worded.format(done=visible(done))}"
    for note in edit.notes:
        yield "tripplan: " + _("note: {note}").format(note=visible(note))
    for finding in verdict.introduced:
        yield f"tripplan: {file}: {visible(introduced_said(finding))}"


def introduced_said(finding: Finding) -> str:
    """A finding an edit introduced, in a line: new error: overlap: la-mou, port (mayor):
    ..., and its probable intent where it has one (the severity is words.finding's word)."""
    from tripplan import words

    parts = {
        "severity": words.severity_word(finding.severity),
        "code": finding.code,
        "subjects": ", ".join(words.subjects(finding.entry_ids, finding.place_ids)),
        "who": ", ".join(finding.who),
        "message": finding.message,
    }
    if finding.who:
        line = _("new {severity}: {code}: {subjects} ({who}): {message}").format(**parts)
    else:
        line = _("new {severity}: {code}: {subjects}: {message}").format(**parts)
    intent = probable_intent(finding)
    return _("{finding}; {intent}").format(finding=line, intent=intent) if intent else line
