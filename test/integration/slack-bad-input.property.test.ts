/**
 * Bad input at scale (issue 7) on Slack, over real HTTP with signed requests: every kind of modal
 * the bot opens (a report group, the report summary, merger registration and phase, the task's
 * "not relevant" reason, the reviewer's approve and return) submitted with fast-check
 * `view.state.values`: the modal's valid values made hostile (elements of the wrong type, values of
 * any type, 100k strings, nesting to depth 200, lone surrogates, `$`/dotted/`__proto__` block and
 * action ids, blocks added and removed) or fully random state. Whatever comes in: HTTP 200 within
 * Slack's 3 s, an acknowledgement that is `errors` (keyed by input blocks of the modal, with a
 * message each), `update` (a modal Slack accepts) or `clear`, never a 5xx, a stack trace or the
 * "try again" modal of a crash; no hostile key or uncleaned text in any stored document; and when
 * the values break the modal's contract (unknown block or action, unknown element type, value
 * over 3,000 characters) or come from another user, nothing is stored at all.
 * Then free text over the Events API (DMs) and slash commands: every answer clear.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Document } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_SLACK_BODY_BYTES } from '../../src/channels/slack/slack-request.js';
import { loadBotTexts } from '../../src/settings/texts-schema.js';
import { anyString, hostileKey, hostileText, hugeString, nested, objectOf, shortString, storedProblems, STACK_OR_INTERNALS, value } from '../support/hostile-input.js';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';
import { useSlackBot } from '../support/slack-bot.js';
import { blockTexts, commandRequest, eventRequest, findButton, interactionRequest, sendSigned, stateFor, type SlackResponse, type SlackTestClient } from '../support/slack-client.js';

const RUNS = 40;
const TEXT_RUNS = 30;
const INPUT_ACTION_ID = 'value';
const MAX_INPUT_VALUE = 3_000;
const botTexts = loadBotTexts('config');
const TRY_AGAIN = [botTexts.messages.tryAgain.nb, botTexts.messages.tryAgain.en];

const rolesFile = join(mkdtempSync(join(tmpdir(), 'slack-bad-input-roles-')), 'roles.json');
writeFileSync(rolesFile, JSON.stringify({ reviewers: { DFD: [{ slack: 'URITA', name: 'Rita' }] }, coordinators: [{ slack: 'UCORA' }], admins: [] }));

const slack = useSlackBot({ env: { ROLES_FILE: rolesFile, RATE_LIMIT_PER_MINUTE: '0', JOBS_ENABLED: 'false', DIGEST_STARTUP_DELAY_MS: '3600000', DIGEST_POLL_MS: '3600000' } });
const GROUPS = Object.keys(VALID_GROUP_INPUTS);

const oneYearAhead = (() => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`;
})();

// ---------------------------------------------------------------------------------------------
// Opening one modal of each kind

async function lastCall(method: string, match: (c: any) => boolean): Promise<any> {
  return (await slack.api.waitFor(method, 1, match)).at(-1);
}

const viewWith = (text: string) => (c: any) => blockTexts(c.args['view']?.blocks ?? []).includes(text);
const postIn = (channel: string, text: string) => (c: any) => c.args['channel'] === channel && blockTexts(c.args['blocks'] ?? []).includes(text);

/** A report modal of a new report, at its first group. */
async function openReport(client: SlackTestClient): Promise<any> {
  const before = slack.api.callsOf('views.open').length;
  await client.command('ny rapport');
  return (await slack.api.waitFor('views.open', before + 1)).at(-1)!.result['view'];
}

/** Answers every group of the report modal; returns the summary modal. */
async function toSummary(client: SlackTestClient): Promise<any> {
  let view = await openReport(client);
  const id = view.id;
  for (const group of GROUPS) {
    const res = await client.submit(view, VALID_GROUP_INPUTS[group] as Record<string, string>);
    expect(res.body.response_action, JSON.stringify(res.body).slice(0, 300)).toBe('update');
    view = { ...res.body.view, id, hash: `h-${group}` };
  }
  expect(blockTexts(view.blocks)).toContain('Oppsummering');
  return view;
}

