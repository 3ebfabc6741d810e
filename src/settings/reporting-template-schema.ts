import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import {
  describeIssues,
  displayPath,
  LocalizedSchema,
  parseConfig,
  readJsonFile,
  type ConfigIssue,
  type JsonPath,
} from './json-config.js';
import {
  CHECK_NAMES,
  CHECK_SEVERITIES,
  CHOICE_FIELD_TYPES,
  CHOICE_SOURCES,
  DISPLAY_TEXT_KEYS,
  ERROR_MESSAGE_KEYS,
  FIELD_TYPES,
  NOTICE_MESSAGE_KEYS,
  REPORT_FLAGS,
  REQUIRED_MODES,
  TEXT_FIELD_TYPES,
  WARNING_MESSAGE_KEYS,
  isCheckCondition,
  type Choice,
  type ConditionDef,
  type FieldDef,
  type Organisations,
  type ReportingContent,
  type ReportingTemplate,
  type ValidationMessages,
} from '../core/reporting/template-types.js';

export { ConfigError };
export type { ReportingContent };

/*
 * zod schemas for config/reporting-template.json, config/organisations.json and
 * config/validation-messages.json, plus the cross-checks zod cannot express. Every problem is
 * reported as "<file>: <json path>: <problem>", with array indices replaced by the element's id.
 */

// ---------------------------------------------------------------------------------------------
// Schemas

const SCREAMING_ID = /^[A-Z][A-Z0-9_]*$/;
/** camelCase only: field ids become card input ids, so no ".", "$" or "__". */
const FIELD_ID = /^[a-z][a-zA-Z0-9]*$/;
const KEBAB_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const BAND_ID = /^[a-z][a-z0-9]*$/;

const ChoiceSchema = z.strictObject({
  value: z.string().regex(SCREAMING_ID, 'Must be a SCREAMING_SNAKE id'),
  label: LocalizedSchema,
  exclusive: z.boolean().optional(),
});

const positiveInt = z.int().positive();

const FieldSchema = z.strictObject({
  id: z.string().regex(FIELD_ID, 'Must be a camelCase id'),
  code: z.string().regex(/^[A-I]\d{1,2}[a-z]?$/, 'Must be a section code such as A1 or F7b'),
  type: z.enum(FIELD_TYPES),
  required: z.enum(REQUIRED_MODES),
  label: LocalizedSchema,
  help: LocalizedSchema.optional(),
  minLength: positiveInt.optional(),
  maxLength: positiveInt.optional(),
  choices: z.array(ChoiceSchema).min(1).optional(),
  choicesFrom: z.enum(CHOICE_SOURCES).optional(),
  maxItems: positiveInt.optional(),
  itemMaxLength: positiveInt.optional(),
  maxRows: positiveInt.max(10).optional(),
  decimals: z.int().min(0).max(6).optional(),
  confirmAbove: z.number().positive().optional(),
});

const GroupSchema = z.strictObject({
  id: z.string().regex(KEBAB_ID, 'Must be a kebab-case id'),
  code: z.string().trim().min(1),
  title: LocalizedSchema,
  intro: LocalizedSchema.optional(),
  fields: z.array(z.string()).min(1),
});

const PredicateSchema = z.union([
  z.strictObject({ field: z.string(), in: z.array(z.string()).min(1) }),
  z.strictObject({ field: z.string(), notIn: z.array(z.string()).min(1) }),
]);

const RequireConditionSchema = z.strictObject({
  id: z.string().regex(KEBAB_ID, 'Must be a kebab-case id'),
  when: PredicateSchema,
  require: z.array(z.string()).min(1),
  note: z.string().optional(),
});

const CheckConditionSchema = z.strictObject({
  id: z.string().regex(KEBAB_ID, 'Must be a kebab-case id'),
  check: z.enum(CHECK_NAMES),
  severity: z.enum(CHECK_SEVERITIES),
  when: PredicateSchema.optional(),
  fields: z.array(z.string()).min(1),
  note: z.string().optional(),
});

