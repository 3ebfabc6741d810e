import { describe, expect, it } from 'vitest';
import { findTask } from '../../src/core/merger/guide-lookup.js';
import type { GuideTask } from '../../src/core/merger/guide-types.js';
import type { TaskStatusChange } from '../../src/core/merger/merger-types.js';
import { applyStatusChange, type StatusChangeRequest } from '../../src/core/merger/task-status.js';
import { loadMergerTexts } from '../../src/settings/texts-schema.js';
import { fixtureGuide, makeMerger, stateOf, statesOf, USER } from './merger-fixture.js';

/** The engine's texts as the bot loads them from config/merger-texts.json. */
const texts = loadMergerTexts('config').engine;

const taskById = (id: string): GuideTask => {
  const hit = findTask(fixtureGuide, id);
  if (!hit) throw new Error(`fixture has no task ${id}`);
  return hit.task;
};

const AT = new Date('2025-03-01T10:00:00Z');
const request = (change: Partial<TaskStatusChange>): StatusChangeRequest => ({
  mergerId: 'm-1',
  status: 'done',
  by: USER,
  at: AT,
  ...change,
});

describe('applyStatusChange: done', () => {
  it('marks a ready task done and records who and when', () => {
    const result = applyStatusChange(undefined, request({}), taskById('infra-01'), fixtureGuide, new Map(), texts);
    expect(result).toMatchObject({
      ok: true,
      changed: true,
      warnings: [],
      state: { mergerId: 'm-1', taskId: 'infra-01', status: 'done', history: [{ status: 'done', by: USER, at: AT }] },
    });
  });

  it('bad input: done with open dependencies is allowed, with a warning naming them', () => {
    const result = applyStatusChange(undefined, request({}), taskById('arkiv-01'), fixtureGuide, new Map(), texts);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state.status).toBe('done');
    expect(result.warnings).toEqual([
      {
        nb: 'Merket som ferdig, men dette bygger på oppgaver som ikke er ferdige: Etablere felles nettverk og domene.',
        en: 'Marked as done, but it builds on tasks that are not finished: Establish a common network and domain.',
      },
    ]);
  });

  it('no warning once the dependencies are done or not relevant', () => {
    const states = statesOf(stateOf('infra-02', 'not_relevant', { reason: 'Har felles nett' }));
    const result = applyStatusChange(undefined, request({}), taskById('arkiv-01'), fixtureGuide, states, texts);
    expect(result).toMatchObject({ ok: true, warnings: [] });
  });

  it('a dependency ruled out by the conditions does not warn', () => {
    const task: GuideTask = { ...taskById('infra-01'), dependsOn: ['legevakt-01'] };
    const noLegevakt = makeMerger({ conditions: { runsLegevakt: false } });
    expect(applyStatusChange(undefined, request({}), task, fixtureGuide, new Map(), texts, noLegevakt)).toMatchObject({ warnings: [] });
    expect(applyStatusChange(undefined, request({}), task, fixtureGuide, new Map(), texts)).toMatchObject({ warnings: [expect.anything()] });
  });

  it('keeps the chosen alternative and refuses one the task does not have', () => {
    const ok = applyStatusChange(undefined, request({ alternative: 'close-lookup' }), taskById('arkiv-02'), fixtureGuide, new Map(), texts);
    expect(ok).toMatchObject({ ok: true, state: { alternative: 'close-lookup' }, change: { alternative: 'close-lookup' } });
    const bad = applyStatusChange(undefined, request({ alternative: 'burn-it' }), taskById('arkiv-02'), fixtureGuide, new Map(), texts);
    expect(bad).toMatchObject({
      ok: false,
      code: 'unknown_alternative',
      error: { nb: '«burn-it» er ikke et alternativ for denne oppgaven. Velg ett av: Konvertere, Avslutte og gi oppslag.' },
    });
  });
});

describe('applyStatusChange: not relevant', () => {
  it('needs a reason', () => {
    for (const reason of [undefined, '', '   ', '<b></b>']) {
      const result = applyStatusChange(undefined, request({ status: 'not_relevant', ...(reason !== undefined ? { reason } : {}) }), taskById('infra-01'), fixtureGuide, new Map(), texts);
      expect(result).toMatchObject({
        ok: false,
        code: 'reason_required',
        error: { nb: 'Skriv en kort begrunnelse for hvorfor oppgaven ikke er relevant.', en: 'Give a short reason why the task is not relevant.' },
      });
    }
  });

  it('accepts a reason of 300 characters, refuses 301', () => {
    const ok = applyStatusChange(undefined, request({ status: 'not_relevant', reason: 'å'.repeat(300) }), taskById('infra-01'), fixtureGuide, new Map(), texts);
    expect(ok).toMatchObject({ ok: true, state: { status: 'not_relevant' } });
    const long = applyStatusChange(undefined, request({ status: 'not_relevant', reason: 'å'.repeat(301) }), taskById('infra-01'), fixtureGuide, new Map(), texts);
    expect(long).toMatchObject({
      ok: false,
      code: 'reason_too_long',
      error: { nb: 'Begrunnelsen har 301 tegn; den kan ha høyst 300.', en: 'The reason has 301 characters; it can have at most 300.' },
    });
  });

  it('stores the reason trimmed and without HTML, in the state and the history', () => {
    const result = applyStatusChange(undefined, request({ status: 'not_relevant', reason: '  Vi har <b>felles</b> drift  ' }), taskById('infra-01'), fixtureGuide, new Map(), texts);
    expect(result).toMatchObject({
      ok: true,
      change: { reason: 'Vi har felles drift' },
      state: { reason: 'Vi har felles drift', history: [{ status: 'not_relevant', reason: 'Vi har felles drift' }] },
    });
  });
});