/** The "register a merger" modal, opened from the form message in `channel`. */
async function openRegistration(client: SlackTestClient, channel: string): Promise<any> {
  const form = await lastCall('chat.postMessage', postIn(channel, 'Åpne skjemaet'));
  const before = slack.api.callsOf('views.open').length;
  await client.click({ kind: 'message', channel, ts: form.result['ts'], blocks: form.args['blocks'] }, 'slack.openForm');
  return (await slack.api.waitFor('views.open', before + 1)).at(-1)!.result['view'];
}

const REGISTRATION = { name: 'Nye Asker', municipalities: 'Asker, Bærum', mergerDate: oneYearAhead, cond__usesFeide: 'true', cond__runsLegevakt: 'false' };

interface Modal {
  kind: string;
  /** The modal as Slack holds it (the bot's view with Slack's id). */
  view: any;
  owner: SlackTestClient;
  /** Values that the modal accepts (by block id), as a careful user would send them. */
  valid: Record<string, string>;
}

const modals: Modal[] = [];
let other: SlackTestClient;

beforeAll(async () => {
  other = slack.client({ id: 'UMALLORY', name: 'Mallory' });
  const rita = slack.client({ id: 'URITA', name: 'Rita Reviewer' });
  await rita.dmText('hjelp');
  await slack.api.waitFor('chat.postMessage', 1, (c) => c.args['channel'] === rita.dm);

  const rep = slack.client({ id: 'UREP', name: 'Rolf Rapportør' });
  modals.push({ kind: 'report group', view: await openReport(rep), owner: rep, valid: VALID_GROUP_INPUTS['identification'] as Record<string, string> });
  const sum = slack.client({ id: 'USUM', name: 'Sara Summary' });
  modals.push({ kind: 'report summary', view: await toSummary(sum), owner: sum, valid: {} });

  // Kari submits a report of DFD; Rita gets the review message and opens "approve" and "return".
  const kari = slack.client({ id: 'UKARI', name: 'Kari Rapportør' });
  const summary = await toSummary(kari);
  expect((await kari.submit(summary, {})).body.response_action).toBe('update');
  const review = await lastCall('chat.postMessage', postIn(rita.dm, 'Godkjenn'));
  const message = { kind: 'message' as const, channel: rita.dm, ts: review.result['ts'], blocks: review.args['blocks'] };
  for (const verb of ['approval.approve', 'approval.return']) {
    const before = slack.api.callsOf('views.open').length;
    await rita.click(message, 'slack.decide', (b) => JSON.parse(b.value)._verb === verb);
    const view = (await slack.api.waitFor('views.open', before + 1)).at(-1)!.result['view'];
    modals.push({ kind: verb === 'approval.approve' ? 'review approve' : 'review return', view, owner: rita, valid: verb === 'approval.approve' ? { sharingLevel: 'KS_OG_STAT', comment: 'Godkjent.' } : { comment: 'Mangler kostnadene.' } });
  }

  // Merger registration and phase modals in a channel without a merger.
  const mona = slack.client({ id: 'UMONA', name: 'Mona Merger' });
  await mona.mention('CMERGEA1', 'ny sammenslåing');
  modals.push({ kind: 'merger registration', view: await openRegistration(mona, 'CMERGEA1'), owner: mona, valid: REGISTRATION });
  const second = await openRegistration(mona, 'CMERGEA1');
  const phase = await mona.submit(second, REGISTRATION);
  expect(phase.body.response_action).toBe('update');
  modals.push({ kind: 'merger phase', view: { ...phase.body.view, id: second.id }, owner: mona, valid: { phase: 'planlegging-og-anskaffelse' } });

  // A registered merger in another channel, and the "not relevant" reason modal of its first task.
  await mona.mention('CMERGEB1', 'ny sammenslåing');
  const reg = await openRegistration(mona, 'CMERGEB1');
  const phaseB = await mona.submit(reg, REGISTRATION);
  expect((await mona.submit({ ...phaseB.body.view, id: reg.id, hash: 'h-b' }, { phase: 'planlegging-og-anskaffelse' })).body).toEqual({ response_action: 'clear' });
  await mona.mention('CMERGEB1', 'hva gjør vi nå?');
  const next = await lastCall('chat.postMessage', postIn('CMERGEB1', 'Ferdig'));
  const reason = findButton(next.args['blocks'], 'slack.reason')!;
  const taskId = JSON.parse(reason.element.value)._task as string;
  const before = slack.api.callsOf('views.open').length;
  await mona.clickRaw({ kind: 'message', channel: 'CMERGEB1', ts: next.result['ts'] }, reason.element, reason.blockId);
  const reasonView = (await slack.api.waitFor('views.open', before + 1)).at(-1)!.result['view'];
  modals.push({ kind: 'task reason', view: reasonView, owner: mona, valid: { [`reason__${taskId}`]: 'Vi har allerede felles løsning.' } });

  for (const m of modals) expect(inputBlocks(m.view).length + (m.kind === 'report summary' ? 1 : 0), m.kind).toBeGreaterThan(0);
  baseline = await snapshot();
}, 90_000);