const SizeBandSchema = z.strictObject({
  id: z.string().regex(BAND_ID, 'Must be a lower-case id'),
  label: LocalizedSchema,
  minInhabitants: z.int().min(0),
  maxInhabitants: z.int().positive().nullable(),
});

const TemplateSchema = z.strictObject({
  _note: z.string().optional(),
  version: positiveInt,
  limits: z.strictObject({
    maxListItems: positiveInt,
    threshold: z.int().min(0),
    startDateMin: z.iso.date(),
    startDateMaxYearsAhead: positiveInt,
  }),
  sizeBands: z.array(SizeBandSchema).min(1),
  fields: z.array(FieldSchema).min(1),
  groups: z.array(GroupSchema).min(1),
  conditions: z.array(z.union([RequireConditionSchema, CheckConditionSchema])),
});

const OrganisationsSchema = z.strictObject({
  _note: z.string().optional(),
  agencies: z
    .array(
      z.strictObject({
        id: z.string().regex(SCREAMING_ID, 'Must be a SCREAMING_SNAKE id'),
        name: LocalizedSchema,
        ministry: z.string().min(1),
      }),
    )
    .min(1),
  ministries: z
    .array(
      z.strictObject({
        id: z.string().regex(SCREAMING_ID, 'Must be a SCREAMING_SNAKE id'),
        short: z.string().trim().min(1),
        name: LocalizedSchema,
      }),
    )
    .min(1),
});

function keyedLocalized<K extends string>(keys: readonly K[]) {
  const shape = Object.fromEntries(keys.map((k) => [k, LocalizedSchema])) as { [P in K]: typeof LocalizedSchema };
  return z.strictObject(shape);
}

const MessagesSchema = z.strictObject({
  _note: z.string().optional(),
  errors: keyedLocalized(ERROR_MESSAGE_KEYS),
  notices: keyedLocalized(NOTICE_MESSAGE_KEYS),
  warnings: keyedLocalized(WARNING_MESSAGE_KEYS),
  flags: keyedLocalized(REPORT_FLAGS),
  display: keyedLocalized(DISPLAY_TEXT_KEYS),
});

// The core types in template-types.ts must be exactly what these schemas produce.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaTypesMatch: [
  Same<z.output<typeof TemplateSchema>, ReportingTemplate>,
  Same<z.output<typeof OrganisationsSchema>, Organisations>,
  Same<z.output<typeof MessagesSchema>, ValidationMessages>,
] = [true, true, true];
void schemaTypesMatch;

// ---------------------------------------------------------------------------------------------
// Issues and their rendering

const FILES = {
  template: 'reporting-template.json',
  organisations: 'organisations.json',
  messages: 'validation-messages.json',
} as const;
type FileKey = keyof typeof FILES;

/** Array elements are named by their `id`, else their `value`: "fields.3.label.en" → "fields.projectName.label.en". */
const ELEMENT_NAME_KEYS = ['id', 'value'];

// ---------------------------------------------------------------------------------------------
// Cross-checks: reporting-template.json

function duplicates<T>(items: readonly T[], key: (t: T) => string, at: (i: number) => JsonPath, what: string): ConfigIssue[] {
  const seen = new Set<string>();
  const issues: ConfigIssue[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) issues.push({ path: at(i), message: `Duplicate ${what} "${k}"` });
    seen.add(k);
  });
  return issues;
}

function choiceValuesFor(field: FieldDef, orgs: Organisations | undefined): string[] | undefined {
  const own = (field.choices ?? []).map((c) => c.value);
  if (!field.choicesFrom) return own;
  if (!orgs) return undefined;
  return [...orgs[field.choicesFrom].map((o) => o.id), ...own];
}

function checkGroupMembership(t: ReportingTemplate): ConfigIssue[] {
  const fieldIds = new Set(t.fields.map((f) => f.id));
  const owner = new Map<string, string>();
  const issues: ConfigIssue[] = [];
  t.groups.forEach((g, gi) =>
    g.fields.forEach((fid, fi) => {
      const path = ['groups', gi, 'fields', fi];
      if (!fieldIds.has(fid)) issues.push({ path, message: `Field "${fid}" does not exist` });
      else if (owner.has(fid)) issues.push({ path, message: `Field "${fid}" is already in group "${owner.get(fid)}"` });
      else owner.set(fid, g.id);
    }),
  );
  t.fields.forEach((f, i) => {
    if (!owner.has(f.id)) issues.push({ path: ['fields', i], message: `Field "${f.id}" is in no group` });
  });
  return issues;
}

