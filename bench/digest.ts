/**
 * Benchmark: the weekly digest for 5,000 approved projects and 500 subscriptions.
 *
 *   npm run bench:digest
 *   BENCH_PROJECTS=5000 BENCH_SUBSCRIPTIONS=500 BENCH_DELIVER=300 DIGEST_RATE_PER_SECOND=10 npm run bench:digest
 *
 * 1. Composition, twice: the first digest after all projects were approved (every subscription's
 *    window holds all of them: the worst case), then an ordinary week (100 approvals since the last
 *    digest). Time and peak memory (heap and RSS sampled every 10 ms, and the process's maxRSS).
 * 2. Delivery of the composed messages through the real Teams channel (botbuilder CloudAdapter) to
 *    a local recording HTTP server standing in for the Bot Connector, at the configured overall
 *    rate (DIGEST_RATE_PER_SECOND, default 10/s) and one message per second per conversation:
 *    achieved rate against the limit, busiest second, closest spacing in one conversation.
 *
 * MongoDB: MONGODB_URI if set, else the tests' backend selection, in its own process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { MongoClient, type Db } from 'mongodb';
import { loadCardRenderer } from '../src/channels/teams/card-renderer.js';
import { createTeamsAdapter } from '../src/channels/teams/teams-adapter.js';
import { DeliveryWorker } from '../src/core/digest/delivery-worker.js';
import { loadDigestSettings } from '../src/core/digest/digest-config.js';
import { realTimer } from '../src/core/digest/digest-ports.js';
import { runSlot, type DigestServiceDeps } from '../src/core/digest/digest-service.js';
import type { OutboxEntry, Subscription } from '../src/core/digest/digest-types.js';
import type { Answers } from '../src/core/reporting/answer-types.js';
import type { ReportRecord, SharingLevel } from '../src/core/reporting/report.js';
import { makeMongoConversationRepository } from '../src/data/conversation-repository.js';
import { initDigestCollections } from '../src/data/digest-collections.js';
import { makeMongoOutboxRepository } from '../src/data/digest-outbox-repository.js';
import { makeMongoPublicationLog } from '../src/data/digest-publication-repository.js';
import { makeMongoSendRateLimiter } from '../src/data/digest-rate-limiter.js';
import { makeMongoSlotRepository } from '../src/data/digest-slot-repository.js';
import { makeMongoSubscriptionRepository } from '../src/data/digest-subscription-repository.js';
import { initReportCollection } from '../src/data/report-repository.js';
import { makeTeamsDigestChannel } from '../src/channels/teams/teams-digest-channel.js';
import { SlotSchedule } from '../src/jobs/slot-schedule.js';
import { silentLogger } from '../src/logging/logger.js';
import { loadSettings } from '../src/settings/env.js';
import { RecordingConnector } from '../test/support/recording-connector.js';
import { answersFrom, content, norwegianDate, today } from '../test/support/overview-seed.js';
import { addMonths } from '../src/core/overview/deadline-window.js';
import { cpuMsOf, ownCpuMs } from './processes.js';

const PROJECTS = Number(process.env['BENCH_PROJECTS'] ?? 5000);
const SUBSCRIPTIONS = Number(process.env['BENCH_SUBSCRIPTIONS'] ?? 500);
const DELIVER = Number(process.env['BENCH_DELIVER'] ?? 300);
const AREAS = ['HELSE_OMSORG', 'OPPVEKST_LAERING', 'VELFERD', 'PLAN_MILJO', 'TEKNISK', 'KULTUR', 'ADMINISTRASJON_FELLESLOSNINGER', 'ANNET'];
const MINISTRIES = ['HOD', 'KD', 'AID', 'DFD', 'BFD', 'KUD', 'NFD', 'FIN'];
const AGENCIES: Record<string, string> = { HOD: 'HDIR', KD: 'UDIR', AID: 'NAV', DFD: 'KARTVERKET', BFD: 'BUFDIR', KUD: 'ARKIVVERKET', NFD: 'BRREG', FIN: 'SKD' };
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// MongoDB and seed data

async function startMongo(): Promise<{ uri: string; kind: string; child?: ChildProcess }> {
  const external = process.env['MONGODB_URI'];
  if (external) return { uri: external, kind: 'external (MONGODB_URI)' };
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/digest-mongo-process.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let kind = '';
    child.stdout?.on('data', (d: Buffer) => {
      kind = /mongodb-backend (\S+)/.exec(d.toString())?.[1] ?? kind;
      const m = /mongodb-uri (\S+)/.exec(d.toString());
      if (m) resolve({ uri: m[1] as string, kind: `${kind}, own process`, child });
    });
    child.once('exit', (code) => reject(new Error(`mongo process exited ${code}`)));
  });
}

/** 64 answer variants (area × ministry × deadline), cast once by the real card validation. */
function answerVariants(): Answers[] {
  const out: Answers[] = [];
  for (let i = 0; i < 64; i += 1) {
    const ministry = MINISTRIES[i % MINISTRIES.length] as string;
    const months = 1 + (i % 12);
    out.push(
      answersFrom({
        identification: { projectName: `Variant ${i}`, shortName: '', agency: AGENCIES[ministry] ?? 'HDIR', owningMinistry: ministry },
        description: { serviceAreas: `${AREAS[i % AREAS.length]},${AREAS[(i * 3 + 1) % AREAS.length]}` },
        'obligations-and-deadlines': {
          adoptionType: 'OBLIGATORISK',
          obligationBasis: 'Forskrift pålegger kommunene å ta løsningen i bruk innen fristen.',
          municipalDeadlines__1__date: norwegianDate(addMonths(today, months)),
          municipalDeadlines__1__what: 'Koble fagsystemet til den nye nasjonale tjenesten og ta den i bruk',
          municipalDeadlines__1__mandatory: 'true',
        },
        'state-economics': { investmentCost: `${20 + i} mill`, costFiguresConfidential: String(i % 7 === 0) },
        involvement: i % 5 === 0 ? { ksDiscussed: 'NEI', ksFirstContactPhase: '' } : {},
      }),
    );
  }
  return out;
}

