/**
 * Drives the real conversation core (makeBotCore + makeReportingConversation) with the real
 * content, texts and MongoDB repository, but without any channel: a test speaks as a user with
 * `say` and `press` and reads the channel-agnostic card models the core returns.
 *
 *   const harness = await startConversationHarness({ prefix: 'core' });
 *   const kari = harness.user({ userId: 'aad-kari', name: 'Kari Nordmann', locale: 'nb' });
 *   await kari.say('ny rapport');
 *   await kari.next(VALID_GROUP_INPUTS.identification);
 *   const stored = await harness.stored(kari.reportId());
 */
import type { SubmittedModel } from '../../src/core/reporting/reporting-conversation.js';
import { mergerConversationFor, realContent } from './merger-for-tests.js';
import { MongoClient, type Db } from 'mongodb';
import { makeBotCore, type BotCore, type HelpModel } from '../../src/core/conversation/bot-core.js';
import type { Actor, ActionEvent, MessageEvent } from '../../src/core/events.js';
import { toLocale, type Locale } from '../../src/core/i18n.js';
import type { CardId, CardIntent, OutboundIntent } from '../../src/core/outbound.js';
import type { Clock, ReportRepository } from '../../src/core/ports.js';
import type { GroupFormModel, SummaryModel } from '../../src/core/reporting/form-model.js';
import type { ReportRecord } from '../../src/core/reporting/report.js';
import type { ReportListModel } from '../../src/core/reporting/report-list.js';
import { makeReportingConversation, REPORT_VERBS, type NoticeModel } from '../../src/core/reporting/reporting-conversation.js';
import type { ReportingContent } from '../../src/core/reporting/template-types.js';
import type { BotTexts } from '../../src/core/texts.js';
import { initReportCollection, makeMongoReportRepository, REPORTS } from '../../src/data/report-repository.js';
import { loadReportingContent } from '../../src/settings/reporting-template-schema.js';
import { loadBotTexts } from '../../src/settings/texts-schema.js';
import { freshTestDb, testMongoUri } from './mongo-backend.js';

export interface CardModels {
  'group-form': GroupFormModel;
  summary: SummaryModel;
  submitted: SubmittedModel;
  'report-list': ReportListModel;
  help: HelpModel;
  notice: NoticeModel;
}