function checkFieldChoices(f: FieldDef, i: number): ConfigIssue[] {
  const at = (...rest: (string | number)[]): JsonPath => ['fields', i, ...rest];
  const isChoice = CHOICE_FIELD_TYPES.includes(f.type);
  if (!isChoice && (f.choices || f.choicesFrom)) return [{ path: at('type'), message: `Type "${f.type}" cannot have choices` }];
  if (isChoice && !f.choices && !f.choicesFrom) return [{ path: at('choices'), message: 'Required for enum and multiselect fields' }];
  return duplicates(f.choices ?? [], (c: Choice) => c.value, (ci) => at('choices', ci, 'value'), 'choice value');
}

function checkFieldLengths(f: FieldDef, i: number): ConfigIssue[] {
  const at = (key: string): JsonPath => ['fields', i, key];
  const isText = TEXT_FIELD_TYPES.includes(f.type);
  const hasLength = f.minLength !== undefined || f.maxLength !== undefined;
  const problems: [boolean, string, string][] = [
    [isText && f.maxLength === undefined, 'maxLength', `Required for type "${f.type}"`],
    [!isText && f.type !== 'deadlines' && hasLength, 'maxLength', `Type "${f.type}" takes no length limits`],
    [f.minLength !== undefined && f.maxLength !== undefined && f.minLength > f.maxLength, 'minLength', 'Greater than maxLength'],
    [f.type === 'textList' && f.itemMaxLength === undefined, 'itemMaxLength', 'Required for type "textList"'],
    [f.type === 'deadlines' && (f.maxRows === undefined || f.maxLength === undefined), 'maxRows', 'Type "deadlines" needs maxRows and maxLength'],
  ];
  return problems.filter(([broken]) => broken).map(([, key, message]) => ({ path: at(key), message }));
}

function checkConditionRefs(c: ConditionDef, ci: number, fields: Map<string, FieldDef>, orgs: Organisations | undefined): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const at = (...rest: (string | number)[]): JsonPath => ['conditions', ci, ...rest];
  const listed = isCheckCondition(c) ? c.fields : c.require;
  const listKey = isCheckCondition(c) ? 'fields' : 'require';
  listed.forEach((fid, i) => {
    if (!fields.has(fid)) issues.push({ path: at(listKey, i), message: `Field "${fid}" does not exist` });
  });
  if (!c.when) return issues;
  const whenField = fields.get(c.when.field);
  if (!whenField) return [...issues, { path: at('when', 'field'), message: `Field "${c.when.field}" does not exist` }];
  const allowed = choiceValuesFor(whenField, orgs);
  const [key, values] = 'in' in c.when ? ['in', c.when.in] : ['notIn', c.when.notIn];
  values.forEach((v, i) => {
    if (allowed && !allowed.includes(v)) issues.push({ path: at('when', key, i), message: `"${v}" is not a choice of field "${whenField.id}"` });
  });
  return issues;
}

function checkConditionalFieldsAreUsed(t: ReportingTemplate): ConfigIssue[] {
  const referenced = new Set(t.conditions.flatMap((c) => (isCheckCondition(c) ? c.fields : c.require)));
  return t.fields.flatMap((f, i) =>
    f.required === 'conditional' && !referenced.has(f.id)
      ? [{ path: ['fields', i, 'required'], message: `"conditional" but no condition names field "${f.id}"` }]
      : [],
  );
}