function approvedVersion(projectId: string, version: number, answers: Answers, level: SharingLevel, at: Date): ReportRecord {
  return {
    _id: randomUUID(), projectId, reportVersion: version, rev: 3, state: 'GODKJENT', reporter: { platform: 'teams', userId: 'aad-bench', displayName: 'Bench' },
    answers, step: 'submitted', returnToSummary: false, demo: false, flags: [], createdAt: at, updatedAt: at, submittedAt: at, approvedAt: at,
    ministry: String(answers['owningMinistry']), decision: { outcome: 'GODKJENT', sharingLevel: level, by: { platform: 'teams', userId: 'aad-rita', displayName: 'Rita' }, at },
  };
}

const levelOf = (i: number): SharingLevel => (i % 10 === 9 ? 'KUN_STAT' : i % 2 === 0 ? 'APEN' : 'KS_OG_STAT');

async function seedProjects(db: Db, variants: Answers[], from: number, count: number, at: Date, version = 1): Promise<void> {
  const docs: ReportRecord[] = [];
  for (let i = from; i < from + count; i += 1) {
    const base = variants[i % variants.length] as Answers;
    docs.push(approvedVersion(`bench-${i}`, version, { ...base, projectName: `Statlig prosjekt ${String(i).padStart(5, '0')}${version > 1 ? ` v${version}` : ''}` }, levelOf(i), new Date(at.getTime() + i)));
  }
  for (let i = 0; i < docs.length; i += 500) await db.collection<ReportRecord>('reports').insertMany(docs.slice(i, i + 500));
}

function filtersFor(i: number): Subscription['filters'] {
  if (i % 3 === 0) return { serviceAreas: [], ministries: [] };
  if (i % 3 === 1) return { serviceAreas: [AREAS[i % AREAS.length] as string], ministries: [] };
  return { serviceAreas: [AREAS[i % AREAS.length] as string], ministries: [MINISTRIES[(i >> 3) % MINISTRIES.length] as string] };
}

