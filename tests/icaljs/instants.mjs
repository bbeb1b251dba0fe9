// Print each VEVENT of ICS files as ical.js reads them, with only the files' own VTIMEZONEs
// (ical.js knows no zone but UTC): UID and the start and end instants in UTC (ISO 8601),
// or the dates of an all-day event; SEQUENCE and the VALARMs (format 1.1). Usage: node instants.mjs FILE.ics... prints
// {"FILE.ics": [events], ...}, so one process reads many files.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const instant = (time) =>
  time.isDate ? time.toString() : time.toJSDate().toISOString().replace(".000Z", "Z");

function read(file) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  const zones = calendar.getAllSubcomponents("vtimezone").map((c) => new ICAL.Timezone(c));
  zones.forEach((zone) => ICAL.TimezoneService.register(zone));
  const events = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      all_day: event.startDate.isDate,
      start: instant(event.startDate),
      end: instant(event.endDate),
      summary: event.summary,
      sequence: event.sequence,
      alarms: component.getAllSubcomponents("valarm").map((alarm) => ({
        action: alarm.getFirstPropertyValue("action"),
        trigger: alarm.getFirstPropertyValue("trigger").toString(),
      })),
      last: component.getAllSubcomponents().map((c) => c.name).pop() ?? null,
    };
  });
  zones.forEach((zone) => ICAL.TimezoneService.remove(zone.tzid)); // the next file's own
  return events;
}

const read_all = Object.fromEntries(process.argv.slice(2).map((file) => [file, read(file)]));
process.stdout.write(JSON.stringify(read_all, null, 1) + "\n");
