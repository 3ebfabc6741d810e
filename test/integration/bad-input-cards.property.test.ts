/**
 * Bad input at scale (issue 7), the Teams card submissions the reporting property test
 * (test/unit/bad-input.property.test.ts) leaves out: every other Action.Execute verb of the
 * cards under cards/teams (approval and review, merger checklist, digest, navigation), sent over
 * real HTTP to the whole bot (approval and digest wrappers included) with data built from the
 * card's valid payload and then made hostile: values replaced by any value (wrong types, 100k
 * strings, nesting to depth 200, lone surrogates), keys removed, `$`/dotted/`__proto__` keys
 * added. Whatever comes in: no crash, one clear answer (an Adaptive Card with text that the
 * adaptivecards library accepts and renders, or the localized "unknown button" for a malformed
 * action), no hostile key or uncleaned text in any stored document, and nothing changed when the
 * payload breaks the verb's contract (or the verb only reads). Roles: test/fixtures/roles.test.json.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Document } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AdaptiveCard } from '../../src/channels/teams/card-renderer.js';
import { MERGER_PHASE_IDS } from '../../src/core/merger/guide-types.js';
import { registrationKeys } from '../../src/core/merger/merger-registration.js';
import { loadBotTexts } from '../../src/settings/texts-schema.js';
import { libraryFindings, renderHtml, useAdaptiveCardsRenderer } from '../support/adaptive-card-validation.js';
import { useBotOverHttp } from '../support/bot-over-http.js';
import { anyString, hostileText, mutatedData, nested, objectOf, storedProblems, STACK_OR_INTERNALS, value } from '../support/hostile-input.js';
import { realContent } from '../support/merger-for-tests.js';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';
import { actionsOf, cardOf, visibleTexts, type InvokeResult, type TeamsTestClient, type TeamsUser } from '../support/teams-client.js';

const RUNS = 50;
const texts = loadBotTexts('config');
const http = useBotOverHttp({
  env: { ROLES_FILE: 'test/fixtures/roles.test.json', RATE_LIMIT_PER_MINUTE: '0', JOBS_ENABLED: 'false', DIGEST_STARTUP_DELAY_MS: '3600000', DIGEST_POLL_MS: '3600000' },
});
useAdaptiveCardsRenderer();

const user = (key: string, name: string, locale = 'nb-NO'): TeamsUser => ({ id: `29:${key}`, aadObjectId: `aad-${key}`, name, locale });
const KARI = user('kari', 'Kari Nordmann');
const RITA = user('rita', 'Rita Reviewer');
const CORA = user('cora', 'Cora Coordinator');
const EVE = user('eve', 'Eve Nobody', 'en-US');

/** The collections whose documents a card action may change; compared before and after each run. */
const STATE = ['reports', 'mergers', 'merger_task_states', 'digest_subscriptions', 'digest_outbox'] as const;
type Snapshot = Record<string, Document[]>;

async function snapshot(): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const name of STATE) out[name] = await http.db.collection(name).find({}).sort({ _id: 1 }).toArray();
  return out;
}

async function restore(to: Snapshot): Promise<void> {
  for (const name of STATE) {
    const col = http.db.collection(name);
    await col.deleteMany({});
    if (to[name]!.length > 0) await col.insertMany(to[name]!.map((d) => ({ ...d })));
  }
}

const same = (a: Snapshot, b: Snapshot) => JSON.stringify(a) === JSON.stringify(b);

/** Every document of every collection of the bot's database. */
async function everything(): Promise<Record<string, Document[]>> {
  const out: Record<string, Document[]> = {};
  for (const c of await http.db.listCollections({}, { nameOnly: true }).toArray()) out[c.name] = await http.db.collection(c.name).find({}).toArray();
  return out;
}

const textOf = (card: unknown) => visibleTexts(card).join('\n');

/**
 * A finding the adaptivecards library reports for every merger registration card, bad input or
 * not: its "Vet ikke ennå" choice has the value "" (the library reads "" as unset). The card still
 * renders and submits "" for that choice; reported separately, tolerated here on that card only.
 */
const EMPTY_CHOICE_VALUE = 'PropertyCantBeNull: All choices in an Input.ChoiceSet must have their title and value properties set.';

