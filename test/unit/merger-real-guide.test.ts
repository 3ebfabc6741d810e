/**
 * The merger core on the real guide content in config/merger-guide/ (skipped, with the reason,
 * while that content is not written yet; its validity is tested by merger-guide-config.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { allTasks } from '../../src/core/merger/guide-lookup.js';
import type { MergerGuide } from '../../src/core/merger/guide-types.js';
import { rankOpenTasks, whatNext } from '../../src/core/merger/next-tasks.js';
import { progressOf } from '../../src/core/merger/progress.js';
import { searchTopics, suggestTopics, type TopicHits } from '../../src/core/merger/topic-search.js';
import { loadMergerGuide } from '../../src/settings/merger-guide-schema.js';
import { loadMergerTexts } from '../../src/settings/texts-schema.js';
import { makeMerger, stateOf, statesOf, TODAY } from './merger-fixture.js';

/** The engine's texts as the bot loads them from config/merger-texts.json. */
const texts = loadMergerTexts('config').engine;

function tryLoad(): { guide?: MergerGuide; reason?: string } {
  try {
    return { guide: loadMergerGuide('config') };
  } catch (err) {
    return { reason: (err as Error).message.split('\n')[0] ?? String(err) };
  }
}

const loaded = tryLoad();
const guide = loaded.guide;
if (!guide) console.warn(`[merger-real-guide] skipped: the guide content cannot be loaded yet (${loaded.reason})`);

function search(g: MergerGuide, query: string, locale: 'nb' | 'en' = 'nb'): TopicHits {
  const result = searchTopics(g, query, locale, texts);
  if (result.tooLong) throw new Error('unexpected tooLong');
  return result;
}

const areaIdsOfRank = (g: MergerGuide, rank: number): Set<string> =>
  new Set(g.priorityOrder.filter((s) => s.rank === rank).flatMap((s) => s.areaIds));

describe.skipIf(!guide)(`merger core on the real guide${guide ? '' : ` (skipped: ${loaded.reason})`}`, () => {
  const g = guide as MergerGuide;
  const allYes = () => Object.fromEntries(g.conditions.map((c) => [c.id, true]));
  const merger = () => makeMerger({ mergerDate: '2026-03-01', phase: 'planlegging-og-anskaffelse', conditions: allYes() });

  it('must show: one year ahead in "Planlegging og anskaffelse", infrastructure and archive come before digital services', () => {
    const infraAndArchive = new Set([...areaIdsOfRank(g, 1), ...areaIdsOfRank(g, 2)]);
    const lastRank = Math.max(...g.priorityOrder.map((s) => s.rank));
    const digital = areaIdsOfRank(g, lastRank);
    expect(infraAndArchive.size).toBeGreaterThan(0);
    expect(digital.size).toBeGreaterThan(0);

    const ranked = rankOpenTasks(g, merger(), new Map(), TODAY);
    const firstInfra = ranked.findIndex((i) => infraAndArchive.has(i.area.id));
    const firstDigital = ranked.findIndex((i) => digital.has(i.area.id));
    expect(firstInfra).toBeGreaterThanOrEqual(0);
    if (firstDigital >= 0) expect(firstInfra).toBeLessThan(firstDigital);

    // Within the current phase every infrastructure/archive task comes before every digital-services task.
    const current = ranked.filter((i) => !i.why.fromEarlierPhase);
    const lastInfraCurrent = Math.max(-1, ...current.flatMap((i, n) => (infraAndArchive.has(i.area.id) ? [n] : [])));
    const firstDigitalCurrent = current.findIndex((i) => digital.has(i.area.id));
    if (firstDigitalCurrent >= 0) expect(lastInfraCurrent).toBeLessThan(firstDigitalCurrent);

    const top = whatNext(g, merger(), new Map(), TODAY).items;
    expect(top.length).toBeGreaterThan(0);
    expect(top.some((i) => digital.has(i.area.id))).toBe(false);
  });

  it('marking the first task done changes the next answer and the progress', () => {
    const before = whatNext(g, merger(), new Map(), TODAY);
    const first = before.items[0];
    expect(first).toBeDefined();
    if (!first) return;
    const states = statesOf(stateOf(first.task.id, 'done'));
    const after = whatNext(g, merger(), states, TODAY);
    expect(after.items.map((i) => i.task.id)).not.toContain(first.task.id);
    expect(after.total).toBe(before.total - 1);
    const p0 = progressOf(g, merger(), new Map(), TODAY);
    const p1 = progressOf(g, merger(), states, TODAY);
    expect(p1.overall.done).toBe(p0.overall.done + 1);
    expect(p0.daysToMerger).toBe(365);
    expect(p0.redRemainingBeforeDayOne).toBeGreaterThan(0);
    // Every condition answered "yes": only the tasks that require a "no" drop out.
    expect(p0.overall.total).toBe(allTasks(g).filter((t) => t.task.condition?.equals !== false).length);
  });

  it('"Feide?" finds the Feide solution and Feide tasks', () => {
    const r = search(g, 'Feide?');
    if (g.nationalSolutions.some((s) => s.id === 'feide')) expect(r.solutions[0]?.solution.id).toBe('feide');
    expect(r.tasks.length).toBeGreaterThan(0);
    expect(r.areas.length).toBeGreaterThan(0);
  });

  it('"hva skjer med arkivet?" puts the archive area first', () => {
    const archive = areaIdsOfRank(g, 2);
    const r = search(g, 'hva skjer med arkivet?');
    expect(archive.has(r.areas[0]?.area.id ?? '')).toBe(true);
  });

  it('"legevakt" finds the legevakt area first', () => {
    const r = search(g, 'legevakt');
    expect(r.areas[0]?.area.id).toMatch(/legevakt/);
    expect(r.tasks.length).toBeGreaterThan(0);
  });

  it('"which systems must work from day one?" returns red areas first', () => {
    const r = search(g, 'which systems must work from day one?', 'en');
    expect(r.colourIntent).toBe('red');
    expect(r.areas.length).toBeGreaterThan(0);
    expect(r.areas[0]?.area.colour).toBe('red');
    expect(r.tasks[0]?.area.colour).toBe('red');
  });

  it('nonsense matches nothing, and every suggested topic finds something', () => {
    const r = search(g, 'qwxz zzyv');
    expect([r.areas, r.tasks, r.solutions]).toEqual([[], [], []]);
    for (const locale of ['nb', 'en'] as const) {
      for (const topic of suggestTopics(g, locale)) {
        const hit = search(g, topic, locale);
        expect(hit.areas.length + hit.solutions.length, topic).toBeGreaterThan(0);
      }
    }
  });
});