// ---------------------------------------------------------------------------------------------
// What is stored, before and after

/** The collections a submission may change, and the records of the modals above. */
const STATE = ['reports', 'mergers', 'merger_task_states'] as const;
type Snapshot = Record<string, Document[]>;
let baseline: Snapshot;

async function snapshot(): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const name of STATE) out[name] = await slack.db.collection(name).find({}).sort({ _id: 1 }).toArray();
  out['slack_views'] = await slack.db.collection('slack_views').find({ _id: { $in: modals.map((m) => m.view.id) } as never }).sort({ _id: 1 }).toArray();
  return out;
}

async function restore(to: Snapshot): Promise<void> {
  for (const name of STATE) {
    await slack.db.collection(name).deleteMany({});
    if (to[name]!.length > 0) await slack.db.collection(name).insertMany(to[name]!.map((d) => ({ ...d })));
  }
  const views = slack.db.collection('slack_views');
  await views.deleteMany({ _id: { $in: modals.map((m) => m.view.id) } as never });
  await views.insertMany(to['slack_views']!.map((d) => ({ ...d })));
}

/** Without the expiry dates, which every write of a modal's record moves. */
const comparable = (s: Snapshot) => JSON.stringify(s, (k, v) => (k === 'expiresAt' ? undefined : v));

async function everything(): Promise<Record<string, Document[]>> {
  const out: Record<string, Document[]> = {};
  for (const c of await slack.db.listCollections({}, { nameOnly: true }).toArray()) out[c.name] = await slack.db.collection(c.name).find({}).toArray();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hostile view state

const inputBlocks = (view: any): string[] => (view.blocks as any[]).filter((b) => b.type === 'input').map((b) => String(b.block_id));
const textBlocksOf = (view: any): string[] => (view.blocks as any[]).filter((b) => b.type === 'input' && b.element?.type === 'plain_text_input').map((b) => String(b.block_id));

const ELEMENT_TYPES = ['plain_text_input', 'static_select', 'multi_static_select'];
const elementType = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ELEMENT_TYPES) }, { weight: 1, arbitrary: fc.constantFrom('datepicker', 'checkboxes', 'button', '', '$where') }, { weight: 1, arbitrary: value });
const optionLike = fc.oneof({ weight: 3, arbitrary: fc.record({ value: fc.oneof(hostileText, value) }) }, { weight: 1, arbitrary: value });

/** An element as Slack would send it, or not: any type, any value, options of any shape. */
const element = fc.record(
  {
    type: elementType,
    value: fc.oneof({ weight: 3, arbitrary: hostileText }, { weight: 1, arbitrary: value }),
    selected_option: optionLike,
    selected_options: fc.oneof({ weight: 3, arbitrary: fc.array(optionLike, { maxLength: 4 }) }, { weight: 1, arbitrary: value }),
  },
  { requiredKeys: ['type'] },
);

/** What one block holds: its action id (usually the right one) and element, or any value. */
const byAction = fc.oneof(
  { weight: 6, arbitrary: element.map((e) => objectOf([[INPUT_ACTION_ID, e]])) },
  { weight: 1, arbitrary: fc.array(fc.tuple(fc.oneof(fc.constant(INPUT_ACTION_ID), hostileKey, shortString), element), { minLength: 1, maxLength: 3 }).map(objectOf) },
  { weight: 1, arbitrary: value },
);

