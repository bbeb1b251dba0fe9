"""`tripplan import booking`: schema.org reservations (a confirmation e-mail, an HTML
page, a JSON-LD file) into the trip, as edits of its file (docs/bookings.md).

One way down: read.py (the source: MIME parts, HTML, JSON, each capped) with markup.py
(JSON-LD scripts and microdata, by html.parser) <- reservations.py (each reservation as
the trip needs it) <- apply.py (placed, matched to travellers, added, updated through
update.py, or cancelled). The standard library's `email`, `html.parser` and `json` are
imported inside the functions that read a source; no other command imports this package.
"""

from tripplan.edit.bookings.apply import import_booking
from tripplan.edit.bookings.read import Booking, read_booking

__all__ = ["Booking", "import_booking", "read_booking"]