/** Version 1.5, no unexpanded template text, no library findings, renders to HTML. */
function expectValidCard(card: AdaptiveCard): void {
  expect(card.version).toBe('1.5');
  expect(JSON.stringify(card)).not.toContain('${');
  const registration = JSON.stringify(card.actions ?? []).includes('"merger.register"');
  expect(libraryFindings(card).filter((f) => !(registration && f === EMPTY_CHOICE_VALUE))).toEqual([]);
  expect(renderHtml(card).querySelectorAll('*').length).toBeGreaterThan(0);
}

/**
 * The answer to a card action, as Teams shows it: a card with something to read that the
 * adaptivecards library accepts, or (only for a malformed action) the localized "unknown button".
 */
function expectClearAnswer(res: InvokeResult, locale: 'nb' | 'en', malformed = false): AdaptiveCard | undefined {
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBeLessThan(500);
  expect(JSON.stringify(res.body ?? '')).not.toMatch(STACK_OR_INTERNALS);
  if (malformed) {
    expect(res.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { message: texts.messages.unknownAction[locale] } });
    return undefined;
  }
  expect(res.body.statusCode, JSON.stringify(res.body).slice(0, 300)).toBe(200);
  expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
  const card = res.body.value as AdaptiveCard;
  expect(textOf(card).trim()).not.toBe('');
  // What Teams accepts in a card (~80 KB), whatever was sent.
  expect(JSON.stringify(card).length).toBeLessThan(80_000);
  expectValidCard(card);
  return card;
}

// ---------------------------------------------------------------------------------------------
// The bot in a realistic state: a submitted report, a registered merger, a digest subscription

let baseline: Snapshot;
const fixture = {
  reportId: '',
  reportRev: 0,
  mergerId: '',
  mergerRev: 0,
  taskId: '',
  registration: {} as Record<string, unknown>,
  subscriptionId: '',
};
const clients = {} as Record<'kari' | 'rita' | 'cora' | 'eve' | 'kariMerger' | 'eveMerger' | 'kariNoMerger' | 'coraDigest', TeamsTestClient>;

function control(card: any): Record<string, unknown> {
  const next = actionsOf(card).find((a) => a.verb === 'report.next' || a.verb === 'report.submit');
  if (!next) throw new Error(`card has no next/submit button: ${textOf(card).slice(0, 300)}`);
  return next.data;
}

