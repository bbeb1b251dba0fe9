"""Calendars that stay in sync (shared/spec/cli.md, Version 1.1): `tripplan push` to a
CalDAV collection.

- `account.py`: the collection's URL, checked, and the credentials for its host (~/.netrc
  or the environment), never from the command line and never printed.
- `content.py`: what a calendar object holds, read from its text: its UID, whose trip it
  is, the hash tripplan wrote into it and the hash of what it holds now.
- `plan.py`: what a push does (create, update, delete, refuse), a pure function of our
  events and the server's; no I/O.
- `caldav.py`: the server, through the caldav library: one REPORT for its state, one
  conditional PUT or DELETE per change; every failure one TripError naming the URL.
- `push.py`: the trip's events made, the plan decided, and carried out in order.

Importers name the module they use: the command line loads the caldav library only for
`push` itself.
"""
