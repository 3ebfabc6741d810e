/**
 * The merger guide content in config/merger-guide/ (guide.json + areas/*.json): the real files load
 * and link up, and broken copies fail with a message that names the file and the JSON path.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MERGER_PHASE_IDS, type GuideTask } from '../../src/core/merger/guide-types.js';
import { ConfigError, findCycles, loadMergerGuide } from '../../src/settings/merger-guide-schema.js';

/** Relative on purpose: messages then show paths such as config/merger-guide/areas/5.4.4-arkiv.json. */
const CONFIG_DIR = 'config';
const AREAS_DIR = join(CONFIG_DIR, 'merger-guide', 'areas');

const EXPECTED_AREAS = 33;
const EXPECTED_TASKS = 219;

/** Area ids by section, fixed by the content brief. */
const AREA_IDS: Record<string, string> = {
  '5.2.1': 'ikt-drift', '5.2.2': 'ikt-infrastruktur', '5.2.3': 'muligheter-infrastruktur',
  '5.3': 'felleslosninger', '5.3.17': 'muligheter-felleslosninger',
  '5.4.1': 'okonomi', '5.4.2': 'innkjop', '5.4.3': 'lonn-personal', '5.4.4': 'arkiv',
  '5.5.1': 'pleie-omsorg', '5.5.2': 'helsestasjon', '5.5.3': 'fastlege', '5.5.4': 'legevakt',
  '5.5.5': 'ppt', '5.5.6': 'barnevern', '5.5.7': 'sosialtjeneste',
  '5.6.1': 'barnehage', '5.6.2': 'grunnskole', '5.6.3': 'voksenopplaering', '5.6.4': 'bibliotek', '5.6.5': 'kulturskole',
  '5.7.1': 'plan-bygg', '5.7.2': 'tekniske-tjenester', '5.7.3': 'eiendomsforvaltning',
  '5.8.1': 'nettside', '5.8.2': 'digital-plattform', '5.8.3': 'digitale-tjenester',
  '5.9.1': 'styringsmodell', '5.9.2': 'finansieringsmodell', '5.9.3': 'systemforvaltning',
  '5.9.4': 'informasjonssikkerhet', '5.9.5': 'ikt-arkitektur', '5.9.6': 'ikt-organisering',
};

const NATIONAL_SOLUTION_IDS = [
  'svarut', 'ks-laering', 'altinn', 'id-porten', 'digital-postkasse', 'matrikkelen', 'folkeregisteret',
  'enhetsregisteret', 'krr', 'signeringstjenesten', 'feide', 'helsenett', 'adresseregisteret', 'helsenorge',
  'kjernejournal', 'e-resept', 'helseregistre', 'dok', 'planregister', 'nir', 'a-meldingen', 'sofie', 'nav',
  'helfo', 'sysvak', 'vigo', 'grunnboken', 'byggsok', 'husbanken', 'uninett', 'buypass', 'skatteetaten',
  'helsepersonellregisteret', 'kartverket',
];

const DEADLINE_EVENTS: Record<string, number> = {
  early: -18,
  'first-documents': -6,
  'before-merger-date': 0,
  'from-day-one': 0,
  'after-merger-date': 6,
  'transition-phase': 24,
};

// ---------------------------------------------------------------------------------------------
// The real content