async function seedSubscriptions(db: Db, connectorUrl: string, at: Date): Promise<void> {
  const conversations = [];
  const subs: Subscription[] = [];
  for (let i = 0; i < SUBSCRIPTIONS; i += 1) {
    const id = `19:bench-${i}@thread.tacv2`;
    const reference = { bot: { id: '28:samhandlingsbot', name: 'Samhandlingsbot' }, conversation: { id, conversationType: 'channel', isGroup: true, tenantId: 'tenant-bench' }, channelId: 'msteams', serviceUrl: connectorUrl };
    conversations.push({ _id: `teams:${id}`, platform: 'teams', locale: i % 5 === 4 ? 'en' : 'nb', reference, updatedAt: at });
    subs.push({
      _id: randomUUID(), conversationKey: `teams:${id}`, platform: 'teams', conversationKind: 'channel', locale: i % 5 === 4 ? 'en' : 'nb', filters: filtersFor(i), ks: i < 10,
      watermark: 0, digests: 0, createdBy: { platform: 'teams', userId: 'aad-bench', displayName: 'Bench' }, createdAt: at, updatedAt: at,
    });
  }
  await db.collection('conversations').insertMany(conversations as never[]);
  await db.collection<Subscription>('digest_subscriptions').insertMany(subs);
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface Peak {
  heapMB: number;
  rssMB: number;
}

let mongoPid: number | undefined;

async function withPeak<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peak: Peak; baseline: Peak; cpu: { own: number; db: number } }> {
  const mb = (n: number) => n / 1024 / 1024;
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.memoryUsage();
  const peak = { heapMB: mb(start.heapUsed), rssMB: mb(start.rss) };
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak.heapMB = Math.max(peak.heapMB, mb(m.heapUsed));
    peak.rssMB = Math.max(peak.rssMB, mb(m.rss));
  }, 10);
  const t0 = performance.now();
  const cpu0 = { own: ownCpuMs(), db: mongoPid ? cpuMsOf(mongoPid) : NaN };
  try {
    const value = await fn();
    const cpu = { own: ownCpuMs() - cpu0.own, db: mongoPid ? cpuMsOf(mongoPid) - cpu0.db : NaN };
    return { value, ms: performance.now() - t0, peak, baseline: { heapMB: mb(start.heapUsed), rssMB: mb(start.rss) }, cpu };
  } finally {
    clearInterval(timer);
  }
}

const f1 = (n: number) => n.toFixed(1);

async function outboxStats(db: Db, slotKey: string): Promise<{ entries: number; messages: number; maxKB: number; cards: number }> {
  const entries = await db.collection<OutboxEntry>('digest_outbox').find({ slotKey }, { projection: { 'parts.bytes': 1, counts: 1 } }).toArray();
  const parts = entries.flatMap((e) => e.parts);
  return { entries: entries.length, messages: parts.length, maxKB: Math.max(0, ...parts.map((p) => p.bytes)) / 1024, cards: parts.length };
}

function report(label: string, r: { ms: number; peak: Peak; baseline: Peak; cpu: { own: number; db: number } }, stats: { entries: number; messages: number; maxKB: number }, syncMs: number): void {
  console.log(
    `${label.padEnd(46)} sync ${f1(syncMs).padStart(7)} ms  compose ${f1(r.ms).padStart(8)} ms wall (CPU: digest ${f1(r.cpu.own)} ms, MongoDB ${f1(r.cpu.db)} ms)  ` +
      `${stats.entries} digests, ${stats.messages} messages (largest ${f1(stats.maxKB)} KB of 80)  ` +
      `peak heap ${f1(r.peak.heapMB)} MB (+${f1(r.peak.heapMB - r.baseline.heapMB)})  peak RSS ${f1(r.peak.rssMB)} MB`,
  );
}

async function deliver(deps: DigestServiceDeps, db: Db, connector: RecordingConnector, limit: number): Promise<void> {
  const worker = new DeliveryWorker({
    outbox: deps.outbox, subscriptions: deps.subscriptions, channels: deps.channels, limiter: makeMongoSendRateLimiter(db, deps.settings.delivery.ratePerSecond, realTimer),
    timer: realTimer, settings: deps.settings.delivery, owner: 'bench', log: { info: () => undefined, warn: () => undefined, error: (m, f) => console.error(m, f) },
    onFailed: (entry, error) => console.error('delivery failed', entry._id, error.message),
  });
  const before = connector.received.length;
  worker.start();
  while (connector.received.length - before < limit) await new Promise((r) => setTimeout(r, 20));
  await worker.stop();
  const posted = connector.received.slice(before, before + limit);
  const arrival = arrivalTimes.slice(before, before + limit);
  const first = arrival[0] ?? 0;
  const last = arrival[arrival.length - 1] ?? first;
  // n messages paced at r per second span (n − 1)/r seconds.
  const rate = (limit - 1) / Math.max(0.001, (last - first) / 1000);
  const busiest = Math.max(...arrival.map((t) => arrival.filter((u) => u >= t && u < t + 1000).length));
  const perConversation = new Map<string, number[]>();
  posted.forEach((p, i) => perConversation.set(p.conversationId, [...(perConversation.get(p.conversationId) ?? []), arrival[i] as number]));
  const gaps = [...perConversation.values()].flatMap((list) => list.slice(1).map((t, i) => t - (list[i] as number)));
  const limitRate = deps.settings.delivery.ratePerSecond;
  console.log(
    `delivery through the Teams channel to a local recording connector: ${limit} messages in ${f1((last - first) / 1000)} s = ${f1(rate)} msg/s ` +
      `against a limit of ${limitRate}/s (${f1((100 * rate) / limitRate)} %), busiest second ${busiest}, ${perConversation.size} conversations, ` +
      `closest two messages in one conversation ${gaps.length > 0 ? `${Math.min(...gaps)} ms` : 'n/a'} (limit ${deps.settings.delivery.conversationIntervalMs} ms)`,
  );
}

