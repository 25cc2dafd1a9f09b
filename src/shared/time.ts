/** Wall-clock times in the shop's time zone, to and from UTC instants, without a date library. */

/** Building an Intl.DateTimeFormat costs far more than using one: a long list would spend seconds on it. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** What a typed time means: an instant, or why it is none (not the form, or skipped by a daylight-saving jump). */
export type LocalDateTime = { instant: Date } | { error: 'format' | 'gap' };

/**
 * Reads "YYYY-MM-DD HH:MM" as a wall-clock time in `timeZone`, or with an explicit offset ("... 10:00+02:00",
 * "... 08:00Z") as exactly that. A wall-clock time the zone skips (clocks jumping forward) is refused rather than
 * moved, since the owner would promise the customer a time that does not exist.
 */
export function readLocalDateTime(text: string, timeZone: string): LocalDateTime {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}) ?(Z|[+-]\d{2}:\d{2})?$/i.exec(text.trim());
  if (!match) return { error: 'format' };
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59)
    return { error: 'format' };
  const offset = match[6];
  if (offset) {
    if (offset.toUpperCase() === 'Z') return { instant: new Date(wall) };
    const [hours, minutes] = offset.slice(1).split(':').map(Number) as [number, number];
    if (hours > 14 || minutes > 59) return { error: 'format' };
    const sign = offset.startsWith('-') ? -1 : 1;
    return { instant: new Date(wall - sign * (hours * 60 + minutes) * 60_000) };
  }
  // Two rounds settle the offset across a daylight-saving change.
  let instant = wall - zoneOffsetMs(new Date(wall), timeZone);
  instant = wall - zoneOffsetMs(new Date(instant), timeZone);
  const result = new Date(instant);
  if (formatLocalDateTime(result, timeZone) !== new Date(wall).toISOString().slice(0, 16).replace('T', ' '))
    return { error: 'gap' };
  return { instant: result };
}

/** The instant of a typed time (see readLocalDateTime); undefined when it is none. */
export function parseLocalDateTime(text: string, timeZone: string): Date | undefined {
  const read = readLocalDateTime(text, timeZone);
  return 'instant' in read ? read.instant : undefined;
}

/** Formats an instant as "YYYY-MM-DD HH:MM" in `timeZone`. */
export function formatLocalDateTime(instant: Date, timeZone: string): string {
  const local = new Date(instant.getTime() + zoneOffsetMs(instant, timeZone));
  return local.toISOString().slice(0, 16).replace('T', ' ');
}

/** An instant as ISO 8601 in `timeZone`, with that zone's offset at the time: "2026-11-22T10:00:00+01:00". */
export function formatLocalIso(instant: Date, timeZone: string): string {
  const offset = zoneOffsetMs(instant, timeZone);
  const local = new Date(instant.getTime() + offset).toISOString().slice(0, 19);
  const minutes = Math.round(Math.abs(offset) / 60_000);
  const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${local}${offset < 0 ? '-' : '+'}${hhmm}`;
}
