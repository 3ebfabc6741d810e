import { describe, expect, it } from 'vitest';
import { rankOpenTasks, whatNext } from '../../src/core/merger/next-tasks.js';
import { progressOf } from '../../src/core/merger/progress.js';
import { fixtureGuide, makeMerger, stateOf, statesOf, TODAY } from './merger-fixture.js';

const ids = (items: { task: { id: string } }[]) => items.map((i) => i.task.id);

describe('whatNext: order', () => {
  const merger = makeMerger(); // merger date one year ahead, phase planlegging-og-anskaffelse

  it('overdue earlier-phase tasks first, then the current phase by colour, priority, readiness, due date', () => {
    expect(ids(rankOpenTasks(fixtureGuide, merger, new Map(), TODAY))).toEqual([
      'infra-03', // kartlegging, due 2024-07-01: overdue from an earlier phase
      'infra-01', // red, rank 1, ready
      'infra-02', // red, rank 1, waits for infra-01
      'arkiv-02', // red, rank 2, ready, due 2026-01-01
      'arkiv-04', // red, rank 2, ready, due 2026-02-01 (SvarUt not answered: shown, to check)
      'arkiv-01', // red, rank 2, waits for infra-02
      'okonomi-01', // red, rank 3
      'legevakt-01', // red, rank 4
      'skole-01', // yellow, rank 6, due 2026-02-01
      'skole-02', // yellow, rank 6, due 2028-03-01
      'barnehage-01', // yellow, rank 6, no due date: last in its rank
      'digi-01', // yellow, rank 8
      'digi-02',
      'bibliotek-01', // green
    ]);
  });

  it('must show: infrastructure and archive tasks come before digital services', () => {
    const all = rankOpenTasks(fixtureGuide, merger, new Map(), TODAY);
    const position = (category: string) => all.map((i) => i.task.category).indexOf(category as never);
    const lastInfraOrArchive = Math.max(
      ...all.flatMap((i, n) => (i.area.id === 'ikt-drift' || i.area.id === 'arkiv' ? [n] : [])),
    );
    expect(lastInfraOrArchive).toBeLessThan(position('digital-service'));
  });

  it('returns at most `limit` items and tells how many there are in all', () => {
    const result = whatNext(fixtureGuide, merger, new Map(), TODAY);
    expect(result.items).toHaveLength(5);
    expect(result.total).toBe(14);
    expect(result.overdue).toBe(1);
    expect(whatNext(fixtureGuide, merger, new Map(), TODAY, 20).items).toHaveLength(14);
  });

  it('each item says why and when', () => {
    const [overdue, first, second] = whatNext(fixtureGuide, merger, new Map(), TODAY).items;
    expect(overdue).toMatchObject({
      due: '2024-07-01',
      daysUntilDue: -243,
      why: { areaId: 'ikt-drift', colour: 'red', section: '5.2.2', priorityRank: 1, fromEarlierPhase: true, overdueDays: 243, blockedBy: [] },
    });
    expect(overdue?.why.areaName.nb).toBe('IKT-drift og infrastruktur');
    expect(overdue?.why.colourLabel.en).toBe('Red: must work from day one');
    expect(first).toMatchObject({ due: '2026-02-01', daysUntilDue: 337, why: { fromEarlierPhase: false, blockedBy: [] } });
    expect(first?.why.overdueDays).toBeUndefined();
    expect(second?.why.blockedBy).toEqual([
      { id: 'infra-01', title: { nb: 'Samkjøre IKT-drift og etablere ett driftsteam', en: 'Align ICT operations and set up one operations team' } },
    ]);
  });

  it('flags a task whose condition is not answered yet', () => {
    const item = rankOpenTasks(fixtureGuide, merger, new Map(), TODAY).find((i) => i.task.id === 'arkiv-04');
    expect(item?.why.checkCondition).toBe('onSvarUt');
    const answered = rankOpenTasks(fixtureGuide, makeMerger({ conditions: { usesFeide: true, runsLegevakt: true, onSvarUt: false } }), new Map(), TODAY);
    expect(answered.find((i) => i.task.id === 'arkiv-04')?.why.checkCondition).toBeUndefined();
  });
});