const arrivalTimes: number[] = [];

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const mongoProcess = await startMongo();
  mongoPid = mongoProcess.child?.pid;
  const client = await MongoClient.connect(mongoProcess.uri);
  const db = client.db(`bench_digest_${Date.now()}`);
  const connector = await RecordingConnector.start();
  const counting = setInterval(() => {
    while (arrivalTimes.length < connector.received.length) arrivalTimes.push(Date.now());
  }, 2);
  try {
    console.log(`weekly digest benchmark: ${PROJECTS} approved projects, ${SUBSCRIPTIONS} subscriptions; ${cpus().length} cores, Node ${process.version}, MongoDB ${mongoProcess.kind}`);
    await initReportCollection(db);
    await initDigestCollections(db);
    const env = { ...process.env, MONGODB_URI: mongoProcess.uri, PUBLIC_BASE_URL: 'https://samhandling.example' };
    const settings = loadDigestSettings('config', env, 'test', content);
    const renderer = loadCardRenderer('cards');
    const conversations = makeMongoConversationRepository(db, { now: () => new Date() });
    const adapter = createTeamsAdapter(loadSettings({ MONGODB_URI: mongoProcess.uri }), silentLogger);
    const channel = makeTeamsDigestChannel(adapter, '', conversations, renderer, settings.delivery.maxMessageBytes);
    const schedule = new SlotSchedule(settings.schedule.cron, settings.schedule.timezone);
    const slot1 = schedule.nextAfter(new Date()) as Date;
    const slot2 = schedule.nextAfter(slot1) as Date;
    let now = new Date(slot1.getTime() + 60_000);
    const clock = { now: () => now };
    const publications = makeMongoPublicationLog(db, clock);
    const deps: DigestServiceDeps = {
      subscriptions: makeMongoSubscriptionRepository(db), outbox: makeMongoOutboxRepository(db), slots: makeMongoSlotRepository(db), publications, versions: publications,
      content, settings, channels: new Map([['teams', channel]]), clock, timer: realTimer, latestSlot: (at) => schedule.latestAtOrBefore(at), instanceId: 'bench', log: { info: () => undefined, warn: () => undefined },
    };

    const variants = answerVariants();
    const seedStart = performance.now();
    await seedProjects(db, variants, 0, PROJECTS, new Date(slot1.getTime() - 7 * DAY));
    await seedSubscriptions(db, connector.url, new Date(slot1.getTime() - 8 * DAY));
    console.log(`seeded in ${f1((performance.now() - seedStart) / 1000)} s (${PROJECTS / 10} of the projects KUN_STAT, every 7th with confidential cost figures)`);

    let t = performance.now();
    await publications.sync();
    const sync1 = performance.now() - t;
    // runSlot syncs again (nothing new by then) and composes every subscription's digest.
    const first = await withPeak(() => runSlot(deps, slot1));
    report('first digest: every project new to everyone', first, await outboxStats(db, slot1.toISOString()), sync1);

    now = new Date(slot2.getTime() + 60_000);
    await seedProjects(db, variants, PROJECTS, 50, new Date(slot1.getTime() + DAY));
    await seedProjects(db, variants, 0, 50, new Date(slot1.getTime() + 2 * DAY), 2);
    t = performance.now();
    await publications.sync();
    const sync2 = performance.now() - t;
    const week = await withPeak(() => runSlot(deps, slot2));
    report('an ordinary week: 50 new + 50 changed', week, await outboxStats(db, slot2.toISOString()), sync2);
    console.log(`process maxRSS ${f1(process.resourceUsage().maxRSS / 1024)} MB (whole run)`);

    await deliver(deps, db, connector, Math.min(DELIVER, (await outboxStats(db, slot1.toISOString())).messages));
  } finally {
    clearInterval(counting);
    await connector.stop();
    await client.close();
    mongoProcess.child?.kill('SIGTERM');
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
