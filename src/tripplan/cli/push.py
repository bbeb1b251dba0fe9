"""push: the trip's events into a CalDAV calendar collection, kept in sync (tripplan.sync)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tripplan.cli.common import FileArg, JsonOpt, LangOpt, environment, load_and_speak

if TYPE_CHECKING:
    from tripplan.cli.env import Environment
    from tripplan.sync.push import Pushed

UrlArg = Annotated[
    str,
    typer.Argument(
        metavar="URL",
        help="The calendar collection (http:// or https://); credentials come from ~/.netrc"
        " or TRIPPLAN_CALDAV_USER and TRIPPLAN_CALDAV_PASSWORD, never from the URL.",
        show_default=False,
    ),
]
DryRunOpt = Annotated[
    bool,
    typer.Option("--dry-run", help="Read the calendar and say what would change; write nothing."),
]
ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force", help="Replace or delete events changed on the server since the last push."
    ),
]
PushWhoOpt = Annotated[
    str | None,
    typer.Option(
        "--who",
        metavar="NAME",
        help="Only this traveller's entries: the calendar is theirs, others' are deleted from it.",
    ),
]


def push(
    ctx: typer.Context,
    file: FileArg,
    url: UrlArg,
    who: PushWhoOpt = None,
    dry_run: DryRunOpt = False,
    json: JsonOpt = False,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> int:
    """Make a CalDAV calendar hold exactly the trip's events.

    New entries are created, changed ones replaced with a higher SEQUENCE, cancelled ones
    deleted; no other event in the calendar is touched, and a second push with no change
    writes nothing. An event changed on the server since the last push is refused (exit
    1) unless --force. Errors of the server are one line, exit 2."""
    from tripplan.cli.progress import progress
    from tripplan.sync.push import PushFailed
    from tripplan.sync.push import push as push_trip
    from tripplan.views import entries_between

    env = environment(ctx)
    trip = load_and_speak(env, file, lang, human=not json)
    entries = entries_between(trip, who, None, None)
    try:
        # a server may stall at any write: its bar is drawn at once, whatever the size
        with progress(env, None, "push", delay=0) as bar:
            done = push_trip(
                trip,
                entries,
                url,
                environ=env.environ,
                now=env.now(),
                force=force,
                dry_run=dry_run,
                progress=bar.update,
            )
    except PushFailed as failed:
        _report(env, failed.done, json, failed=True)
        raise
    _report(env, done, json)
    return int(done.exit_status)


def _report(env: Environment, done: Pushed, json: bool, *, failed: bool = False) -> None:
    """--json: the document of what was done, on stdout; else lines on stderr."""
    if json:
        from tripplan.render.json import write

        refused = [{"uid": r.uid, "reason": r.reason} for r in done.refused]
        write(env.stdout, _document(done, refused))
        return
    from tripplan.lang import _
    from tripplan.sync.plan import EDITED, FOREIGN
    from tripplan.text import visible

    reasons = {
        EDITED: _("changed on the server since the last push (--force replaces it)"),
        FOREIGN: _("another event in the calendar has this UID; left alone"),
    }
    if done.dry_run:
        lines = [_("would update {uid}").format(uid=uid) for uid in done.updated]
        lines += [_("would delete {uid}").format(uid=uid) for uid in done.deleted]
    else:
        lines = [_("updated {uid}").format(uid=uid) for uid in done.updated]
        lines += [_("deleted {uid}").format(uid=uid) for uid in done.deleted]
    lines += [  # an entry that is no event: the error's own lines say which, and why
        _("refused {uid}: {reason}").format(uid=r.uid, reason=reasons[r.reason])
        for r in done.refused
        if r.reason in reasons
    ]
    if not failed or done.created or done.updated or done.deleted or done.unchanged:
        lines.append(_summary(done))
    env.stderr.write("".join(f"tripplan: {visible(line)}\n" for line in lines))


def _document(done: Pushed, refused: list[dict[str, str]]) -> dict[str, object]:
    return {
        "created": done.created,
        "updated": done.updated,
        "deleted": done.deleted,
        "refused": refused,
    }


def _summary(done: Pushed) -> str:
    from tripplan.lang import _

    counts = {
        "url": done.url,
        "created": len(done.created),
        "updated": len(done.updated),
        "deleted": len(done.deleted),
        "unchanged": done.unchanged,
        "refused": len(done.refused),
    }
    if done.dry_run:
        return _(
            "{url}: dry run, nothing written: would create {created}, update {updated},"
            " delete {deleted}; {unchanged} unchanged, {refused} refused"
        ).format(**counts)
    return _(
        "{url}: {created} created, {updated} updated, {deleted} deleted,"
        " {unchanged} unchanged, {refused} refused"
    ).format(**counts)


def register(app: typer.Typer) -> None:
    app.command("push")(push)
