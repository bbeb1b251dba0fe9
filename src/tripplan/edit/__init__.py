"""Writing trip files: `new` (tomli-w), and edits of an existing file (tomlkit) that keep
every byte outside the edited entry. No Typer, no Rich: the CLI is cli/edit.py."""

from tripplan.edit.editor import TRIP_TABLE, Done, Edit, Editor, Refused, Source, valid_id
from tripplan.edit.newfile import new_trip
from tripplan.edit.write import editing, introduced, unified_diff, write_edit

__all__ = [
    "TRIP_TABLE",
    "Done",
    "Edit",
    "Editor",
    "Refused",
    "Source",
    "editing",
    "introduced",
    "new_trip",
    "unified_diff",
    "valid_id",
    "write_edit",
]
