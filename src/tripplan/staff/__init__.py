"""The staff questions, answered from the traveller timelines (shared/spec/cli.md, "Staff
questions"), one module each: where everyone is at an instant (`staff.where`), when each
traveller can be called inside both sides' working hours (`staff.reach`), and what changed
between two versions of a trip (`staff.diff`, its versions read by `staff.versions`).
`staff.intervals` is the span algebra reach and where stand on. Data only: no Typer, no
Rich; the renderers format it.

Where a traveller is and whose clock they keep is `tripplan.timeline`'s answer, never
worked out again here. docs/staff.md says what these questions decide where the contract
is silent.
"""
