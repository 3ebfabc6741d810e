import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import {
  configErrorMap,
  displayPath,
  LocalizedSchema,
  parseConfig,
  readJsonFile,
  renderJsonPath,
  type JsonPath,
} from './json-config.js';
import {
  AREA_COLOURS,
  BASIS_VALUES,
  MERGER_PHASE_IDS,
  TASK_CATEGORIES,
  type GuideTask,
  type MergerGuide,
  type ServiceArea,
} from '../core/merger/guide-types.js';

export { ConfigError };
export type { MergerGuide };

/*
 * zod schemas for config/merger-guide/guide.json and config/merger-guide/areas/*.json, plus the
 * cross-checks zod cannot express (ids unique across files, every reference resolves, no
 * dependency cycles). Every problem is reported as "<file>: <json path>: <problem>", with array
 * indices replaced by the element's id.
 */

// ---------------------------------------------------------------------------------------------
// Schemas

const nonEmpty = z.string().trim().min(1);

/** Short user-facing texts: titles fit on one card line, details stay a few sentences. */
function limitedLocalized(max: number) {
  const text = nonEmpty.max(max, `Longer than ${max} characters`);
  return z.strictObject({ nb: text, en: text });
}

const KEBAB_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const CAMEL_ID = /^[a-z][a-zA-Z0-9]*$/;
const SECTION = /^\d+(\.\d+)*$/;

const kebabId = z.string().regex(KEBAB_ID, 'Must be a kebab-case id');
const camelId = z.string().regex(CAMEL_ID, 'Must be a camelCase id');
const SectionSchema = z.string().regex(SECTION, 'Must be a section number such as 5.4.1');
/** Months from the merger date: ten years either way is plenty. */
const monthsSchema = z.int().min(-120).max(120);

const DeadlineSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('offset'), months: monthsSchema }),
  z.strictObject({ kind: z.literal('event'), event: kebabId }),
  z.strictObject({ kind: z.literal('date'), date: z.iso.date(), alsoEvent: kebabId.optional() }),
]);

const TaskSchema = z.strictObject({
  id: kebabId,
  title: limitedLocalized(120),
  detail: limitedLocalized(500),
  phase: z.enum(MERGER_PHASE_IDS),
  phaseBasis: z.enum(BASIS_VALUES),
  category: z.enum(TASK_CATEGORIES),
  deadline: DeadlineSchema.optional(),
  dependsOn: z.array(kebabId),
  alternatives: z.array(z.strictObject({ id: kebabId, label: LocalizedSchema })).min(2).optional(),
  condition: z.strictObject({ id: camelId, equals: z.boolean() }).optional(),
  nationalSolutions: z.array(kebabId),
  section: SectionSchema,
  minimum: LocalizedSchema.optional(),
});

const AreaSchema = z.strictObject({
  id: kebabId,
  section: SectionSchema,
  name: LocalizedSchema,
  group: LocalizedSchema,
  colour: z.enum(AREA_COLOURS),
  colourBasis: z.enum(BASIS_VALUES),
  priorityRank: z.int().positive(),
  overview: LocalizedSchema,
  keywords: z.array(nonEmpty).min(1),
  tasks: z.array(TaskSchema),
});

const PhaseSchema = z.strictObject({
  id: z.enum(MERGER_PHASE_IDS),
  order: z.int().positive(),
  name: LocalizedSchema,
  purpose: LocalizedSchema,
  startsWhen: LocalizedSchema,
  endsWhen: LocalizedSchema,
  typicalStartMonths: monthsSchema,
  exitTaskIds: z.array(kebabId),
  activities: z.array(
    z.strictObject({ id: kebabId, title: limitedLocalized(120), detail: limitedLocalized(500), section: SectionSchema }),
  ),
  sections: z.array(SectionSchema),
});

