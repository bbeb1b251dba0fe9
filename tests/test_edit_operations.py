"""The edit operations return what they did (a Done: the sentence, the notes, a new id)
and the file layer under them changes the text: each can be used without the other."""

from __future__ import annotations

from datetime import UTC, datetime

from helpers import SAMPLE
from tripplan.edit import add, change, move
from tripplan.edit.result import Done
from tripplan.edit.tripfile import Source, TripFile


def sample_file() -> TripFile:
    return TripFile(Source(str(SAMPLE), SAMPLE.read_bytes()))


def test_each_operation_says_what_it_did() -> None:
    file = sample_file()
    assert change.cancel(file, "uclg-congress") == Done("cancelled event 'uclg-congress'")
    assert change.set_value(file, "la-mou", "venue", "City Hall") == Done(
        "set venue of event 'la-mou' to City Hall"
    )
    moved = move.move(file, "la-mou", "2010-11-17 08:00", None, None)
    assert moved == Done("moved event 'la-mou' to Wed 17 Nov 2010 08:00 PST UTC-08:00")
    added = add.add_event(
        file, title="Dinner", place="chicago", start="2010-11-21 19:00", end=None, duration="2h"
    )
    assert added == Done(
        "added event 'dinner': 'Dinner' at Chicago, Sun 21 Nov 2010 19:00 CST UTC-06:00",
        ident="dinner",
    )
    assert [e.id for e in file.trip.entries].count("uclg-congress") == 0


def test_retime_says_the_new_start_and_the_file_holds_it() -> None:
    file = sample_file()
    start = datetime(2010, 11, 17, 16, tzinfo=UTC)  # 08:00 in Los Angeles
    entry = file.entry("la-mou")
    done = move.retime(file, entry, start, start + (entry.end - entry.start))
    assert done.said == "moved event 'la-mou' to Wed 17 Nov 2010 08:00 PST UTC-08:00"
    assert file.entry("la-mou").start == start
    assert b"2010-11-17T08:00:00" in file.encoded()


def test_a_move_across_a_clock_change_notes_the_elapsed_time() -> None:
    file = sample_file()
    done = move.move(file, "daley-meeting", None, "-16d", None)  # back across 7 Nov 2010
    assert done.said.startswith("moved event 'daley-meeting' to ")
    assert done.notes == (
        "moved by -16d: 16 d of wall time in America/Chicago, 16 d 1 h elapsed across the"
        " clock change",
    )