/** The modal's valid values with blocks replaced, typed text made hostile, blocks added and removed. */
function mutatedState(modal: Modal): fc.Arbitrary<unknown> {
  const base = stateFor(modal.view, modal.valid).values as Record<string, unknown>;
  const keys = Object.keys(base);
  const inputs = inputBlocks(modal.view);
  const texts = textBlocksOf(modal.view);
  const none = fc.constant([] as [string, unknown][]);
  const blockId = fc.oneof({ weight: 2, arbitrary: inputs.length > 0 ? fc.constantFrom(...inputs) : hostileKey }, { weight: 2, arbitrary: hostileKey }, { weight: 1, arbitrary: shortString });
  return fc
    .record({
      replaced: keys.length > 0 ? fc.oneof({ weight: 2, arbitrary: none }, { weight: 1, arbitrary: fc.array(fc.tuple(fc.constantFrom(...keys), byAction), { maxLength: 2 }) }) : none,
      typed: texts.length > 0 ? fc.array(fc.tuple(fc.constantFrom(...texts), hostileText), { maxLength: 2 }) : none,
      added: fc.oneof({ weight: 3, arbitrary: none }, { weight: 1, arbitrary: fc.array(fc.tuple(blockId, byAction), { maxLength: 2 }) }),
      removed: keys.length > 0 ? fc.subarray(keys, { maxLength: Math.min(2, keys.length) }) : fc.constant([] as string[]),
    })
    .map(({ replaced, typed, added, removed }) => {
      const values = objectOf(Object.entries(base).filter(([k]) => !removed.includes(k)));
      const typedEntries = typed.map(([k, t]) => [k, { [INPUT_ACTION_ID]: { type: 'plain_text_input', value: t } }] as [string, unknown]);
      for (const [k, v] of [...replaced, ...typedEntries, ...added]) Object.defineProperty(values, k, { value: v, enumerable: true, configurable: true, writable: true });
      return { values };
    });
}

/** Fully random state: any values object, or state that is no object at all. */
function randomState(modal: Modal): fc.Arbitrary<unknown> {
  const inputs = inputBlocks(modal.view);
  const blockId = fc.oneof(inputs.length > 0 ? fc.constantFrom(...inputs) : hostileKey, hostileKey, anyString);
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.tuple(blockId, byAction), { maxLength: 5 }).map((e) => ({ values: objectOf(e) })) },
    { weight: 1, arbitrary: value.map((v) => ({ values: v })) },
    { weight: 1, arbitrary: value },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 200 }).map((d) => ({ values: nested(d, 'x') })) },
  );
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * The modal's contract, as Slack's own forms keep it: only the modal's input blocks, each with
 * exactly the one action id, an element type the bot renders, a value of at most 3,000 characters.
 * A submission breaking it is refused before anything is stored.
 */
function breaksContract(state: unknown, inputs: string[]): boolean {
  return Object.entries(obj(obj(state)['values'])).some(([blockId, actions]) => {
    const entries = Object.entries(obj(actions));
    if (!inputs.includes(blockId) || entries.length !== 1 || entries[0]![0] !== INPUT_ACTION_ID) return true;
    const e = obj(entries[0]![1]);
    const v =
      e['type'] === 'plain_text_input' ? (str(e['value']) ?? '')
      : e['type'] === 'static_select' ? (str(obj(e['selected_option'])['value']) ?? '')
      : e['type'] === 'multi_static_select' ? (Array.isArray(e['selected_options']) ? e['selected_options'] : []).map((o) => str(obj(o)['value']) ?? '').filter(Boolean).join(',')
      : undefined;
    return v === undefined || v.length > MAX_INPUT_VALUE;
  });
}

// ---------------------------------------------------------------------------------------------
// What an acknowledgement may be