const GuideFileSchema = z.strictObject({
  _note: z.string().optional(),
  version: z.int().positive(),
  source: nonEmpty,
  phases: z.array(PhaseSchema).min(1),
  criticalActivities: z.array(
    z.strictObject({
      id: kebabId,
      section: SectionSchema,
      title: LocalizedSchema,
      summary: LocalizedSchema,
      keyPoints: z.array(LocalizedSchema).min(1),
    }),
  ),
  priorityOrder: z.array(
    z.strictObject({
      rank: z.int().positive(),
      label: LocalizedSchema,
      why: LocalizedSchema,
      areaIds: z.array(kebabId),
      section: SectionSchema,
    }),
  ),
  colours: z.record(z.enum(AREA_COLOURS), LocalizedSchema),
  deadlineEvents: z.array(z.strictObject({ id: kebabId, label: LocalizedSchema, offsetMonths: monthsSchema })),
  conditions: z.array(z.strictObject({ id: camelId, question: LocalizedSchema, help: LocalizedSchema.optional() })),
  nationalSolutions: z.array(
    z.strictObject({
      id: kebabId,
      name: nonEmpty,
      owner: nonEmpty,
      section: SectionSchema,
      what: LocalizedSchema,
      mustDo: z.array(LocalizedSchema).min(1),
      keywords: z.array(nonEmpty).min(1),
    }),
  ),
  synonyms: z.array(z.array(nonEmpty).min(2, 'A synonym group needs at least two words')),
});

const GuideSchema = GuideFileSchema.extend({ areas: z.array(AreaSchema) });

// The core types in guide-types.ts must be exactly what these schemas produce.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaTypesMatch: [
  Same<z.output<typeof GuideSchema>, MergerGuide>,
  Same<z.output<typeof AreaSchema>, ServiceArea>,
  Same<z.output<typeof TaskSchema>, GuideTask>,
] = [true, true, true];
void schemaTypesMatch;

type GuideFile = z.output<typeof GuideFileSchema>;

// ---------------------------------------------------------------------------------------------
// Issues

const errorMap: z.core.$ZodErrorMap = (iss) => {
  if (iss.code === 'invalid_format' && iss.format === 'date') return 'Must be a valid date (YYYY-MM-DD)';
  return configErrorMap(iss);
};

// ---------------------------------------------------------------------------------------------
// Files

interface LoadedFile<T> {
  /** Path shown in messages (relative to the working directory when inside it). */
  name: string;
  json: unknown;
  data?: T;
}

/** Collects problems per file so that every message names its file and JSON path. */
class Problems {
  readonly lines: string[] = [];

  file(name: string, message: string): void {
    this.lines.push(`${name}: ${message}`);
  }

  at(file: LoadedFile<unknown>, path: JsonPath, message: string): void {
    this.lines.push(`${file.name}: ${renderJsonPath(file.json, path)}: ${message}`);
  }
}

function loadFile<T>(path: string, schema: z.ZodType<T>, problems: Problems): LoadedFile<T> {
  const name = displayPath(path);
  const { json, error } = readJsonFile(path);
  if (error !== undefined) {
    problems.file(name, error);
    return { name, json: undefined };
  }
  const { data, issues } = parseConfig(schema, json, errorMap);
  const file: LoadedFile<T> = { name, json, data };
  issues.forEach((i) => problems.at(file, i.path, i.message));
  return file;
}

function listAreaFiles(areasDir: string, problems: Problems): string[] {
  try {
    return readdirSync(areasDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(areasDir, f));
  } catch (err) {
    problems.file(displayPath(areasDir), `cannot list the area files: ${(err as Error).message}`);
    return [];
  }
}

/** "5.9" < "5.10": compares section numbers part by part. */
export function compareSections(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Cross-checks

type AreaFile = LoadedFile<ServiceArea> & { data: ServiceArea };
type TaskAt = { file: AreaFile; index: number; task: GuideTask };

function duplicateIds<T extends { id: string }>(
  file: LoadedFile<unknown>,
  items: readonly T[],
  at: (i: number) => JsonPath,
  what: string,
  problems: Problems,
): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) problems.at(file, at(i), `Duplicate ${what} "${item.id}"`);
    seen.add(item.id);
  });
  return seen;
}

