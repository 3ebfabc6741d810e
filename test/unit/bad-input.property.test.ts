/**
 * Bad input at scale (issue 7): property-based tests with fast-check over every reporting card
 * submission, merger registration and free-text command, with wrongly typed, oversized, deeply
 * nested, `$`-keyed, dotted, `__proto__` and lone-surrogate input. Whatever comes in: no crash,
 * exactly one clear answer (a form with its errors, the next card or a notice) that renders as an
 * Adaptive Card, and the stored draft still has only template field ids as answer keys, each
 * value of its field's declared shape. Bounded runs keep CI fast.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCardRenderer } from '../../src/channels/teams/card-renderer.js';
import type { OutboundIntent } from '../../src/core/outbound.js';
import { choicesFor, findField, inputIdsFor } from '../../src/core/reporting/template-lookup.js';
import type { ReportRecord } from '../../src/core/reporting/report.js';
import { isDeadlinesValue, isMoneyValue, isPrecisionDate, isTokenValue } from '../../src/core/reporting/answer-types.js';
import type { FieldDef, ReportingContent } from '../../src/core/reporting/template-types.js';
import { formErrors, isCard, only, startConversationHarness, type ConversationHarness } from '../support/conversation-harness.js';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';

const RUNS = 200;
const renderer = loadCardRenderer('cards');
const GROUPS = Object.keys(VALID_GROUP_INPUTS);

let harness: ConversationHarness;
beforeAll(async () => {
  harness = await startConversationHarness({ prefix: 'property' });
});
afterAll(() => harness?.close());

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** Strings of any code unit, lone surrogates included (what a broken client or a fuzzer sends). */
const anyString = fc.string({ unit: 'binary', maxLength: 300 });
const hugeString = fc.constantFrom('x'.repeat(100_000), '🙂'.repeat(30_000), '\uD800'.repeat(10_000), 'a\u0000b'.repeat(5_000));
const hostileKey = fc.constantFrom('$set', '$where', '$gt', 'a.b', 'answers.projectName', '__proto__', 'constructor', 'prototype', '', ' ', '_rev', '_step', '_report', '_goto', 'toString');

function nested(depth: number, leaf: unknown): unknown {
  let node = leaf;
  for (let i = 0; i < depth; i++) node = i % 3 === 0 ? [node] : { [i % 2 === 0 ? '$gt' : 'x.y']: node };
  return node;
}

const scalar = fc.oneof(anyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('true', 'false', '0', '-1', '1e309', 'NaN', '31.02.2026', '2026-13-45', 'Infinity'));
const value = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: hugeString },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  // Plain objects only: card data arrives as JSON, and JSON.parse never makes null-prototype objects.
  { weight: 2, arbitrary: fc.dictionary(fc.oneof(hostileKey, anyString), scalar, { maxKeys: 4, noNullPrototype: true }) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 200 }), scalar).map(([d, leaf]) => nested(d, leaf)) },
);

/** Card data: the group's real input ids, hostile keys and random keys, each with any value. */
function cardData(inputIds: string[]) {
  const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...inputIds) }, { weight: 2, arbitrary: hostileKey }, { weight: 1, arbitrary: anyString });
  return fc.array(fc.tuple(key, value), { maxLength: 8 }).map((entries) => {
    const data: Record<string, unknown> = {};
    // defineProperty, so that "__proto__" becomes an own key as JSON.parse makes it.
    for (const [k, v] of entries) Object.defineProperty(data, k, { value: v, enumerable: true, configurable: true, writable: true });
    return data;
  });
}

// ---------------------------------------------------------------------------------------------
// What a stored report may contain

/** No lone surrogate (String.prototype.isWellFormed is not in this TypeScript lib). */
const isWellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

