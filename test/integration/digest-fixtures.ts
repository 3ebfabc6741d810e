/**
 * Shared helpers of the weekly digest tests: report versions seeded straight into MongoDB (answers
 * cast by the real card validation), the approval workflow's writes (approve, withdraw) done the
 * way it does them, and the digest service wired on a database with an in-memory channel.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { loadCardRenderer } from '../../src/channels/teams/card-renderer.js';
import { loadApprovalSettings } from '../../src/core/approval/approval-config.js';
import { loadDigestSettings } from '../../src/core/digest/digest-config.js';
import { realTimer, type DigestChannel } from '../../src/core/digest/digest-ports.js';
import type { DigestServiceDeps } from '../../src/core/digest/digest-service.js';
import type { DigestSettings } from '../../src/core/digest/digest-settings.js';
import type { Subscription, SubscriptionFilters } from '../../src/core/digest/digest-types.js';
import { addMonths } from '../../src/core/overview/deadline-window.js';
import type { CardIntent } from '../../src/core/outbound.js';
import type { Clock } from '../../src/core/ports.js';
import type { Answers } from '../../src/core/reporting/answer-types.js';
import type { ReportRecord, SharingLevel } from '../../src/core/reporting/report.js';
import { initDigestCollections } from '../../src/data/digest-collections.js';
import { makeMongoOutboxRepository } from '../../src/data/digest-outbox-repository.js';
import { makeMongoPublicationLog } from '../../src/data/digest-publication-repository.js';
import { makeMongoSlotRepository } from '../../src/data/digest-slot-repository.js';
import { makeMongoSubscriptionRepository } from '../../src/data/digest-subscription-repository.js';
import { SlotSchedule } from '../../src/jobs/slot-schedule.js';
import { answersFrom, content, norwegianDate, submittedReport, today, type Inputs } from '../support/overview-seed.js';

export { content, today };

export const renderer = loadCardRenderer('cards');

export function digestSettings(env: Record<string, string> = {}): DigestSettings {
  return loadDigestSettings('config', { PUBLIC_BASE_URL: 'https://samhandling.example', ...env }, 'test', content);
}

export function approvalSettings() {
  return loadApprovalSettings('config', { ROLES_FILE: 'test/fixtures/roles.test.json' }, 'test', content.organisations);
}

/** A clock the test moves. */
export class TestClock implements Clock {
  constructor(private at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
  set(at: Date): void {
    this.at = new Date(at);
  }
}

export const deadlineIn = (months: number, what: string, mandatory = true): Record<string, string> => ({
  adoptionType: 'OBLIGATORISK',
  obligationBasis: 'Forskrift om digital saksbehandling pålegger kommunene å ta løsningen i bruk.',
  municipalDeadlines__1__date: norwegianDate(addMonths(today, months)),
  municipalDeadlines__1__what: what,
  municipalDeadlines__1__mandatory: String(mandatory),
});

export interface ProjectSpec {
  name: string;
  areas?: string;
  ministry?: string;
  agency?: string;
  phase?: string;
  deadlineMonths?: number;
  ksDiscussed?: string;
  confidentialCosts?: boolean;
  investment?: string;
  extra?: Inputs;
}

/** Valid answers for a project, from the inputs a reporter would type. */
export function projectAnswers(spec: ProjectSpec): Answers {
  const inputs: Inputs = {
    identification: { projectName: spec.name, shortName: '', agency: spec.agency ?? 'HDIR', owningMinistry: spec.ministry ?? 'HOD' },
    description: { serviceAreas: spec.areas ?? 'HELSE_OMSORG' },
    'status-and-timeline': { phase: spec.phase ?? 'PLANLEGGING' },
    ...(spec.deadlineMonths === undefined ? {} : { 'obligations-and-deadlines': deadlineIn(spec.deadlineMonths, `Ta i bruk ${spec.name}`) }),
    'state-economics': { investmentCost: spec.investment ?? '45 mill', costFiguresConfidential: String(spec.confidentialCosts ?? false) },
    ...(spec.ksDiscussed ? { involvement: { ksDiscussed: spec.ksDiscussed, ...(spec.ksDiscussed === 'JA' ? {} : { ksFirstContactPhase: '' }) } } : {}),
  };
  for (const [group, values] of Object.entries(spec.extra ?? {})) inputs[group] = { ...inputs[group], ...values };
  return answersFrom(inputs);
}

/** A submitted report version (INNSENDT), ready to be approved. */
export function submittedVersion(projectId: string, version: number, answers: Answers, at: Date): ReportRecord {
  return submittedReport(projectId, version, answers, at, 'Kari Reporter');
}

/** What review-actions.ts `decide` writes on approval. */
export async function approve(db: Db, report: ReportRecord, level: SharingLevel, at: Date): Promise<ReportRecord> {
  const decision = { outcome: 'GODKJENT' as const, sharingLevel: level, by: { platform: 'teams' as const, userId: 'aad-rita', displayName: 'Rita' }, at };
  const doc = { ...report, state: 'GODKJENT' as const, decision, approvedAt: at, rev: report.rev + 1, updatedAt: at };
  await db.collection<ReportRecord>('reports').replaceOne({ _id: report._id }, doc, { upsert: true });
  return doc;
}

/** Inserts and approves version `version` of a project in one go. */
export async function publish(db: Db, projectId: string, version: number, answers: Answers, level: SharingLevel, at: Date): Promise<ReportRecord> {
  return approve(db, submittedVersion(projectId, version, answers, at), level, at);
}

/** What withdraw-actions.ts writes: every live version of the project becomes TRUKKET. */
export async function withdrawProject(db: Db, projectId: string, at: Date): Promise<void> {
  await db.collection<ReportRecord>('reports').updateMany({ projectId, state: { $nin: ['TRUKKET', 'AVSLUTTET'] } }, { $set: { state: 'TRUKKET', withdrawnAt: at, updatedAt: at }, $inc: { rev: 1 } });
}

/** A channel that keeps what it is given, measuring cards as Teams would. */
export class MemoryChannel implements DigestChannel {
  readonly platform = 'teams' as const;
  readonly posts: { conversationKey: string; card: CardIntent; id: string; at: number }[] = [];
  failNext: unknown[] = [];
  constructor(readonly maxMessageBytes = 80 * 1024) {}
  measure(card: CardIntent): number {
    return JSON.stringify({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: renderer.render(card) }] }).length * 2;
  }
  async post(conversationKey: string, card: CardIntent): Promise<string> {
    const failure = this.failNext.shift();
    if (failure !== undefined) throw failure;
    const id = `act-${this.posts.length + 1}`;
    this.posts.push({ conversationKey, card, id, at: Date.now() });
    return id;
  }
}