function checkGuideInternals(file: LoadedFile<GuideFile> & { data: GuideFile }, problems: Problems): void {
  const g = file.data;
  const phaseIds = g.phases.map((p) => p.id);
  if (phaseIds.join() !== MERGER_PHASE_IDS.join()) {
    problems.at(file, ['phases'], `Must list the phases ${MERGER_PHASE_IDS.join(', ')} in this order (found ${phaseIds.join(', ')})`);
  }
  g.phases.forEach((p, i) => {
    if (p.order !== i + 1) problems.at(file, ['phases', i, 'order'], `Must be ${i + 1} (position in the list)`);
    if (i > 0 && p.typicalStartMonths < (g.phases[i - 1]?.typicalStartMonths ?? -Infinity)) {
      problems.at(file, ['phases', i, 'typicalStartMonths'], 'Earlier than the previous phase');
    }
  });
  const activityIds = g.phases.flatMap((p, pi) => p.activities.map((a, ai) => ({ id: a.id, path: ['phases', pi, 'activities', ai, 'id'] })));
  const seenActivities = new Set<string>();
  for (const a of activityIds) {
    if (seenActivities.has(a.id)) problems.at(file, a.path, `Duplicate activity id "${a.id}"`);
    seenActivities.add(a.id);
  }
  duplicateIds(file, g.criticalActivities, (i) => ['criticalActivities', i, 'id'], 'critical activity id', problems);
  duplicateIds(file, g.deadlineEvents, (i) => ['deadlineEvents', i, 'id'], 'deadline event id', problems);
  duplicateIds(file, g.conditions, (i) => ['conditions', i, 'id'], 'condition id', problems);
  duplicateIds(file, g.nationalSolutions, (i) => ['nationalSolutions', i, 'id'], 'national solution id', problems);
  g.priorityOrder.forEach((s, i) => {
    const previous = g.priorityOrder[i - 1];
    if (previous && s.rank <= previous.rank) problems.at(file, ['priorityOrder', i, 'rank'], `Must be greater than the previous rank ${previous.rank}`);
  });
}

function checkAreaFileName(file: AreaFile, problems: Problems): void {
  const expected = `${file.data.section}-${file.data.id}.json`;
  if (basename(file.name) !== expected) problems.at(file, ['id'], `File name must be "${expected}"`);
}

function checkPriorityRank(file: AreaFile, g: GuideFile, problems: Problems): void {
  const area = file.data;
  const lastRank = Math.max(0, ...g.priorityOrder.map((s) => s.rank));
  const listedIn = g.priorityOrder.filter((s) => s.areaIds.includes(area.id)).map((s) => s.rank);
  if (listedIn.length > 0 && !listedIn.includes(area.priorityRank)) {
    problems.at(file, ['priorityRank'], `Must be ${listedIn.join(' or ')}: guide.json priorityOrder lists "${area.id}" under that rank`);
  } else if (listedIn.length === 0 && area.priorityRank !== lastRank + 1) {
    problems.at(file, ['priorityRank'], `Must be ${lastRank + 1} (last rank + 1): guide.json priorityOrder does not list "${area.id}"`);
  }
}

function checkTaskRefs(t: TaskAt, tasks: Map<string, TaskAt>, g: GuideFile, problems: Problems): void {
  const at = (...rest: (string | number)[]): JsonPath => ['tasks', t.index, ...rest];
  const events = new Set(g.deadlineEvents.map((e) => e.id));
  const solutions = new Set(g.nationalSolutions.map((s) => s.id));
  const conditions = new Set(g.conditions.map((c) => c.id));
  const seenDeps = new Set<string>();
  t.task.dependsOn.forEach((dep, i) => {
    if (dep === t.task.id) problems.at(t.file, at('dependsOn', i), 'A task cannot depend on itself');
    else if (!tasks.has(dep)) problems.at(t.file, at('dependsOn', i), `Task "${dep}" does not exist`);
    if (seenDeps.has(dep)) problems.at(t.file, at('dependsOn', i), `Duplicate dependency "${dep}"`);
    seenDeps.add(dep);
  });
  t.task.nationalSolutions.forEach((id, i) => {
    if (!solutions.has(id)) problems.at(t.file, at('nationalSolutions', i), `National solution "${id}" does not exist in guide.json`);
  });
  if (t.task.condition && !conditions.has(t.task.condition.id)) {
    problems.at(t.file, at('condition', 'id'), `Condition "${t.task.condition.id}" does not exist in guide.json`);
  }
  const d = t.task.deadline;
  if (d?.kind === 'event' && !events.has(d.event)) problems.at(t.file, at('deadline', 'event'), `Deadline event "${d.event}" does not exist in guide.json`);
  if (d?.kind === 'date' && d.alsoEvent !== undefined && !events.has(d.alsoEvent)) {
    problems.at(t.file, at('deadline', 'alsoEvent'), `Deadline event "${d.alsoEvent}" does not exist in guide.json`);
  }
  if (t.task.alternatives) {
    duplicateIds(t.file, t.task.alternatives, (i) => at('alternatives', i, 'id'), 'alternative id', problems);
  }
}