const oneYearAhead = (() => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`;
})();

beforeAll(async () => {
  const channel = () => `19:${randomUUID()}@thread.tacv2`;
  const mergerChannel = channel();
  const digestChannel = channel();
  Object.assign(clients, {
    kari: http.client(KARI),
    rita: http.client(RITA),
    cora: http.client(CORA),
    eve: http.client(EVE),
    kariMerger: http.client(KARI, mergerChannel, 'channel'),
    eveMerger: http.client(EVE, mergerChannel, 'channel'),
    kariNoMerger: http.client(KARI, channel(), 'channel'),
    coraDigest: http.client(CORA, digestChannel, 'channel'),
  });
  for (const c of [clients.rita, clients.cora]) await c.say('hjelp');

  // Kari submits a report of DFD, which Rita reviews.
  let card = cardOf((await clients.kari.say('ny rapport'))[0]);
  fixture.reportId = String(control(card)['_report']);
  for (const g of Object.keys(VALID_GROUP_INPUTS)) card = (await clients.kari.press('report.next', { ...control(card), ...VALID_GROUP_INPUTS[g] })).body.value;
  expect(textOf((await clients.kari.press('report.submit', control(card))).body.value)).toMatch(/sendt inn/);

  // A merger registered in a channel.
  await clients.kariMerger.say('<at>Samhandlingsbot</at> ny sammenslåing');
  const phaseCard = (await clients.kariMerger.press('merger.register', { name: 'Nye Asker', municipalities: 'Asker, Bærum', mergerDate: oneYearAhead, cond__usesFeide: 'true', cond__runsLegevakt: 'false', cond__onSvarUt: '' })).body.value;
  fixture.registration = actionsOf(phaseCard).find((a) => a.verb === 'merger.confirm')!.data;
  const next = (await clients.kariMerger.press('merger.confirm', { ...fixture.registration, phase: 'planlegging-og-anskaffelse' })).body.value;
  const task = actionsOf(next).find((a) => a.verb === 'merger.task')!;
  fixture.mergerId = String(task.data['_merger']);
  fixture.taskId = String(task.data['_task']);

  // A digest subscription in another channel.
  await clients.coraDigest.say('<at>Samhandlingsbot</at> abonner');

  baseline = await snapshot();
  const report = baseline['reports']!.find((r) => r['_id'] === fixture.reportId)!;
  expect(report['state']).toBe('INNSENDT');
  fixture.reportRev = report['rev'] as number;
  fixture.mergerRev = baseline['mergers']![0]!['rev'] as number;
  fixture.subscriptionId = String(baseline['digest_subscriptions']![0]!['_id']);
}, 60_000);

// ---------------------------------------------------------------------------------------------
// Every card verb, with who presses it, its valid payload and what it may change

type Kind = 'string' | 'rev';
interface Scenario {
  verb: string;
  /** Who may press it (the property picks one). */
  who: (keyof typeof clients)[];
  /** The payload the card sends. */
  base: () => Record<string, unknown>;
  /** Keys whose values are typed text (replaced by hostile text in some runs). */
  textKeys?: string[];
  /**
   * What the verb may change: nothing ('read'), anything (it ignores its data), or only when the
   * payload keeps the contract: only these keys, each of its type (any other key refused).
   */
  effect: 'read' | 'any' | { keys: Record<string, Kind>; extraKeysAllowed?: boolean };
  /** Some runs are expected to store something (the valid payload goes through). */
  writes?: boolean;
}

const isKind = (v: unknown, kind: Kind) => (kind === 'string' ? typeof v === 'string' : (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) || (typeof v === 'string' && /^\d{1,9}$/.test(v)));

function keepsContract(effect: Scenario['effect'], data: Record<string, unknown>): boolean {
  if (typeof effect === 'string') return true;
  return Object.entries(data).every(([k, v]) => {
    const kind = Object.hasOwn(effect.keys, k) ? effect.keys[k] : k.startsWith('reason__') ? effect.keys['reason__*'] : undefined;
    return kind ? isKind(v, kind) : !!effect.extraKeysAllowed;
  });
}

const APPROVAL_WHO: Scenario['who'] = ['rita', 'kari', 'cora', 'eve'];
const decideKeys = { _report: 'string', _rev: 'rev', sharingLevel: 'string', comment: 'string' } as const;
const reportRef = () => ({ _report: fixture.reportId, _rev: fixture.reportRev });
const nextPhase = () => MERGER_PHASE_IDS[MERGER_PHASE_IDS.indexOf('planlegging-og-anskaffelse' as never) + 1];

const SCENARIOS: Scenario[] = [
  { verb: 'approval.open', who: APPROVAL_WHO, base: () => ({ _report: fixture.reportId }), effect: 'read' },
  { verb: 'approval.approve', who: APPROVAL_WHO, base: () => ({ ...reportRef(), sharingLevel: 'KS_OG_STAT', comment: 'Godkjent.' }), textKeys: ['comment'], writes: true, effect: { keys: decideKeys } },
  { verb: 'approval.return', who: APPROVAL_WHO, base: () => ({ ...reportRef(), sharingLevel: '', comment: 'Mangler kostnader.' }), textKeys: ['comment'], writes: true, effect: { keys: decideKeys } },
  { verb: 'approval.withdraw', who: APPROVAL_WHO, base: reportRef, effect: 'read' },
  { verb: 'approval.withdrawConfirm', who: APPROVAL_WHO, base: reportRef, writes: true, effect: { keys: { _report: 'string', _rev: 'rev' } } },
  { verb: 'approval.queue', who: APPROVAL_WHO, base: () => ({}), effect: 'read' },
  { verb: 'nav.myReports', who: ['kari', 'eve'], base: () => ({}), effect: 'read' },
  { verb: 'nav.help', who: ['kari', 'eve'], base: () => ({}), effect: 'read' },
  { verb: 'nav.newReport', who: ['kari', 'eve'], base: () => ({}), writes: true, effect: 'any' },
  { verb: 'merger.register', who: ['kariNoMerger', 'kariMerger'], base: () => ({ ...fixture.registration }), textKeys: ['name', 'municipalities', 'mergerDate'], effect: 'read' },
  {
    verb: 'merger.confirm',
    who: ['kariNoMerger', 'kariMerger'],
    base: () => ({ ...fixture.registration, phase: 'planlegging-og-anskaffelse' }),
    textKeys: ['name', 'municipalities'],
    writes: true,
    effect: { keys: Object.fromEntries([...registrationKeys(realContent().mergerGuide), 'phase'].map((k) => [k, 'string' as const])) },
  },
  {
    verb: 'merger.task',
    who: ['kariMerger', 'eveMerger', 'kariNoMerger'],
    base: () => ({ _merger: fixture.mergerId, _task: fixture.taskId, _op: 'not_relevant', [`reason__${fixture.taskId}`]: 'Vi har felles løsning.' }),
    textKeys: [`reason__${fixture.taskId}`, '_op'],
    writes: true,
    effect: { keys: { _merger: 'string', _task: 'string', _op: 'string', 'reason__*': 'string' } },
  },
  { verb: 'merger.next', who: ['kariMerger', 'kariNoMerger'], base: () => ({}), effect: 'read' },
  { verb: 'merger.progress', who: ['kariMerger', 'kariNoMerger'], base: () => ({}), effect: 'read' },
  {
    verb: 'merger.advance',
    who: ['kariMerger', 'eveMerger', 'kariNoMerger'],
    base: () => ({ _merger: fixture.mergerId, _rev: String(fixture.mergerRev), _phase: nextPhase() }),
    effect: { keys: { _merger: 'string', _rev: 'rev', _phase: 'string' } },
  },
  // "Send now" reads only `_sub` and ignores any other key.
  { verb: 'digest.sendNow', who: ['cora', 'coraDigest', 'eve'], base: () => ({ _sub: fixture.subscriptionId }), writes: true, effect: { keys: { _sub: 'string' }, extraKeysAllowed: true } },
];

/** Hostile payloads every verb gets besides the generated ones: lone surrogates in ids and text, operators, prototype keys, depth. */
function examplesFor(scenario: Scenario): [keyof typeof clients, Record<string, unknown>][] {
  const base = scenario.base();
  const [first] = Object.keys(base);
  const payloads = [
    { ...base, $where: 'sleep(1000)' },
    objectOf([['__proto__', { isAdmin: true }], ...Object.entries(base)]),
    ...(first ? [{ ...base, [first]: 'a\uD800b' }, { ...base, [first]: nested(200, 'x') }] : []),
    ...(scenario.textKeys ?? []).map((k) => ({ ...base, [k]: '\uDC00 Kommentar \uD83D' })),
  ];
  return scenario.who.flatMap((who) => payloads.map((p) => [who, p] as [keyof typeof clients, Record<string, unknown>]));
}

const localeOf = (c: TeamsTestClient): 'nb' | 'en' => (c.user.locale.startsWith('en') ? 'en' : 'nb');

describe('every Teams card verb with hostile data', () => {
  it.each(SCENARIOS.map((s) => [s.verb, s] as const))(`%s: a clear answer, valid documents, nothing changed when refused (${RUNS} cases)`, async (_verb, scenario) => {
    const data = mutatedData(scenario.base(), scenario.textKeys ?? []);
    let changes = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...scenario.who), data, async (who, payload) => {
        const client = clients[who];
        const res = await client.press(scenario.verb, payload);
        expectClearAnswer(res, localeOf(client));
        const after = await snapshot();
        expect(storedProblems(after)).toEqual([]);
        const changed = !same(after, baseline);
        if (scenario.effect === 'read' || !keepsContract(scenario.effect, payload)) expect(changed, 'stored state changed').toBe(false);
        if (changed) {
          changes++;
          await restore(baseline);
        }
      }),
      { numRuns: RUNS, seed: 20261124, endOnFailure: true, examples: examplesFor(scenario) },
    );
    expect(storedProblems(await everything())).toEqual([]);
    // The runs reach the writing path too (the valid payload, some of its text hostile), not only refusals.
    if (scenario.writes) expect(changes).toBeGreaterThan(0);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Malformed actions: any verb, any data

const KNOWN_VERBS = SCENARIOS.map((s) => s.verb);
const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

describe('malformed card actions', () => {
  it(`any verb with any data (not an object, unknown or over-long verbs): the localized "unknown button" or a card, nothing changed by an unknown verb (${RUNS * 2} cases)`, async () => {
    const verb = fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...KNOWN_VERBS, 'report.next', 'report.submit', 'overview.link', 'slack.openForm', 'approval', 'merger.', 'nav.newReport ') },
      { weight: 2, arbitrary: anyString },
      { weight: 1, arbitrary: fc.constantFrom('$where', '__proto__', 'constructor', 'x'.repeat(65), 'a.b'.repeat(30), '') },
    );
    const data = fc.oneof({ weight: 2, arbitrary: value }, { weight: 1, arbitrary: mutatedData({}) });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<keyof typeof clients>('kari', 'eve', 'rita', 'kariMerger'), verb, data, async (who, v, d) => {
        const client = clients[who];
        const res = await client.press(v, d as Record<string, unknown>);
        const malformed = v.length > 64 || !isPlainObject(d);
        const card = expectClearAnswer(res, localeOf(client), malformed);
        const after = await snapshot();
        expect(storedProblems(after)).toEqual([]);
        const known = KNOWN_VERBS.includes(v) || v.startsWith('report.');
        if (!known && card) expect(textOf(card)).toContain(texts.messages.unknownAction[localeOf(client)]);
        if (!known || malformed) expect(same(after, baseline), 'stored state changed').toBe(true);
        if (!same(after, baseline)) await restore(baseline);
      }),
      { numRuns: RUNS * 2, seed: 424242, endOnFailure: true },
    );
    expect(storedProblems(await everything())).toEqual([]);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Free text to the whole bot: the approval and digest commands with hostile words after them

describe('free-text commands of the approval workflow and the digest', () => {
  it(`any words after a command, in any conversation: clear answers, never "try again", valid subscriptions (${RUNS} cases)`, async () => {
    const command = fc.constantFrom(
      'abonner', 'abonner på', 'subscribe', 'avslutt abonnement', 'abonnementer', 'ks-kanal', 'send sammendrag nå', 'forhåndsvis sammendrag', 'utsendingslogg',
      'til godkjenning', 'oversikt', 'mine rapporter', 'nye prosjekter', 'frister', 'hva gjør vi nå?', 'ny sammenslåing', 'hjelp', '',
    );
    const tail = fc.oneof(
      { weight: 3, arbitrary: hostileText },
      { weight: 2, arbitrary: fc.array(fc.constantFrom('helse', 'HOD', 'DFD', 'velferd', '$where', '{"$gt":""}', 'a.b', '__proto__', 'ks', 'ikke', 'drøftet', '3', 'måneder', '\uD800', 'x'.repeat(5_000)), { maxLength: 6 }).map((w) => w.join(' ')) },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<keyof typeof clients>('coraDigest', 'cora', 'kari', 'eveMerger'), command, tail, fc.boolean(), async (who, cmd, rest, mention) => {
        const client = clients[who];
        const replies = await client.say(`${mention ? '<at>Samhandlingsbot</at> ' : ''}${cmd} ${rest}`);
        expect(replies.length).toBeGreaterThan(0);
        for (const reply of replies) {
          expect(JSON.stringify(reply)).not.toMatch(STACK_OR_INTERNALS);
          const card = cardOf(reply);
          if (card) {
            expect(textOf(card).trim()).not.toBe('');
            expectValidCard(card);
          } else {
            expect(String(reply['text'] ?? '').trim()).not.toBe('');
            expect(reply['text']).not.toBe(texts.messages.tryAgain[localeOf(client)]);
          }
        }
        const after = await snapshot();
        expect(storedProblems(after)).toEqual([]);
        if (!same(after, baseline)) await restore(baseline);
      }),
      { numRuns: RUNS, seed: 777, endOnFailure: true },
    );
    expect(storedProblems(await everything())).toEqual([]);
  }, 120_000);
});