/** The digest service on `db` with a memory channel, the default schedule and the test clock. */
export async function digestService(db: Db, clock: Clock, opts: { settings?: DigestSettings; channel?: MemoryChannel } = {}): Promise<DigestServiceDeps & { channel: MemoryChannel }> {
  await initDigestCollections(db);
  const settings = opts.settings ?? digestSettings();
  const channel = opts.channel ?? new MemoryChannel();
  const publications = makeMongoPublicationLog(db, clock);
  const schedule = new SlotSchedule(settings.schedule.cron, settings.schedule.timezone);
  return {
    subscriptions: makeMongoSubscriptionRepository(db),
    outbox: makeMongoOutboxRepository(db),
    slots: makeMongoSlotRepository(db),
    publications,
    versions: publications,
    content,
    settings,
    channels: new Map([['teams', channel]]),
    clock,
    timer: realTimer,
    latestSlot: (now) => schedule.latestAtOrBefore(now),
    instanceId: `test-${randomUUID().slice(0, 6)}`,
    log: { info: () => undefined, warn: () => undefined },
    channel,
  };
}

/** A subscription as "abonner" creates it, at the current end of the publication log. */
export async function subscribeDirect(deps: DigestServiceDeps, conversationKey: string, opts: { filters?: Partial<SubscriptionFilters>; locale?: 'nb' | 'en'; watermark?: number; ks?: boolean } = {}): Promise<Subscription> {
  const now = deps.clock.now();
  const sub: Subscription = {
    _id: randomUUID(),
    conversationKey,
    platform: 'teams',
    conversationKind: 'channel',
    locale: opts.locale ?? 'nb',
    filters: { serviceAreas: opts.filters?.serviceAreas ?? [], ministries: opts.filters?.ministries ?? [] },
    ks: opts.ks ?? false,
    watermark: opts.watermark ?? (await deps.publications.sync()),
    digests: 0,
    createdBy: { platform: 'teams', userId: 'aad-test', displayName: 'Test' },
    createdAt: now,
    updatedAt: now,
  };
  if (!(await deps.subscriptions.create(sub))) throw new Error(`${conversationKey} is subscribed already`);
  return sub;
}

/** Every text a card shows (TextBlocks, facts, action titles), for assertions on what a reader sees. */
export function cardText(card: CardIntent): string {
  return JSON.stringify(renderer.render(card));
}