describe('the real merger guide', () => {
  const guide = loadMergerGuide(CONFIG_DIR);
  const tasks: GuideTask[] = guide.areas.flatMap((a) => a.tasks);
  const taskById = new Map(tasks.map((t) => [t.id, t]));

  it(`loads all ${EXPECTED_AREAS} areas with ${EXPECTED_TASKS} tasks, sorted by section`, () => {
    expect(readdirSync(AREAS_DIR).filter((f) => f.endsWith('.json'))).toHaveLength(EXPECTED_AREAS);
    expect(guide.areas).toHaveLength(EXPECTED_AREAS);
    expect(tasks).toHaveLength(EXPECTED_TASKS);
    expect(guide.version).toBe(1);
    expect(guide.areas.map((a) => a.section)).toEqual(Object.keys(AREA_IDS));
  });

  it('uses the fixed area id for every section', () => {
    for (const area of guide.areas) expect(area.id, area.section).toBe(AREA_IDS[area.section]);
  });

  it('has unique task ids, and every task lies in its area\'s section', () => {
    expect(taskById.size).toBe(tasks.length);
    for (const area of guide.areas) {
      for (const t of area.tasks) expect(t.section === area.section || t.section.startsWith(`${area.section}.`), t.id).toBe(true);
    }
  });

  it('lists the six phases in order, with rising start months and exit tasks of their own phase', () => {
    expect(guide.phases.map((p) => p.id)).toEqual([...MERGER_PHASE_IDS]);
    expect(guide.phases.map((p) => p.typicalStartMonths)).toEqual([-36, -24, -18, -12, 0, 24]);
    expect(guide.phases[0]?.exitTaskIds).toEqual([]);
    for (const phase of guide.phases.slice(1)) {
      expect(phase.exitTaskIds.length, phase.id).toBeGreaterThanOrEqual(2);
      expect(phase.exitTaskIds.length, phase.id).toBeLessThanOrEqual(6);
      for (const id of phase.exitTaskIds) expect(taskById.get(id)?.phase, `${phase.id}: ${id}`).toBe(phase.id);
    }
    expect(guide.phases.every((p) => p.activities.length > 0)).toBe(true);
  });

  it('resolves every cross-reference', () => {
    const solutions = new Set(guide.nationalSolutions.map((s) => s.id));
    const conditions = new Set(guide.conditions.map((c) => c.id));
    const events = new Set(guide.deadlineEvents.map((e) => e.id));
    const areaIds = new Set(guide.areas.map((a) => a.id));
    for (const t of tasks) {
      for (const dep of t.dependsOn) expect(taskById.has(dep), `${t.id} → ${dep}`).toBe(true);
      for (const s of t.nationalSolutions) expect(solutions.has(s), `${t.id}: ${s}`).toBe(true);
      if (t.condition) expect(conditions.has(t.condition.id), `${t.id}: ${t.condition.id}`).toBe(true);
      if (t.deadline?.kind === 'event') expect(events.has(t.deadline.event), `${t.id}: ${t.deadline.event}`).toBe(true);
      if (t.deadline?.kind === 'date' && t.deadline.alsoEvent) expect(events.has(t.deadline.alsoEvent), t.id).toBe(true);
    }
    for (const p of guide.phases) for (const id of p.exitTaskIds) expect(taskById.has(id), `${p.id}: ${id}`).toBe(true);
    for (const s of guide.priorityOrder) for (const id of s.areaIds) expect(areaIds.has(id), `rank ${s.rank}: ${id}`).toBe(true);
  });

  it('has no dependency cycles (every task can be put in an order)', () => {
    expect(findCycles(new Map(tasks.map((t) => [t.id, t.dependsOn])))).toEqual([]);
    const placed = new Set<string>();
    let progress = true;
    while (progress && placed.size < tasks.length) {
      progress = false;
      for (const t of tasks) {
        if (!placed.has(t.id) && t.dependsOn.every((d) => placed.has(d))) {
          placed.add(t.id);
          progress = true;
        }
      }
    }
    expect(placed.size).toBe(tasks.length);
  });

  it('gives every area the rank of the priority order (§5.1), and rank 9 outside it', () => {
    expect(guide.priorityOrder.map((s) => s.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const rankOf = (id: string): number[] => guide.priorityOrder.filter((s) => s.areaIds.includes(id)).map((s) => s.rank);
    for (const area of guide.areas) {
      const ranks = rankOf(area.id);
      if (ranks.length === 0) expect(area.priorityRank, area.id).toBe(9);
      else expect(ranks, area.id).toContain(area.priorityRank);
    }
    expect(guide.areas.find((a) => a.id === 'arkiv')?.priorityRank).toBe(2);
    expect(guide.areas.find((a) => a.id === 'innkjop')?.priorityRank).toBe(3);
  });

  it('defines the critical activities, colours, deadline events, conditions and national solutions', () => {
    expect(guide.criticalActivities.map((c) => c.section)).toEqual(['4.2.1', '4.2.2', '4.2.3', '4.2.4', '4.2.5', '4.2.6', '4.2.7', '4.2.8']);
    expect(Object.keys(guide.colours).sort()).toEqual(['green', 'red', 'yellow']);
    expect(Object.fromEntries(guide.deadlineEvents.map((e) => [e.id, e.offsetMonths]))).toEqual(DEADLINE_EVENTS);
    expect(guide.conditions.map((c) => c.id)).toEqual(['usesFeide', 'runsLegevakt', 'onSvarUt']);
    expect(guide.nationalSolutions.map((s) => s.id).sort()).toEqual([...NATIONAL_SOLUTION_IDS].sort());
  });

  it('has at least 40 synonym groups, and no word in two groups', () => {
    expect(guide.synonyms.length).toBeGreaterThanOrEqual(40);
    const seen = new Map<string, number>();
    guide.synonyms.forEach((group, i) => {
      for (const word of group) {
        const key = word.toLowerCase();
        expect(seen.get(key), `"${word}" in groups ${seen.get(key)} and ${i}`).toBeUndefined();
        seen.set(key, i);
      }
    });
  });

  it('translates the guide texts: Norwegian and English differ', () => {
    const pairs = [
      ...guide.phases.flatMap((p) => [p.name, p.purpose, p.startsWhen, p.endsWhen, ...p.activities.flatMap((a) => [a.title, a.detail])]),
      ...guide.criticalActivities.flatMap((c) => [c.title, c.summary, ...c.keyPoints]),
      ...guide.priorityOrder.flatMap((s) => [s.label, s.why]),
      ...guide.nationalSolutions.flatMap((s) => [s.what, ...s.mustDo]),
      ...guide.conditions.map((c) => c.question),
      ...tasks.map((t) => t.title),
    ];
    for (const text of pairs) expect(text.en, text.nb).not.toBe(text.nb);
  });
});

// ---------------------------------------------------------------------------------------------
// Broken copies

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// The content JSON is edited freely in these tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface BrokenCopy {
  dir: string;
  /** Path of a file in the copy, as the loader shows it in messages. */
  file: (name: string) => string;
}

/** A copy of config/merger-guide in a temp dir with `edits` applied (file name → mutation). */
function brokenCopy(edits: Record<string, (json: Json) => void>): BrokenCopy {
  const dir = mkdtempSync(join(tmpdir(), 'merger-guide-'));
  tempDirs.push(dir);
  cpSync(join(CONFIG_DIR, 'merger-guide'), join(dir, 'merger-guide'), { recursive: true });
  const file = (name: string): string =>
    name === 'guide.json' ? join(dir, 'merger-guide', name) : join(dir, 'merger-guide', 'areas', name);
  for (const [name, mutate] of Object.entries(edits)) {
    const json: Json = JSON.parse(readFileSync(file(name), 'utf8'));
    mutate(json);
    writeFileSync(file(name), JSON.stringify(json, null, 2));
  }
  return { dir, file };
}

function loadErrors(dir: string): string[] {
  try {
    loadMergerGuide(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

const task = (area: Json, id: string): Json => area.tasks.find((t: Json) => t.id === id);
const ARKIV = '5.4.4-arkiv.json';

describe('broken merger guide copies', () => {
  it('the unchanged copy loads', () => {
    const { dir } = brokenCopy({});
    expect(loadMergerGuide(dir).areas).toHaveLength(EXPECTED_AREAS);
  });

  it('an unknown dependency names the file, the task and the index', () => {
    const { dir, file } = brokenCopy({ [ARKIV]: (a) => task(a, 'arkiv-08').dependsOn.push('no-such-task') });
    const index = JSON.parse(readFileSync(file(ARKIV), 'utf8')).tasks.find((t: Json) => t.id === 'arkiv-08').dependsOn.length - 1;
    expect(loadErrors(dir)).toEqual([`${file(ARKIV)}: tasks.arkiv-08.dependsOn.${index}: Task "no-such-task" does not exist`]);
  });

  it('a cycle A → B → A is reported once, at the task with the smallest id', () => {
    // arkiv-11 already depends on arkiv-08; make arkiv-08 depend on arkiv-11.
    const { dir, file } = brokenCopy({ [ARKIV]: (a) => task(a, 'arkiv-08').dependsOn.push('arkiv-11') });
    expect(loadErrors(dir)).toEqual([`${file(ARKIV)}: tasks.arkiv-08.dependsOn: Dependency cycle: arkiv-08 → arkiv-11 → arkiv-08`]);
  });

  it('a missing English text names the file and the path', () => {
    const { dir, file } = brokenCopy({
      '5.4.1-okonomi.json': (a) => delete task(a, 'okonomi-05').title.en,
      'guide.json': (g) => delete g.phases.find((p: Json) => p.id === 'drift').purpose.en,
    });
    expect(loadErrors(dir)).toEqual([
      `${file('guide.json')}: phases.drift.purpose.en: Required`,
      `${file('5.4.1-okonomi.json')}: tasks.okonomi-05.title.en: Required`,
    ]);
  });

  it('a task id used in two files names both files', () => {
    const { dir, file } = brokenCopy({
      '5.8.1-nettside.json': (a) => a.tasks.push(structuredClone(task(JSON.parse(readFileSync(join(AREAS_DIR, ARKIV), 'utf8')), 'arkiv-01'))),
    });
    expect(loadErrors(dir)).toEqual([
      `${file('5.8.1-nettside.json')}: tasks.arkiv-01.id: Duplicate task id "arkiv-01" (also in ${file(ARKIV)})`,
    ]);
  });

  it('an unknown deadline event names the file and the path', () => {
    const { dir, file } = brokenCopy({ [ARKIV]: (a) => (task(a, 'arkiv-08').deadline = { kind: 'event', event: 'no-such-event' }) });
    expect(loadErrors(dir)).toEqual([`${file(ARKIV)}: tasks.arkiv-08.deadline.event: Deadline event "no-such-event" does not exist in guide.json`]);
  });

  it('unknown references from guide.json and to its solutions and conditions are named too', () => {
    const { dir, file } = brokenCopy({
      'guide.json': (g) => {
        g.phases.find((p: Json) => p.id === 'drift').exitTaskIds.push('gov-99');
        g.priorityOrder[0].areaIds.push('no-such-area');
      },
      [ARKIV]: (a) => {
        task(a, 'arkiv-01').nationalSolutions.push('no-such-solution');
        task(a, 'arkiv-01').condition = { id: 'noSuchCondition', equals: true };
      },
    });
    const drift = JSON.parse(readFileSync(file('guide.json'), 'utf8')).phases.find((p: Json) => p.id === 'drift');
    const solutionIndex = task(JSON.parse(readFileSync(file(ARKIV), 'utf8')), 'arkiv-01').nationalSolutions.length - 1;
    expect(loadErrors(dir).sort()).toEqual(
      [
        `${file(ARKIV)}: tasks.arkiv-01.nationalSolutions.${solutionIndex}: National solution "no-such-solution" does not exist in guide.json`,
        `${file(ARKIV)}: tasks.arkiv-01.condition.id: Condition "noSuchCondition" does not exist in guide.json`,
        `${file('guide.json')}: phases.drift.exitTaskIds.${drift.exitTaskIds.length - 1}: Task "gov-99" does not exist`,
        `${file('guide.json')}: priorityOrder.0.areaIds.${JSON.parse(readFileSync(file('guide.json'), 'utf8')).priorityOrder[0].areaIds.length - 1}: Area "no-such-area" does not exist`,
      ].sort(),
    );
  });

  it('a text over the length limit and an area in the wrong file are named', () => {
    const { dir, file } = brokenCopy({
      [ARKIV]: (a) => {
        task(a, 'arkiv-02').title.nb = 'x'.repeat(121);
        a.section = '5.4.5';
      },
    });
    // The area no longer parses, so tasks elsewhere that depend on its tasks are reported as well.
    expect(loadErrors(dir)).toContain(`${file(ARKIV)}: tasks.arkiv-02.title.nb: Longer than 120 characters`);
    // The file-name check runs once the area parses: fix the title and look again.
    const again = brokenCopy({ [ARKIV]: (a) => (a.section = '5.4.5') });
    expect(loadErrors(again.dir)).toContain(`${again.file(ARKIV)}: id: File name must be "5.4.5-arkiv.json"`);
  });
});