/** Hostile states every modal gets besides the generated ones. */
function examplesFor(modal: Modal): ['owner', unknown][] {
  const base = stateFor(modal.view, modal.valid).values as Record<string, unknown>;
  const [first] = inputBlocks(modal.view);
  const text = (t: string) => ({ [INPUT_ACTION_ID]: { type: 'plain_text_input', value: t } });
  const states: unknown[] = [
    { values: { ...base, $where: text('1') } },
    { values: objectOf([['__proto__', text('x')], ...Object.entries(base)]) },
    { values: nested(200, 'x') },
    ...(first ? [{ values: { ...base, [first]: { [INPUT_ACTION_ID]: { type: 'static_select', selected_option: { value: { $gt: '' } } } } } }] : []),
    // Lone surrogates in every typed input, between list separators (municipalities, reasons, comments).
    ...textBlocksOf(modal.view).map((id) => ({ values: { ...base, [id]: text('Asker, \uDC00Bærum, \uD83D og Lier') } })),
    // Emoji at odd positions: a message quoting the first n UTF-16 units would split a pair.
    ...textBlocksOf(modal.view).map((id) => ({ values: { ...base, [id]: text(`x${'🙂'.repeat(200)}, y${'🙂'.repeat(200)}`) } })),
  ];
  return states.map((st) => ['owner', st]);
}

function expectAck(res: SlackResponse, view: any, bodyBytes: number): 'errors' | 'update' | 'clear' | 'none' | 'too-large' {
  const raw = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
  expect(raw).not.toMatch(STACK_OR_INTERNALS);
  if (bodyBytes > MAX_SLACK_BODY_BYTES) {
    // Larger than anything Slack sends: refused before it is read further.
    expect(res.status).toBe(413);
    return 'too-large';
  }
  expect(res.status, raw.slice(0, 300)).toBe(200);
  expect(res.ms).toBeLessThan(3_000);
  if (res.body === '') return 'none';
  const action = res.body.response_action;
  expect(['errors', 'update', 'clear'], raw.slice(0, 300)).toContain(action);
  if (action === 'errors') {
    const errors = Object.entries(res.body.errors ?? {});
    expect(errors.length).toBeGreaterThan(0);
    // Slack shows an error only beside an input block of the submitted modal.
    for (const [blockId, message] of errors) {
      expect(inputBlocks(view)).toContain(blockId);
      expect(typeof message === 'string' && message.trim() !== '').toBe(true);
    }
  }
  if (action === 'update') {
    const v = res.body.view;
    expect(v.type).toBe('modal');
    expect(v.blocks.length).toBeGreaterThan(0);
    expect(v.blocks.length).toBeLessThanOrEqual(100);
    expect([...v.title.text].length).toBeLessThanOrEqual(24);
    const shown = blockTexts(v.blocks);
    expect(shown.trim()).not.toBe('');
    for (const t of TRY_AGAIN) expect(shown).not.toContain(t);
  }
  return action;
}

let hashSeq = 0;

describe('Slack view submissions with hostile values, over signed HTTP', () => {
  it.each(['report group', 'report summary', 'merger registration', 'merger phase', 'task reason', 'review approve', 'review return'].map((k, i) => [k, i] as const))(
    `%s modal: an acknowledgement Slack accepts, valid documents, nothing stored when refused (${RUNS} cases)`,
    async (kind, index) => {
      const modal = modals.find((m) => m.kind === kind)!;
      const inputs = inputBlocks(modal.view);
      const state = fc.oneof({ weight: 3, arbitrary: mutatedState(modal) }, { weight: 1, arbitrary: randomState(modal) });
      const acks = new Set<string>();
      await fc.assert(
        fc.asyncProperty(fc.oneof({ weight: 5, arbitrary: fc.constant('owner' as const) }, { weight: 1, arbitrary: fc.constant('another user' as const) }), state, async (who, st) => {
          // A fresh hash per run: the same values twice are a new submission, not Slack's retry.
          const payload = (who === 'owner' ? modal.owner : other).viewSubmissionPayload({ ...modal.view, hash: `hp-${++hashSeq}` }, st as Record<string, any>);
          const req = interactionRequest(payload);
          const res = await sendSigned(slack.bot.url, req);
          const ack = expectAck(res, modal.view, Buffer.byteLength(req.body));
          acks.add(ack);
          const after = await snapshot();
          expect(storedProblems(after)).toEqual([]);
          const changed = comparable(after) !== comparable(baseline);
          if (ack === 'too-large' || who !== 'owner' || breaksContract(st, inputs)) {
            // Refused: beside the first input, or in place of a modal that has none.
            if (ack !== 'too-large') expect(ack).toBe(inputs.length > 0 ? 'errors' : 'update');
            expect(changed, 'stored state changed').toBe(false);
          }
          if (changed) await restore(baseline);
        }),
        { numRuns: RUNS, seed: 31337 + index, endOnFailure: true, examples: examplesFor(modal) },
      );
      expect(storedProblems(await everything())).toEqual([]);
      // The runs reach the core too, not only the contract check.
      expect(acks.has('update') || acks.has('clear'), [...acks].join(', ')).toBe(true);
    },
    120_000,
  );
});