function shapeProblem(field: FieldDef, v: unknown, content: ReportingContent): string | undefined {
  const allowed = () => new Set(choicesFor(field, content).map((c) => c.value));
  const text = (s: unknown, max = field.maxLength ?? 100_000) =>
    typeof s === 'string' && [...s].length <= max && isWellFormed(s) ? undefined : `not a well-formed text ≤ ${max}: ${JSON.stringify(s).slice(0, 80)}`;
  const money = (m: unknown) => (isMoneyValue(m) && Number.isFinite(m.amount) && typeof m.raw === 'string' && isWellFormed(m.raw) ? undefined : `not money: ${JSON.stringify(m)}`);
  switch (field.type) {
    case 'text':
    case 'longtext':
    case 'email':
    case 'url':
      return text(v);
    case 'enum':
      return typeof v === 'string' && allowed().has(v) ? undefined : `not a choice: ${JSON.stringify(v)}`;
    case 'multiselect':
      return Array.isArray(v) && v.every((x) => typeof x === 'string' && allowed().has(x)) ? undefined : `not choices: ${JSON.stringify(v)}`;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'not a boolean';
    case 'money':
    case 'signedMoney':
      return money(v);
    case 'moneyOrNotCalculated':
      return isTokenValue(v) ? (v.token === 'IKKE_BEREGNET' ? undefined : 'bad token') : money(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? undefined : 'not a finite number';
    case 'date':
      return isPrecisionDate(v) ? undefined : 'not a date';
    case 'endDate':
      return isPrecisionDate(v) || isTokenValue(v) ? undefined : 'not an end date';
    case 'deadlines':
      return isDeadlinesValue(v) && v.entries.every((e) => isPrecisionDate(e.date) && text(e.what) === undefined && typeof e.mandatory === 'boolean') ? undefined : 'not deadlines';
    case 'sizeBandCosts':
      return v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((m) => money(m) === undefined) ? undefined : 'not size band costs';
    case 'textList':
      return Array.isArray(v) && v.every((x) => text(x) === undefined) ? undefined : 'not a text list';
    default:
      return `unknown field type ${String(field.type)}`;
  }
}

/** Every key of a stored document, at any depth: none may be an operator, a path or a prototype key. */
function badKeys(doc: unknown, path = ''): string[] {
  if (Array.isArray(doc)) return doc.flatMap((x, i) => badKeys(x, `${path}[${i}]`));
  if (!doc || typeof doc !== 'object' || doc instanceof Date) return [];
  return Object.keys(doc).flatMap((k) => [
    ...(k.startsWith('$') || k.includes('.') || k === '__proto__' || k === 'constructor' ? [`${path}.${k}`] : []),
    ...badKeys((doc as Record<string, unknown>)[k], `${path}.${k}`),
  ]);
}

function storedProblems(report: ReportRecord | null, content: ReportingContent): string[] {
  if (!report) return ['report missing'];
  const problems = badKeys(report);
  for (const [id, v] of Object.entries(report.answers)) {
    const field = findField(content, id);
    if (!field) problems.push(`answer key ${JSON.stringify(id)} is no template field`);
    else {
      const p = shapeProblem(field, v, content);
      if (p) problems.push(`${id}: ${p}`);
    }
  }
  return problems;
}

/** The answer renders as an Teams card, and is one of the cards a user can act on. */
function expectClearAnswer(intents: OutboundIntent[]): OutboundIntent {
  const answer = only(intents);
  expect(answer.kind).toBe('card');
  expect(['group-form', 'summary', 'notice']).toContain(answer.kind === 'card' ? answer.cardId : '');
  const card = renderer.render(answer as never);
  expect(JSON.stringify(card).length).toBeLessThan(80_000);
  return answer;
}

// ---------------------------------------------------------------------------------------------

let userSeq = 0;

describe('reporting card submissions', () => {
  it(`any data on any group's card: a clear answer and a valid stored draft (${RUNS} cases)`, async () => {
    const content = harness.content;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: GROUPS.length - 1 }), fc.constantFrom('nb', 'en'), fc.boolean(), fc.context(), async (groupIndex, locale, back, ctx) => {
        const u = harness.user({ userId: `prop-${++userSeq}`, name: 'Kari Nordmann', locale });
        await u.say('ny rapport');
        for (const group of GROUPS.slice(0, groupIndex)) await u.next(VALID_GROUP_INPUTS[group]);
        const step = String(u.control()['_step']);
        const group = content.template.groups.find((g) => g.id === step)!;
        const inputIds = group.fields.flatMap((id) => inputIdsFor(findField(content, id)!, content));
        const junk = fc.sample(cardData(inputIds), { numRuns: 1, seed: groupIndex * 7919 + userSeq })[0]!;
        ctx.log(`step ${step}, data ${JSON.stringify(junk).slice(0, 300)}`);
        const reportId = u.reportId();
        // As Teams sends it: the card's controls and prefilled inputs, then whatever else arrived.
        const data = Object.assign({ ...u.control(), ...u.cardInputs() }, junk);
        const answer = expectClearAnswer(await u.press(back ? 'report.back' : 'report.next', data));
        if (isCard(answer, 'group-form') && answer.data.control._step === step && !back) {
          // Kept on the same card: it says what is wrong.
          expect(formErrors(answer.data).length + answer.data.notices.length).toBeGreaterThan(0);
        }
        expect(storedProblems(await harness.stored(reportId), content)).toEqual([]);
      }),
      { numRuns: RUNS, seed: 20261123, endOnFailure: true },
    );
  }, 120_000);

  it('the whole card data replaced by a non-object, or controls of the wrong type, is answered with a notice or the card', async () => {
    await fc.assert(
      fc.asyncProperty(value, fc.constantFrom('_report', '_rev', '_step', '_goto'), async (v, control) => {
        const u = harness.user({ userId: `prop-${++userSeq}`, name: 'Ola', locale: 'nb' });
        await u.say('ny rapport');
        const reportId = u.reportId();
        const data = { ...u.control(), ...u.cardInputs() };
        Object.defineProperty(data, control, { value: v, enumerable: true });
        for (const verb of ['report.next', 'report.back', 'report.edit', 'report.submit', 'report.resume', 'report.update']) {
          expectClearAnswer(await u.press(verb, data));
        }
        expect(storedProblems(await harness.stored(reportId), harness.content)).toEqual([]);
      }),
      { numRuns: 60, seed: 7 },
    );
  }, 120_000);
});