describe('whatNext: statuses and conditions', () => {
  const merger = makeMerger();

  it('marking tasks done changes the next answer', () => {
    const before = whatNext(fixtureGuide, merger, new Map(), TODAY);
    const after = whatNext(fixtureGuide, merger, statesOf(stateOf('infra-03', 'done'), stateOf('infra-01', 'done')), TODAY);
    expect(ids(before.items)).toEqual(['infra-03', 'infra-01', 'infra-02', 'arkiv-02', 'arkiv-04']);
    expect(ids(after.items)).toEqual(['infra-02', 'arkiv-02', 'arkiv-04', 'arkiv-01', 'okonomi-01']);
    expect(after.items[0]?.why.blockedBy).toEqual([]); // infra-02 is ready now
    expect(after.total).toBe(12);
    expect(after.overdue).toBe(0);
  });

  it('never shows done or not relevant tasks', () => {
    const states = statesOf(stateOf('infra-01', 'done'), stateOf('infra-02', 'not_relevant', { reason: 'Felles drift fra før' }));
    const shown = ids(rankOpenTasks(fixtureGuide, merger, states, TODAY));
    expect(shown).not.toContain('infra-01');
    expect(shown).not.toContain('infra-02');
    // arkiv-01 depended on infra-02, which is not relevant: it is ready now.
    expect(rankOpenTasks(fixtureGuide, merger, states, TODAY).find((i) => i.task.id === 'arkiv-01')?.why.blockedBy).toEqual([]);
  });

  it("skips 'later' tasks until their day has come", () => {
    const states = statesOf(stateOf('infra-01', 'later', { laterUntil: '2025-03-10' }));
    expect(ids(rankOpenTasks(fixtureGuide, merger, states, '2025-03-09'))).not.toContain('infra-01');
    const back = rankOpenTasks(fixtureGuide, merger, states, '2025-03-10').find((i) => i.task.id === 'infra-01');
    expect(back?.status).toBe('later');
  });

  it('skips tasks the conditions rule out', () => {
    const noLegevaktNoFeide = makeMerger({ conditions: { usesFeide: false, runsLegevakt: false, onSvarUt: true } });
    const shown = ids(rankOpenTasks(fixtureGuide, noLegevaktNoFeide, new Map(), TODAY));
    expect(shown).not.toContain('legevakt-01');
    expect(shown).not.toContain('skole-01');
    expect(shown).not.toContain('barnehage-01');
    expect(shown).not.toContain('arkiv-04');
    expect(shown).toHaveLength(10);
  });

  it('does not show earlier-phase tasks that are not due yet, nor later phases', () => {
    const inImplementation = makeMerger({ phase: 'gjennomforing' });
    const shown = ids(rankOpenTasks(fixtureGuide, inImplementation, new Map(), TODAY));
    // From earlier phases only the overdue ones and those without a due date (okonomi-01 is due today,
    // not overdue); from gjennomforing all; nothing from later phases.
    expect(shown).toEqual(['infra-03', 'barnehage-01', 'legevakt-02']);
  });

  it('earlier-phase tasks without a due date count as overdue', () => {
    const inImplementation = makeMerger({ phase: 'gjennomforing' });
    const later = whatNext(fixtureGuide, inImplementation, new Map(), '2025-10-01', 20);
    expect(ids(later.items)).toEqual([
      'infra-03', // red, rank 1, ready
      'infra-02', // red, rank 1, due 2025-09-01, waits for infra-01 (which is not due yet, so not listed)
      'arkiv-01', // red, rank 2, due 2025-06-01
      'okonomi-01', // red, rank 3, due 2025-03-01
      'barnehage-01', // yellow, no due date, from an earlier phase
      'legevakt-02', // the current phase
    ]);
    expect(later.items.find((i) => i.task.id === 'barnehage-01')?.why).toMatchObject({ fromEarlierPhase: true });
    expect(later.items.find((i) => i.task.id === 'barnehage-01')?.why.overdueDays).toBeUndefined();
  });
});