function crossCheckTemplate(t: ReportingTemplate, orgs: Organisations | undefined): ConfigIssue[] {
  const fields = new Map(t.fields.map((f) => [f.id, f]));
  return [
    ...duplicates(t.fields, (f) => f.id, (i) => ['fields', i, 'id'], 'field id'),
    ...duplicates(t.groups, (g) => g.id, (i) => ['groups', i, 'id'], 'group id'),
    ...duplicates(t.conditions, (c) => c.id, (i) => ['conditions', i, 'id'], 'condition id'),
    ...duplicates(t.sizeBands, (b) => b.id, (i) => ['sizeBands', i, 'id'], 'size band id'),
    ...checkGroupMembership(t),
    ...t.fields.flatMap((f, i) => [...checkFieldChoices(f, i), ...checkFieldLengths(f, i)]),
    ...t.fields.flatMap((f, i) => {
      const values = choiceValuesFor(f, orgs);
      if (!f.choicesFrom || !values) return [];
      return duplicates(values, (v) => v, () => ['fields', i, 'choices'], 'choice value');
    }),
    ...t.conditions.flatMap((c, i) => checkConditionRefs(c, i, fields, orgs)),
    ...checkConditionalFieldsAreUsed(t),
  ];
}

// ---------------------------------------------------------------------------------------------
// Cross-checks: organisations.json and validation-messages.json

function crossCheckOrganisations(o: Organisations): ConfigIssue[] {
  const ministries = new Set(o.ministries.map((m) => m.id));
  return [
    ...duplicates(o.agencies, (a) => a.id, (i) => ['agencies', i, 'id'], 'agency id'),
    ...duplicates(o.ministries, (m) => m.id, (i) => ['ministries', i, 'id'], 'ministry id'),
    ...o.agencies.flatMap((a, i) =>
      ministries.has(a.ministry) ? [] : [{ path: ['agencies', i, 'ministry'], message: `Ministry "${a.ministry}" does not exist` }],
    ),
  ];
}

function placeholders(text: string): string {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort().join(',');
}

function crossCheckMessages(m: ValidationMessages): ConfigIssue[] {
  const sections = ['errors', 'notices', 'warnings', 'flags', 'display'] as const;
  return sections.flatMap((section) =>
    Object.entries(m[section]).flatMap(([key, text]) =>
      placeholders(text.nb) === placeholders(text.en)
        ? []
        : [{ path: [section, key], message: `nb uses {${placeholders(text.nb)}} but en uses {${placeholders(text.en)}}` }],
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Loading

interface Loaded<T> {
  name: string;
  json: unknown;
  data?: T;
  problems: string[];
}

function loadOne<T>(configDir: string, key: FileKey, schema: z.ZodType<T>): Loaded<T> {
  const name = displayPath(join(configDir, FILES[key]));
  const { json, error } = readJsonFile(join(configDir, FILES[key]));
  if (error !== undefined) return { name, json, problems: [`${name}: ${error}`] };
  const { data, issues } = parseConfig(schema, json);
  return { name, json, data, problems: describe(name, json, issues) };
}

function describe(name: string, json: unknown, issues: readonly ConfigIssue[]): string[] {
  return describeIssues(name, json, issues, ELEMENT_NAME_KEYS);
}

/**
 * Reads and validates the three reporting config files in `configDir`. Throws ConfigError whose
 * message lists every problem as "<file>: <json path>: <problem>", one per line.
 */
export function loadReportingContent(configDir: string): ReportingContent {
  const template = loadOne(configDir, 'template', TemplateSchema);
  const organisations = loadOne(configDir, 'organisations', OrganisationsSchema);
  const messages = loadOne(configDir, 'messages', MessagesSchema);
  const problems = [...template.problems, ...organisations.problems, ...messages.problems];
  if (organisations.data) problems.push(...describe(organisations.name, organisations.json, crossCheckOrganisations(organisations.data)));
  if (messages.data) problems.push(...describe(messages.name, messages.json, crossCheckMessages(messages.data)));
  if (template.data) problems.push(...describe(template.name, template.json, crossCheckTemplate(template.data, organisations.data)));
  if (problems.length > 0 || !template.data || !organisations.data || !messages.data) throw new ConfigError(problems.join('\n'));
  return { template: template.data, organisations: organisations.data, messages: messages.data };
}