/** Every dependency cycle once, as the list of task ids from its smallest id back to it. */
export function findCycles(dependsOn: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const found = new Map<string, string[]>();
  const visit = (id: string): void => {
    state.set(id, 'active');
    stack.push(id);
    for (const dep of dependsOn.get(id) ?? []) {
      if (!dependsOn.has(dep)) continue;
      const s = state.get(dep);
      if (s === 'active') {
        const cycle = stack.slice(stack.indexOf(dep));
        const start = cycle.indexOf([...cycle].sort()[0] ?? dep);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        found.set(rotated.join('>'), [...rotated, rotated[0] ?? dep]);
      } else if (s === undefined) {
        visit(dep);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };
  [...dependsOn.keys()].sort().forEach((id) => state.has(id) || visit(id));
  return [...found.values()];
}

function crossCheck(guide: LoadedFile<GuideFile> & { data: GuideFile }, areaFiles: AreaFile[], problems: Problems): void {
  const g = guide.data;
  checkGuideInternals(guide, problems);

  const areaOwner = new Map<string, AreaFile>();
  const tasks = new Map<string, TaskAt>();
  for (const file of areaFiles) {
    checkAreaFileName(file, problems);
    checkPriorityRank(file, g, problems);
    const other = areaOwner.get(file.data.id);
    if (other) problems.at(file, ['id'], `Duplicate area id "${file.data.id}" (also in ${other.name})`);
    else areaOwner.set(file.data.id, file);
    file.data.tasks.forEach((task, index) => {
      const first = tasks.get(task.id);
      if (first) problems.at(file, ['tasks', index, 'id'], `Duplicate task id "${task.id}" (also in ${first.file.name})`);
      else tasks.set(task.id, { file, index, task });
    });
  }

  for (const t of tasks.values()) checkTaskRefs(t, tasks, g, problems);

  const cycles = findCycles(new Map([...tasks].map(([id, t]) => [id, t.task.dependsOn])));
  for (const cycle of cycles) {
    const first = tasks.get(cycle[0] ?? '');
    if (first) problems.at(first.file, ['tasks', first.index, 'dependsOn'], `Dependency cycle: ${cycle.join(' → ')}`);
  }

  g.phases.forEach((p, pi) =>
    p.exitTaskIds.forEach((id, i) => {
      if (!tasks.has(id)) problems.at(guide, ['phases', pi, 'exitTaskIds', i], `Task "${id}" does not exist`);
    }),
  );
  g.priorityOrder.forEach((s, si) =>
    s.areaIds.forEach((id, i) => {
      if (!areaOwner.has(id)) problems.at(guide, ['priorityOrder', si, 'areaIds', i], `Area "${id}" does not exist`);
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Loading

/**
 * Reads and validates `<configDir>/merger-guide/guide.json` and every
 * `<configDir>/merger-guide/areas/*.json`, areas sorted by section. Throws ConfigError whose
 * message lists every problem as "<file>: <json path>: <problem>", one per line.
 */
export function loadMergerGuide(configDir: string): MergerGuide {
  const problems = new Problems();
  const dir = join(configDir, 'merger-guide');
  const guide = loadFile(join(dir, 'guide.json'), GuideFileSchema, problems);
  const areaFiles = listAreaFiles(join(dir, 'areas'), problems).map((path) => loadFile(path, AreaSchema, problems));
  const validAreas = areaFiles.filter((f): f is AreaFile => f.data !== undefined);
  if (guide.data) crossCheck({ ...guide, data: guide.data }, validAreas, problems);
  if (areaFiles.length === 0 && problems.lines.length === 0) problems.file(displayPath(join(dir, 'areas')), 'contains no area files');
  if (problems.lines.length > 0 || !guide.data) throw new ConfigError(problems.lines.join('\n'));
  const areas = validAreas.map((f) => f.data).sort((a, b) => compareSections(a.section, b.section) || a.id.localeCompare(b.id));
  return { ...guide.data, areas };
}
