import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { localToInstant, nextRunAfter, runsBetween, type ScheduleCalendar } from './schedule.calendar';

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());

describe('schedule calendar (injected clock)', () => {
  test('a monthly run on the 31st runs on the last day of shorter months, at local time', () => {
    const calendar: ScheduleCalendar = { frequency: 'monthly', interval: 1, dayOfMonth: 31, timeOfDay: '09:00', timezone: 'America/Mexico_City', startDate: '2026-01-01' };
    const runs = runsBetween(calendar, new Date('2026-01-01T00:00:00Z'), new Date('2026-05-01T00:00:00Z'));
    // Mexico City has no DST since 2022: UTC−6 all year.
    assert.deepEqual(iso(runs), ['2026-01-31T15:00:00.000Z', '2026-02-28T15:00:00.000Z', '2026-03-31T15:00:00.000Z', '2026-04-30T15:00:00.000Z']);
    const leap = runsBetween({ ...calendar, startDate: '2028-02-01' }, new Date('2028-02-01T00:00:00Z'), new Date('2028-03-01T00:00:00Z'));
    assert.deepEqual(iso(leap), ['2028-02-29T15:00:00.000Z']);
  });

  test('02:30 on a spring-forward day (a time that does not exist) runs once, past the gap; the fall-back fold runs once', () => {
    const calendar: ScheduleCalendar = { frequency: 'daily', interval: 1, timeOfDay: '02:30', timezone: 'America/New_York', startDate: '2026-03-07' };
    // Clocks jump 02:00 → 03:00 on 2026-03-08.
    const spring = runsBetween(calendar, new Date('2026-03-07T00:00:00Z'), new Date('2026-03-10T00:00:00Z'));
    assert.deepEqual(iso(spring), ['2026-03-07T07:30:00.000Z', '2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z']);
    // 01:30 happens twice on 2026-11-01: it runs the first time (EDT, 05:30Z), not again at 06:30Z.
    const fold = runsBetween({ ...calendar, timeOfDay: '01:30', startDate: '2026-10-31' }, new Date('2026-10-31T00:00:00Z'), new Date('2026-11-03T00:00:00Z'));
    assert.deepEqual(iso(fold), ['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
    assert.equal(localToInstant({ year: 2026, month: 3, day: 8 }, 2, 30, 'America/New_York').toISOString(), '2026-03-08T07:30:00.000Z');
  });

  test('a worker down over three runs catches up on each exactly once, none skipped, none twice', () => {
    const calendar: ScheduleCalendar = { frequency: 'daily', interval: 1, timeOfDay: '08:00', timezone: 'UTC', startDate: '2026-06-01' };
    const lastRun = new Date('2026-06-02T08:00:00Z');
    const backAt = new Date('2026-06-05T12:00:00Z');
    const missed = runsBetween(calendar, lastRun, backAt);
    assert.deepEqual(iso(missed), ['2026-06-03T08:00:00.000Z', '2026-06-04T08:00:00.000Z', '2026-06-05T08:00:00.000Z']);
    // Asking again from the last caught-up run finds nothing more: no doubles.
    assert.deepEqual(runsBetween(calendar, missed[missed.length - 1], backAt), []);
    assert.equal(nextRunAfter(calendar, backAt)?.toISOString(), '2026-06-06T08:00:00.000Z');
  });

  test('weekly on a weekday, biweekly, custom every 3 days, and the end date', () => {
    const weekly: ScheduleCalendar = { frequency: 'weekly', interval: 1, dayOfWeek: 1, timeOfDay: '10:00', timezone: 'UTC', startDate: '2026-06-03', endDate: '2026-06-22' };
    assert.deepEqual(iso(runsBetween(weekly, new Date('2026-06-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'))), [
      '2026-06-08T10:00:00.000Z',
      '2026-06-15T10:00:00.000Z',
      '2026-06-22T10:00:00.000Z',
    ]);
    assert.equal(nextRunAfter(weekly, new Date('2026-06-22T10:00:00Z')), null);
    const biweekly = { ...weekly, frequency: 'biweekly' as const, endDate: null };
    assert.deepEqual(iso(runsBetween(biweekly, new Date('2026-06-01T00:00:00Z'), new Date('2026-07-01T00:00:00Z'))), ['2026-06-08T10:00:00.000Z', '2026-06-22T10:00:00.000Z']);
    const custom: ScheduleCalendar = { frequency: 'custom', interval: 3, timeOfDay: '00:00', timezone: 'UTC', startDate: '2026-06-01' };
    assert.deepEqual(iso(runsBetween(custom, new Date('2026-05-01T00:00:00Z'), new Date('2026-06-08T00:00:00Z'))), [
      '2026-06-01T00:00:00.000Z',
      '2026-06-04T00:00:00.000Z',
      '2026-06-07T00:00:00.000Z',
    ]);
  });
});
