/**
 * When a transfer schedule runs, in the schedule's own time zone, as UTC instants. Pure (the
 * clock is an argument), so month-ends, DST and catch-up are tested without waiting.
 *
 * A run is identified by its local date: one per date, whatever the clock does that day. A
 * monthly run on the 29th–31st runs on the last day of shorter months. A time that does not
 * exist that day (a DST gap: 02:30 when clocks jump 02:00 → 03:00) runs once, at the same
 * distance past the gap (03:30); a time that happens twice (the fold) runs once, the first time.
 */

export type ScheduleFrequency = 'daily' | 'weekly' | 'biweekly' | 'monthly' | 'custom';

export interface ScheduleCalendar {
  readonly frequency: ScheduleFrequency;
  /** Every `interval` days (daily, custom), weeks (weekly) or months (monthly); biweekly is weekly × 2. */
  readonly interval: number;
  /** 1–31 for monthly (clamped to the month's last day). */
  readonly dayOfMonth?: number | null;
  /** 0 (Sunday) – 6 for weekly and biweekly. */
  readonly dayOfWeek?: number | null;
  /** Local wall time, "HH:MM". */
  readonly timeOfDay: string;
  /** An IANA zone, e.g. "America/Mexico_City". */
  readonly timezone: string;
  /** Local dates, "YYYY-MM-DD"; the end date is inclusive. */
  readonly startDate: string;
  readonly endDate?: string | null;
}

interface LocalDate {
  readonly year: number;
  readonly month: number; // 1–12
  readonly day: number;
}

const DAY_MS = 86_400_000;

export function isValidTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

export function parseLocalDate(value: string): LocalDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function parseTimeOfDay(value: string): { hour: number; minute: number } | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return match ? { hour: Number(match[1]), minute: Number(match[2]) } : null;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function dayNumber(date: LocalDate): number {
  return Math.floor(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS);
}

function fromDayNumber(days: number): LocalDate {
  const d = new Date(days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The zone's offset from UTC at an instant, in ms (local = utc + offset). */
function offsetAt(instantMs: number, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instantMs));
  const get = (type: string) => Number(parts.find((part) => part.type === type)!.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(instantMs / 1000) * 1000;
}

/** The UTC instant of a local wall time: the first of two in a fold, shifted past a gap. */
export function localToInstant(date: LocalDate, hour: number, minute: number, timezone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // The offsets just before and after the wall time cover both sides of any transition that day.
  const candidates = [offsetAt(wall - DAY_MS / 2, timezone), offsetAt(wall + DAY_MS / 2, timezone)];
  const exact = candidates.map((offset) => wall - offset).filter((instant) => instant + offsetAt(instant, timezone) === wall);
  if (exact.length > 0) return new Date(Math.min(...exact));
  // In a gap: the wall time read with the offset before the jump lands past it, by as much as it was into the gap.
  return new Date(wall - candidates[0]);
}

function runDates(calendar: ScheduleCalendar, start: LocalDate, count: number, from: number): LocalDate[] {
  const dates: LocalDate[] = [];
  const interval = Math.max(1, calendar.interval) * (calendar.frequency === 'biweekly' ? 2 : 1);
  if (calendar.frequency === 'monthly') {
    const want = calendar.dayOfMonth ?? start.day;
    for (let k = 0; dates.length < count; k += interval) {
      const monthIndex = start.month - 1 + k;
      const year = start.year + Math.floor(monthIndex / 12);
      const month = (monthIndex % 12) + 1;
      const date = { year, month, day: Math.min(want, daysInMonth(year, month)) };
      if (dayNumber(date) >= Math.max(dayNumber(start), from)) dates.push(date);
    }
    return dates;
  }
  let first = dayNumber(start);
  const stepDays = calendar.frequency === 'weekly' || calendar.frequency === 'biweekly' ? 7 * interval : interval;
  if ((calendar.frequency === 'weekly' || calendar.frequency === 'biweekly') && calendar.dayOfWeek !== null && calendar.dayOfWeek !== undefined) {
    // Day 0 of the epoch (1970-01-01) was a Thursday (4).
    first += (calendar.dayOfWeek - ((first + 4) % 7) + 7) % 7;
  }
  const skip = from > first ? Math.ceil((from - first) / stepDays) : 0;
  for (let k = skip; dates.length < count; k += 1) dates.push(fromDayNumber(first + k * stepDays));
  return dates;
}

/**
 * Every run instant after `after` (exclusive) and up to `until` (inclusive), oldest first, at
 * most `limit`: what a worker that was down must catch up on, each exactly once.
 */
export function runsBetween(calendar: ScheduleCalendar, after: Date, until: Date, limit = 1000): Date[] {
  const start = parseLocalDate(calendar.startDate)!;
  const end = calendar.endDate ? parseLocalDate(calendar.endDate) : null;
  const time = parseTimeOfDay(calendar.timeOfDay)!;
  // Start a couple of days before `after` in local terms: zones are at most ±14 h from UTC.
  const from = Math.floor(after.getTime() / DAY_MS) - 2;
  const runs: Date[] = [];
  for (let batch = runDates(calendar, start, 64, from); batch.length > 0 && runs.length < limit; ) {
    for (const date of batch) {
      if (end && dayNumber(date) > dayNumber(end)) return runs;
      const instant = localToInstant(date, time.hour, time.minute, calendar.timezone);
      if (instant.getTime() > until.getTime()) return runs;
      if (instant.getTime() > after.getTime()) runs.push(instant);
      if (runs.length >= limit) return runs;
    }
    const last = batch[batch.length - 1];
    batch = runDates(calendar, start, 64, dayNumber(last) + 1);
  }
  return runs;
}

/** The next run after `after`, or null when the schedule has ended. */
export function nextRunAfter(calendar: ScheduleCalendar, after: Date): Date | null {
  const [next] = runsBetween(calendar, after, new Date(8.64e15), 1);
  return next ?? null;
}