// ---------------------------------------------------------------------------------------------
// Free text: direct messages (Events API, JSON) and slash commands (form-encoded)

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const freeText = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 1, arbitrary: hugeString },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('ny rapport', 'mine rapporter', 'hjelp', 'ny sammenslåing', 'hva gjør vi nå?', 'abonner', 'til godkjenning', 'oversikt', 'fremdrift', 'Feide?'), hostileText)
      .map(([cmd, rest]) => `${cmd} ${rest}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('<@UBOT> hjelp', '<!channel> ny rapport', '&lt;script&gt;', '$where', '{"$gt": ""}', 'ny rapport\u0000', '\u202Eny rapport', '*_~`', 'x'.repeat(40_001)) },
);

let userSeq = 0;

/** Every message and modal the bot showed this user after `from` (calls of the Web API stand-in). */
function answersTo(channel: string, triggerId: string, from: number): any[] {
  return slack.api.calls.slice(from).filter((c) => (c.method === 'chat.postMessage' && c.args['channel'] === channel) || (c.method === 'views.open' && c.args['trigger_id'] === triggerId));
}

function expectClearAnswers(answers: any[]): void {
  expect(answers.length).toBeGreaterThan(0);
  for (const a of answers) {
    const blocks = a.method === 'views.open' ? a.args['view'].blocks : (a.args['blocks'] ?? []);
    const shown = `${blockTexts(blocks)}\n${a.args['text'] ?? ''}`;
    expect(shown.trim()).not.toBe('');
    expect(JSON.stringify(a.args)).not.toMatch(STACK_OR_INTERNALS);
    for (const t of TRY_AGAIN) expect(shown).not.toContain(t);
    expect(blocks.length).toBeLessThanOrEqual(a.method === 'views.open' ? 100 : 50);
  }
}

async function answered(channel: string, triggerId: string, from: number): Promise<any[]> {
  await expect.poll(() => answersTo(channel, triggerId, from).length, { timeout: 5_000, interval: 20 }).toBeGreaterThan(0);
  return answersTo(channel, triggerId, from);
}

describe('Slack free text with hostile content, over signed HTTP', () => {
  it(`direct messages and slash commands: acknowledged at once, then clear answers; valid documents (${TEXT_RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(freeText, fc.boolean(), async (text, viaCommand) => {
        const n = ++userSeq;
        const client = slack.client({ id: `UTXT${n}`, name: `Tekst ${n}` });
        const from = slack.api.calls.length;
        const trigger = `trig-${randomUUID()}`;
        // A form-encoded body cannot carry a lone surrogate: URLSearchParams would send U+FFFD for it.
        const req = viaCommand
          ? commandRequest({ command: '/samhandling', text: text.replace(LONE, '?'), user_id: client.user.id, user_name: client.user.name, team_id: 'T0TEST', channel_id: client.dm, channel_name: 'directmessage', trigger_id: trigger, response_url: 'http://127.0.0.1:9/respond' })
          : eventRequest({ type: 'message', channel_type: 'im', channel: client.dm, user: client.user.id, text, ts: `${Date.now() / 1000}` });
        const res = await sendSigned(slack.bot.url, req);
        expect(res.status).toBe(200);
        expect(res.ms).toBeLessThan(3_000);
        expect(String(typeof res.body === 'string' ? res.body : JSON.stringify(res.body))).not.toMatch(STACK_OR_INTERNALS);
        expectClearAnswers(await answered(client.dm, trigger, from));
        expect(storedProblems(await snapshot())).toEqual([]);
      }),
      { numRuns: TEXT_RUNS, seed: 4711, endOnFailure: true },
    );
    expect(storedProblems(await everything())).toEqual([]);
  }, 120_000);
});

