// Print each VEVENT of an ICS file as ical.js reads it: UID and the start and end instants
// in UTC (ISO 8601), or the dates of an all-day event. Usage: node instants.mjs FILE.ics
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const calendar = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}

const instant = (time) =>
  time.isDate ? time.toString() : time.toJSDate().toISOString().replace(".000Z", "Z");

const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    all_day: event.startDate.isDate,
    start: instant(event.startDate),
    end: instant(event.endDate),
    summary: event.summary,
  };
});
process.stdout.write(JSON.stringify(events, null, 1) + "\n");