describe('progress', () => {
  const merger = makeMerger();

  it('counts per phase and per area, applicable tasks only', () => {
    const progress = progressOf(fixtureGuide, merger, statesOf(stateOf('infra-01', 'done'), stateOf('skole-02', 'not_relevant')), TODAY);
    expect(progress.overall).toEqual({ total: 16, done: 1, notRelevant: 1, open: 14, later: 0 });
    expect(progress.byPhase.find((p) => p.phase === 'planlegging-og-anskaffelse')).toMatchObject({
      current: true,
      total: 13,
      done: 1,
      notRelevant: 1,
      open: 11,
    });
    expect(progress.byArea.find((a) => a.areaId === 'ikt-drift')).toMatchObject({ colour: 'red', total: 3, done: 1, open: 2 });
    expect(progress.byPhase.map((p) => p.phase)).toEqual([
      'for-du-starter',
      'kartlegging-og-malbilde',
      'planlegging-og-anskaffelse',
      'gjennomforing',
      'overgangsfase',
      'drift',
    ]);
  });

  it('red tasks remaining before day one and days left', () => {
    const fresh = progressOf(fixtureGuide, merger, new Map(), TODAY);
    expect(fresh.daysToMerger).toBe(365);
    expect(fresh.redRemainingTaskIds).toEqual([
      'infra-01',
      'infra-02',
      'infra-03',
      'arkiv-01',
      'arkiv-02',
      'arkiv-04',
      'okonomi-01',
      'legevakt-01',
      'legevakt-02',
    ]);
    expect(fresh.redRemainingBeforeDayOne).toBe(9);
    const someDone = progressOf(fixtureGuide, merger, statesOf(stateOf('infra-01', 'done'), stateOf('arkiv-01', 'later', { laterUntil: '2025-04-01' })), TODAY);
    expect(someDone.redRemainingBeforeDayOne).toBe(8); // 'later' is still open
    const noLegevakt = progressOf(fixtureGuide, makeMerger({ conditions: { runsLegevakt: false } }), new Map(), TODAY);
    expect(noLegevakt.redRemainingBeforeDayOne).toBe(7);
  });

  it('marking tasks done changes the progress card', () => {
    const before = progressOf(fixtureGuide, merger, new Map(), TODAY);
    const after = progressOf(fixtureGuide, merger, statesOf(stateOf('infra-01', 'done'), stateOf('infra-03', 'done')), TODAY);
    expect(before.overall.done).toBe(0);
    expect(after.overall.done).toBe(2);
    expect(after.redRemainingBeforeDayOne).toBe(before.redRemainingBeforeDayOne - 2);
  });

  it('proposes the next phase once the exit tasks are done or not relevant', () => {
    const half = progressOf(fixtureGuide, merger, statesOf(stateOf('infra-02', 'done')), TODAY);
    expect(half).toMatchObject({ phaseExitMet: false, nextPhase: 'gjennomforing', proposeNextPhase: false });
    const met = progressOf(fixtureGuide, merger, statesOf(stateOf('infra-02', 'done'), stateOf('arkiv-02', 'not_relevant')), TODAY);
    expect(met).toMatchObject({ phaseExitMet: true, nextPhase: 'gjennomforing', proposeNextPhase: true });
  });

  it('an exit task ruled out by the conditions counts as met; the last phase proposes nothing', () => {
    const implementation = makeMerger({ phase: 'gjennomforing', conditions: { runsLegevakt: false } });
    expect(progressOf(fixtureGuide, implementation, new Map(), TODAY)).toMatchObject({ phaseExitMet: true, proposeNextPhase: true, nextPhase: 'overgangsfase' });
    const drift = progressOf(fixtureGuide, makeMerger({ phase: 'drift' }), new Map(), TODAY);
    expect(drift.nextPhase).toBeUndefined();
    expect(drift.proposeNextPhase).toBe(false);
  });
});