describe('merger registration card', () => {
  it(`any data: a clear answer, never a crash (${RUNS / 2} cases)`, async () => {
    const inputIds = ['name', 'municipalities', 'mergerDate', 'cond__usesFeide', 'cond__runsLegevakt', 'cond__onSvarUt'];
    await fc.assert(
      fc.asyncProperty(cardData(inputIds), async (data) => {
        const u = harness.user({ userId: `prop-${++userSeq}`, name: 'Per', locale: 'nb' });
        const intents = await u.press('merger.register', data);
        expect(intents.length).toBeGreaterThan(0);
        for (const intent of intents) if (intent.kind === 'card') renderer.render(intent as never);
        const stored = await harness.db.collection('mergers').find({ conversationKey: `teams:conv-${u.actor.userId}` }).toArray();
        expect(stored.flatMap((m) => badKeys(m))).toEqual([]);
      }),
      { numRuns: RUNS / 2, seed: 42 },
    );
  }, 120_000);
});

describe('free-text commands', () => {
  it(`any text, of any length and code units: one clear answer (${RUNS} cases)`, async () => {
    const text = fc.oneof(
      { weight: 5, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 100 }) },
      { weight: 1, arbitrary: hugeString },
      { weight: 1, arbitrary: fc.constantFrom('<at>Samhandlingsbot</at>', '$where', '{"$gt": ""}', 'ny rapport\u0000', 'HJELP', 'mine rapporter '.repeat(50), '\u202Eny rapport', 'hva gjør vi nå?'.repeat(100)) },
    );
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom('nb', 'en'), async (t, locale) => {
        const u = harness.user({ userId: `prop-${++userSeq}`, name: 'Lise', locale });
        const intents = await u.say(t);
        expect(intents.length).toBeGreaterThan(0);
        for (const intent of intents) {
          if (intent.kind === 'text') expect(intent.text.trim()).not.toBe('');
          else expect(JSON.stringify(renderer.render(intent as never)).length).toBeLessThan(80_000);
        }
      }),
      { numRuns: RUNS, seed: 99 },
    );
  }, 120_000);
});