/** A clock the test moves by hand; every turn of the harness also moves it by `tickMs`. */
export class TestClock implements Clock {
  private current: Date;
  constructor(start: Date) {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(when: Date | string): void {
    this.current = new Date(when);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface HarnessOptions {
  /** Database name prefix (a random suffix is added). */
  prefix?: string;
  /** Clock start; default 2026-03-02T09:00:00Z. */
  start?: Date | string;
  /** How far the clock moves before each turn (so updatedAt orders turns); default 1 s. */
  tickMs?: number;
  configDir?: string;
}

export interface UserOptions {
  userId: string;
  name: string;
  /** 'nb' / 'en' or a platform locale such as 'nb-NO' / 'en-US'. Default 'nb'. */
  locale?: string;
  email?: string;
  tenantId?: string;
}

// ---------------------------------------------------------------------------------------------
// Reading intents

export function isCard<K extends keyof CardModels & CardId>(intent: OutboundIntent | undefined, cardId: K): intent is CardIntent<CardModels[K]> {
  return intent?.kind === 'card' && intent.cardId === cardId;
}

function describeIntent(intent: OutboundIntent | undefined): string {
  if (!intent) return 'no intent';
  if (intent.kind === 'text') return `text "${intent.text}"`;
  return `card ${intent.cardId}: ${visibleText(intent).slice(0, 300)}`;
}

/** The model of `intent` as card `cardId`; throws (with what was shown instead) otherwise. */
export function modelOf<K extends keyof CardModels & CardId>(intent: OutboundIntent | undefined, cardId: K): CardModels[K] {
  if (!isCard(intent, cardId)) throw new Error(`expected card ${cardId}, got ${describeIntent(intent)}`);
  return intent.data;
}

/** The single intent of a turn (the core answers every turn with exactly one). */
export function only(intents: OutboundIntent[]): OutboundIntent {
  if (intents.length !== 1) throw new Error(`expected one intent, got ${intents.length}: ${intents.map(describeIntent).join(' | ')}`);
  return intents[0] as OutboundIntent;
}

function collectStrings(value: unknown, out: string[], key = ''): void {
  if (key.startsWith('_')) return;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collectStrings(v, out, k);
}

/** Every user-visible string of an intent (labels, values, notices, errors, buttons), joined by newlines. */
export function visibleText(intent: OutboundIntent | undefined): string {
  if (!intent) return '';
  if (intent.kind === 'text') return intent.text;
  const out: string[] = [];
  collectStrings(intent.data, out);
  return out.join('\n');
}

/** A field of a group form; throws when the card does not show it. */
export function fieldOf(form: GroupFormModel, fieldId: string): GroupFormModel['fields'][number] {
  const field = form.fields.find((f) => f.id === fieldId);
  if (!field) throw new Error(`card ${form.control._step} has no field ${fieldId}`);
  return field;
}

/** The prefilled value of an input of a group form. */
export function inputValue(form: GroupFormModel, inputId: string): string | undefined {
  return form.fields.flatMap((f) => f.inputs).find((i) => i.id === inputId)?.value;
}

/** All error texts on a group form: attached to fields and unattached. */
export function formErrors(form: GroupFormModel): string[] {
  return [...form.errors, ...form.fields.filter((f) => f.error !== '').map((f) => f.error)];
}

// ---------------------------------------------------------------------------------------------
// The harness

export interface HarnessUser {
  readonly actor: Actor;
  readonly locale: Locale;
  /** The last card the user was shown (an invoke response replaces the card in Teams). */
  readonly last: OutboundIntent | undefined;
  /** Writes a message; returns the intents of the answer. */
  say(text: string): Promise<OutboundIntent[]>;
  /** Presses a card button with exactly this data (control values included or not). */
  press(verb: string, data: Record<string, unknown>): Promise<OutboundIntent[]>;
  /** The control values (_report, _rev, _step) of the last card. */
  control(): Record<string, unknown>;
  /**
   * 'Next' on the current card, as Teams sends it: the control values plus every input of the card
   * with its current (prefilled) value, overridden by `inputs`. Returns the single answer.
   */
  next(inputs?: Record<string, unknown>): Promise<OutboundIntent>;
  back(inputs?: Record<string, unknown>): Promise<OutboundIntent>;
  /** The inputs the current card would send as they stand (input id → prefilled value). */
  cardInputs(): Record<string, string>;
  /** 'Edit' for a group on the current summary card. */
  edit(groupId: string): Promise<OutboundIntent>;
  submit(): Promise<OutboundIntent>;
  /** Answers every group in order with the given inputs, from the current card to the summary. */
  answerGroups(inputsByGroup: Record<string, Record<string, unknown>>): Promise<OutboundIntent>;
  /** The last card as a group form / summary (throws otherwise). */
  form(): GroupFormModel;
  summary(): SummaryModel;
  /** The report id of the last report card. */
  reportId(): string;
}

export interface ConversationHarness {
  readonly clock: TestClock;
  readonly db: Db;
  readonly content: ReportingContent;
  readonly texts: BotTexts;
  readonly reports: ReportRepository;
  readonly core: BotCore;
  user(opts: UserOptions): HarnessUser;
  /**
   * Holds the next `count` repository writes (insert/update) until all of them have arrived, then
   * lets them run together: two requests racing are made to read before either writes. Released
   * anyway after `timeoutMs`, so a request that never writes cannot hang a test.
   */
  holdWrites(count: number, timeoutMs?: number): void;
  /** The report document as stored in MongoDB (not through the repository). */
  stored(reportId: string): Promise<ReportRecord | null>;
  /** Every stored report of a user (any state, any version). */
  storedFor(userId: string): Promise<ReportRecord[]>;
  close(): Promise<void>;
}

export async function startConversationHarness(opts: HarnessOptions = {}): Promise<ConversationHarness> {
  const configDir = opts.configDir ?? 'config';
  const content = loadReportingContent(configDir);
  const texts = loadBotTexts(configDir);
  const clock = new TestClock(new Date(opts.start ?? '2026-03-02T09:00:00Z'));
  const tickMs = opts.tickMs ?? 1_000;

  const client = await MongoClient.connect(testMongoUri());
  const db = await freshTestDb(client, opts.prefix ?? 'conversation');
  await initReportCollection(db);
  const real = makeMongoReportRepository(db, clock);
  let held: { count: number; waiting: (() => void)[]; timer?: NodeJS.Timeout } | undefined;
  const releaseHeld = (): void => {
    const h = held;
    held = undefined;
    if (!h) return;
    clearTimeout(h.timer);
    for (const go of h.waiting) go();
  };
  const gate = async (): Promise<void> => {
    const h = held;
    if (!h) return;
    await new Promise<void>((resolve) => {
      h.waiting.push(resolve);
      if (h.waiting.length >= h.count) releaseHeld();
    });
  };
  const reports: ReportRepository = {
    ...real,
    insert: async (report) => {
      await gate();
      return real.insert(report);
    },
    update: async (id, expectedRev, changes) => {
      await gate();
      return real.update(id, expectedRev, changes);
    },
  };

  let seq = 0;
  const ids = { newId: () => `id-${String(++seq).padStart(5, '0')}` };
  const reporting = makeReportingConversation({ reports, content, texts, clock, ids });
  const core = makeBotCore({ texts, reports, reporting, merger: mergerConversationFor(db, clock), mergerCommands: realContent().mergerTexts.commands });
  const collection = db.collection<ReportRecord>(REPORTS);

  function user(u: UserOptions): HarnessUser {
    const locale = u.locale === 'nb' || u.locale === 'en' ? u.locale : toLocale(u.locale);
    const actor: Actor = { platform: 'teams', userId: u.userId, displayName: u.name, email: u.email, tenantId: u.tenantId ?? 'tenant-test' };
    const conversation = { platform: 'teams' as const, id: `conv-${u.userId}`, kind: 'personal' as const };
    let last: OutboundIntent | undefined;

    const remember = (intents: OutboundIntent[]): OutboundIntent[] => {
      const card = intents.find((i) => i.kind === 'card');
      if (card) last = card;
      return intents;
    };

    const say = async (text: string): Promise<OutboundIntent[]> => {
      clock.advance(tickMs);
      const event: MessageEvent = { kind: 'message', text, actor, conversation, locale };
      return remember(await core.handle(event));
    };

    const press = async (verb: string, data: Record<string, unknown>): Promise<OutboundIntent[]> => {
      clock.advance(tickMs);
      const event: ActionEvent = { kind: 'action', verb, data, actor, conversation, locale };
      return remember(await core.handle(event));
    };

    const control = (): Record<string, unknown> => {
      if (isCard(last, 'group-form') || isCard(last, 'summary')) return { ...last.data.control };
      throw new Error(`the last card has no report controls: ${describeIntent(last)}`);
    };

    const cardInputs = (): Record<string, string> =>
      isCard(last, 'group-form') ? Object.fromEntries(last.data.fields.flatMap((f) => f.inputs).map((i) => [i.id, i.value])) : {};

    const self: HarnessUser = {
      actor,
      locale,
      get last() {
        return last;
      },
      say,
      press,
      control,
      cardInputs,
      next: async (inputs = {}) => only(await press(REPORT_VERBS.next, { ...control(), ...cardInputs(), ...inputs })),
      back: async (inputs = {}) => only(await press(REPORT_VERBS.back, { ...control(), ...cardInputs(), ...inputs })),
      edit: async (groupId) => only(await press(REPORT_VERBS.edit, { ...modelOf(last, 'summary').control, _goto: groupId })),
      submit: async () => only(await press(REPORT_VERBS.submit, { ...modelOf(last, 'summary').control })),
      async answerGroups(inputsByGroup) {
        for (let guard = 0; guard < 50 && isCard(last, 'group-form'); guard++) {
          const step = last.data.control._step;
          const inputs = inputsByGroup[step];
          if (!inputs) throw new Error(`no inputs given for group ${step}`);
          const before = last.data.control._rev;
          const answer = await self.next(inputs);
          if (isCard(answer, 'group-form') && answer.data.control._step === step) {
            throw new Error(`group ${step} was not accepted (rev ${before}): ${formErrors(answer.data).join(' | ')}`);
          }
        }
        modelOf(last, 'summary');
        return last as OutboundIntent;
      },
      form: () => modelOf(last, 'group-form'),
      summary: () => modelOf(last, 'summary'),
      reportId: () => String(control()['_report']),
    };
    return self;
  }

  return {
    clock,
    db,
    content,
    texts,
    reports,
    core,
    user,
    holdWrites(count, timeoutMs = 2_000) {
      releaseHeld();
      held = { count, waiting: [] };
      held.timer = setTimeout(releaseHeld, timeoutMs);
    },
    stored: (reportId) => collection.findOne({ _id: reportId }),
    storedFor: (userId) => collection.find({ 'reporter.userId': userId }).sort({ projectId: 1, reportVersion: 1 }).toArray(),
    async close() {
      await db.dropDatabase();
      await client.close();
    },
  };
}