describe('applyStatusChange: later', () => {
  it('defaults to seven days ahead', () => {
    const result = applyStatusChange(undefined, request({ status: 'later' }), taskById('infra-01'), fixtureGuide, new Map(), texts);
    expect(result).toMatchObject({ ok: true, state: { status: 'later', laterUntil: '2025-03-08' }, change: { laterUntil: '2025-03-08' } });
  });

  it('accepts today or a later day, in ISO or dd.mm.yyyy', () => {
    expect(applyStatusChange(undefined, request({ status: 'later', laterUntil: '2025-03-01' }), taskById('infra-01'), fixtureGuide, new Map(), texts)).toMatchObject({ ok: true, state: { laterUntil: '2025-03-01' } });
    expect(applyStatusChange(undefined, request({ status: 'later', laterUntil: '15.04.2025' }), taskById('infra-01'), fixtureGuide, new Map(), texts)).toMatchObject({ ok: true, state: { laterUntil: '2025-04-15' } });
  });

  it('refuses a day in the past and a text that is not a date', () => {
    expect(applyStatusChange(undefined, request({ status: 'later', laterUntil: '2025-02-28' }), taskById('infra-01'), fixtureGuide, new Map(), texts)).toMatchObject({
      ok: false,
      code: 'later_date_past',
      error: { nb: 'Datoen for «senere» kan ikke være før i dag (2025-03-01).' },
    });
    expect(applyStatusChange(undefined, request({ status: 'later', laterUntil: 'etter påske' }), taskById('infra-01'), fixtureGuide, new Map(), texts)).toMatchObject({
      ok: false,
      code: 'later_date_invalid',
      error: { en: '"etter påske" is not a date. Write the date as dd.mm.yyyy.' },
    });
  });
});

describe('applyStatusChange: history and ownership', () => {
  it('keeps every change with who and when; reopening clears the details', () => {
    const first = applyStatusChange(undefined, request({ status: 'not_relevant', reason: 'Ikke aktuelt' }), taskById('infra-01'), fixtureGuide, new Map(), texts);
    if (!first.ok) throw new Error('first change failed');
    const other = { userId: 'u-2', displayName: 'Ola' };
    const at = new Date('2025-03-02T10:00:00Z');
    const second = applyStatusChange(first.state, request({ status: 'open', by: other, at }), taskById('infra-01'), fixtureGuide, new Map(), texts);
    expect(second).toMatchObject({ ok: true, changed: true, state: { status: 'open' } });
    if (!second.ok) return;
    expect(second.state.reason).toBeUndefined();
    expect(second.state.history.map((h) => [h.status, h.by.displayName])).toEqual([
      ['not_relevant', 'Kari Nordmann'],
      ['open', 'Ola'],
    ]);
  });

  it('repeating the same status changes nothing', () => {
    const done = stateOf('infra-01', 'done');
    const result = applyStatusChange(done, request({}), taskById('infra-01'), fixtureGuide, new Map(), texts);
    expect(result).toMatchObject({ ok: true, changed: false });
    if (result.ok) expect(result.state).toBe(done);
    expect(applyStatusChange(undefined, request({ status: 'open' }), taskById('infra-01'), fixtureGuide, new Map(), texts)).toMatchObject({
      ok: true,
      changed: false,
      state: { status: 'open', history: [] },
    });
  });

  it("bad input: a status change on another merger's task is refused", () => {
    const othersState = stateOf('infra-01', 'open', { mergerId: 'm-2' });
    expect(applyStatusChange(othersState, request({}), taskById('infra-01'), fixtureGuide, new Map(), texts)).toMatchObject({
      ok: false,
      code: 'wrong_merger',
      error: { nb: 'Denne oppgaven hører til en annen sammenslåing. Ingenting ble endret.' },
    });
    expect(applyStatusChange(stateOf('infra-02', 'open'), request({}), taskById('infra-01'), fixtureGuide, new Map(), texts)).toMatchObject({ ok: false, code: 'wrong_task' });
  });
});
