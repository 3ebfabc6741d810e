import { pick, type Locale } from '../i18n.js';
import type { Choice, FieldDef, GroupDef, ReportingContent } from './template-types.js';

/*
 * Lookups in the reporting template: fields and groups by id, a field's choices and label, and
 * the card input ids a field is entered through.
 */

interface ContentIndex {
  fields: Map<string, FieldDef>;
  groups: Map<string, GroupDef>;
  groupOfField: Map<string, GroupDef>;
}

const indexCache = new WeakMap<ReportingContent, ContentIndex>();

function indexOf(content: ReportingContent): ContentIndex {
  const cached = indexCache.get(content);
  if (cached) return cached;
  const { fields, groups } = content.template;
  const index: ContentIndex = {
    fields: new Map(fields.map((f) => [f.id, f])),
    groups: new Map(groups.map((g) => [g.id, g])),
    groupOfField: new Map(groups.flatMap((g) => g.fields.map((fid) => [fid, g] as const))),
  };
  indexCache.set(content, index);
  return index;
}

export function findField(content: ReportingContent, fieldId: string): FieldDef | undefined {
  return indexOf(content).fields.get(fieldId);
}

export function findGroup(content: ReportingContent, groupId: string): GroupDef | undefined {
  return indexOf(content).groups.get(groupId);
}

export function groupOfField(content: ReportingContent, fieldId: string): GroupDef | undefined {
  return indexOf(content).groupOfField.get(fieldId);
}

/** The field's label in `locale`; the field id itself when the template has no such field. */
export function labelOf(content: ReportingContent, fieldId: string, locale: Locale): string {
  const field = findField(content, fieldId);
  return field ? pick(field.label, locale) : fieldId;
}

/** The field's choices: the organisations list it names (if any), then its own extra choices. */
export function choicesFor(field: FieldDef, content: ReportingContent): Choice[] {
  const own = field.choices ?? [];
  if (!field.choicesFrom) return own;
  const listed = content.organisations[field.choicesFrom].map((o): Choice => ({ value: o.id, label: o.name }));
  return [...listed, ...own];
}

// ---------------------------------------------------------------------------------------------
// Card input ids

const INPUT_ID_SEPARATOR = '__';

export type DeadlinePart = 'date' | 'what' | 'mandatory';

const DEADLINE_PARTS: readonly DeadlinePart[] = ['date', 'what', 'mandatory'];

export function sizeBandInputId(fieldId: string, bandId: string): string {
  return [fieldId, bandId].join(INPUT_ID_SEPARATOR);
}

export function deadlineInputId(fieldId: string, row: number, part: DeadlinePart): string {
  return [fieldId, row, part].join(INPUT_ID_SEPARATOR);
}

export function deadlinesNotSetInputId(fieldId: string): string {
  return [fieldId, 'notSet'].join(INPUT_ID_SEPARATOR);
}

/** What follows the field id in a composite input id: ["2", "date"], ["notSet"], ["liten"]; [] for plain fields. */
export function inputIdSuffix(inputId: string): string[] {
  return inputId.split(INPUT_ID_SEPARATOR).slice(1);
}

/** Row numbers 1…maxRows of a deadlines field. */
export function deadlineRows(field: FieldDef): number[] {
  return Array.from({ length: field.maxRows ?? 1 }, (_, i) => i + 1);
}

/** The card input ids a field uses. Composite fields use `__` separators, never "." or "$". */
export function inputIdsFor(field: FieldDef, content: ReportingContent): string[] {
  if (field.type === 'sizeBandCosts') return content.template.sizeBands.map((b) => sizeBandInputId(field.id, b.id));
  if (field.type !== 'deadlines') return [field.id];
  const rowIds = deadlineRows(field).flatMap((row) => DEADLINE_PARTS.map((part) => deadlineInputId(field.id, row, part)));
  return [...rowIds, deadlinesNotSetInputId(field.id)];
}

/** How a list answer is written into its single card input: comma-separated choices, or one item a line. */
export function listInputText(field: FieldDef, values: readonly string[]): string {
  return values.join(field.type === 'multiselect' ? ',' : '\n');
}
