import { describe, expect, it } from 'vitest';
import { applies, isApplicable } from '../../src/core/merger/applicability.js';
import {
  addDays,
  addMonths,
  daysUntil,
  dueDateOf,
  parseDay,
  parseMergerDate,
  proposePhase,
  toIsoDay,
} from '../../src/core/merger/due-dates.js';
import { findTask } from '../../src/core/merger/guide-lookup.js';
import type { GuideTask } from '../../src/core/merger/guide-types.js';
import { loadMergerTexts } from '../../src/settings/texts-schema.js';
import { fixtureGuide, makeMerger } from './merger-fixture.js';

/** The engine's texts as the bot loads them from config/merger-texts.json. */
const texts = loadMergerTexts('config').engine;

const taskById = (id: string): GuideTask => {
  const hit = findTask(fixtureGuide, id);
  if (!hit) throw new Error(`fixture has no task ${id}`);
  return hit.task;
};

describe('month arithmetic', () => {
  it.each([
    ['2026-03-01', -12, '2025-03-01'],
    ['2026-03-01', -20, '2024-07-01'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-05-31', -13, '2025-04-30'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-01-15', -1, '2025-12-15'],
  ])('%s %+d months = %s (clamped to the month end)', (from, months, expected) => {
    expect(addMonths(from, months)).toBe(expected);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2025-12-28', 7)).toBe('2026-01-04');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('counts days until a date, negative when passed', () => {
    expect(daysUntil('2026-03-01', '2025-03-01')).toBe(365);
    expect(daysUntil('2025-03-01', '2025-03-01')).toBe(0);
    expect(daysUntil('2024-07-01', '2025-03-01')).toBe(-243);
  });

  it('reads a Date as the day it is in Norway', () => {
    // 23:30 UTC on 31 Dec is already 1 Jan in Oslo.
    expect(toIsoDay(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01');
    expect(daysUntil('2026-01-02', new Date('2025-12-31T23:30:00Z'))).toBe(1);
  });
});

describe('dueDateOf', () => {
  const mergerDate = '2026-03-01';

  it('offset in months from the merger date', () => {
    expect(dueDateOf(taskById('infra-02'), mergerDate, fixtureGuide)).toBe('2025-09-01');
  });

  it("an event uses the guide's own offset for it", () => {
    expect(dueDateOf(taskById('infra-01'), mergerDate, fixtureGuide)).toBe('2026-02-01'); // before-merger-date: -1
    expect(dueDateOf(taskById('legevakt-01'), mergerDate, fixtureGuide)).toBe('2026-03-01'); // from-day-one: 0
    expect(dueDateOf(taskById('arkiv-03'), mergerDate, fixtureGuide)).toBe('2028-03-01'); // transition-phase: +24
  });

  it('a fixed date that also names an event is due at the earlier of the two', () => {
    expect(dueDateOf(taskById('bibliotek-01'), mergerDate, fixtureGuide)).toBe('2028-03-01');
    expect(dueDateOf({ deadline: { kind: 'date', date: '2027-01-15' } }, mergerDate, fixtureGuide)).toBe('2027-01-15');
  });

  it('a fixed date from before the merger work started gives way to the event (2018 law, 2026 merger)', () => {
    const eTendering: Pick<GuideTask, 'deadline'> = { deadline: { kind: 'date', date: '2018-07-01', alsoEvent: 'before-merger-date' } };
    expect(dueDateOf(eTendering, '2026-03-01', fixtureGuide)).toBe('2026-02-01');
    expect(dueDateOf(eTendering, '2019-01-01', fixtureGuide)).toBe('2018-07-01'); // inside the merger's 36 months
  });

  it('no deadline or an unknown event gives no due date', () => {
    expect(dueDateOf(taskById('barnehage-01'), mergerDate, fixtureGuide)).toBeUndefined();
    expect(dueDateOf({ deadline: { kind: 'event', event: 'no-such-event' } }, mergerDate, fixtureGuide)).toBeUndefined();
  });
});

describe('proposePhase from the dates', () => {
  it.each([
    ['2029-01-01', '2025-03-01', 'for-du-starter'], // 46 months ahead: before every typical start
    ['2027-03-01', '2025-03-01', 'kartlegging-og-malbilde'], // 24 months ahead
    ['2026-03-01', '2025-03-01', 'planlegging-og-anskaffelse'], // one year ahead
    ['2025-10-01', '2025-03-01', 'gjennomforing'], // 7 months ahead
    ['2025-03-01', '2025-03-01', 'overgangsfase'], // day one
    ['2022-01-01', '2025-03-01', 'drift'], // more than two years after
  ] as const)('merger on %s, today %s → %s', (mergerDate, today, phase) => {
    expect(proposePhase(mergerDate, today, fixtureGuide)).toBe(phase);
  });
});

describe('parseMergerDate (bad input: a merger date that is not a date)', () => {
  it.each([
    ['01.01.2028', '2028-01-01'],
    ['1.1.2028', '2028-01-01'],
    ['01/01/2028', '2028-01-01'],
    ['2028-01-01', '2028-01-01'],
    [' 29.02.2028 ', '2028-02-29'],
    ['01.01.2028.', '2028-01-01'],
  ])('%j → %s', (raw, date) => {
    expect(parseMergerDate(raw, texts)).toEqual({ ok: true, date });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['neste år', 'unrecognised'],
    ['1. januar', 'unrecognised'],
    ['01.01.28', 'unrecognised'],
    ['2028/13/01', 'unrecognised'],
    ['31.02.2028', 'invalid_date'],
    ['29.02.2027', 'invalid_date'],
    ['2028-13-01', 'invalid_date'],
    ['01.01.1066', 'out_of_range'],
  ])('%j is refused (%s) with a message in nb and en', (raw, reason) => {
    const result = parseMergerDate(raw, texts);
    expect(result).toMatchObject({ ok: false, reason });
    if (result.ok) return;
    expect(result.message.nb).not.toBe('');
    expect(result.message.en).not.toBe('');
    expect(result.message.nb).not.toBe(result.message.en);
  });

  it('quotes what the user wrote and shows the expected format', () => {
    const result = parseMergerDate('neste år', texts);
    expect(result).toMatchObject({
      ok: false,
      message: {
        nb: expect.stringContaining('«neste år» er ikke en dato') as unknown,
        en: expect.stringContaining('dd.mm.yyyy') as unknown,
      },
    });
  });

  it('cuts a very long echo', () => {
    const result = parseMergerDate('x'.repeat(5000), texts);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.nb.length).toBeLessThan(200);
  });

  it('parseDay reads the same forms without the year range', () => {
    expect(parseDay('10.03.2025')).toBe('2025-03-10');
    expect(parseDay('i morgen')).toBeUndefined();
  });
});

describe('applicability from the merger conditions', () => {
  const feideTask = taskById('skole-01');
  const svarUtTask = taskById('arkiv-04'); // applies only when NOT already on SvarUt

  it('a task without a condition always applies', () => {
    expect(isApplicable(taskById('infra-01'), makeMerger({ conditions: {} }))).toEqual({ applicable: true, check: false });
  });

  it('a condition answered as required applies', () => {
    expect(isApplicable(feideTask, makeMerger({ conditions: { usesFeide: true } }))).toEqual({ applicable: true, check: false });
    expect(isApplicable(svarUtTask, makeMerger({ conditions: { onSvarUt: false } }))).toEqual({ applicable: true, check: false });
  });

  it('a condition answered otherwise is not relevant', () => {
    expect(isApplicable(feideTask, makeMerger({ conditions: { usesFeide: false } }))).toEqual({
      applicable: false,
      check: false,
      conditionId: 'usesFeide',
      answer: false,
    });
    expect(applies(svarUtTask, makeMerger({ conditions: { onSvarUt: true } }))).toBe(false);
  });

  it('an unanswered condition applies and is flagged for checking', () => {
    expect(isApplicable(feideTask, makeMerger({ conditions: {} }))).toEqual({ applicable: true, check: true, conditionId: 'usesFeide' });
  });

  it('does not read inherited object properties as answers', () => {
    const task: Pick<GuideTask, 'condition'> = { condition: { id: 'toString', equals: true } };
    expect(isApplicable(task, makeMerger({ conditions: {} }))).toMatchObject({ applicable: true, check: true });
  });
});

describe('findTask (bad input: a task id that does not exist)', () => {
  it('finds a task with its area', () => {
    expect(findTask(fixtureGuide, 'arkiv-02')?.area.id).toBe('arkiv');
  });

  it.each(['no-such-task', '', 'ARKIV-02', 'arkiv-2'])('%j → undefined', (id) => {
    expect(findTask(fixtureGuide, id)).toBeUndefined();
  });
});
