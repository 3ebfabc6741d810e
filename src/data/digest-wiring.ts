import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from 'mongodb';
import type { ApprovalSettings } from '../core/approval/approval-config.js';
import { makeConfigRoleResolver } from '../core/approval/roles.js';
import type { UserNotifier } from '../core/approval/user-notifier.js';
import type { BotCore } from '../core/conversation/bot-core.js';
import { failureNotice } from '../core/digest/coordinator-commands.js';
import { DeliveryWorker } from '../core/digest/delivery-worker.js';
import type { DigestChatDeps } from '../core/digest/digest-chat-context.js';
import { realTimer, type DigestChannel, type Timer } from '../core/digest/digest-ports.js';
import { withDigest } from '../core/digest/digest-router.js';
import { runDueSlot, type DigestServiceDeps, type SlotRun } from '../core/digest/digest-service.js';
import type { DigestSettings } from '../core/digest/digest-settings.js';
import { buildFilterVocabulary } from '../core/digest/subscription-filter.js';
import type { Clock, IdGenerator, PublishedReportQueries } from '../core/ports.js';
import type { ReportingContent } from '../core/reporting/template-types.js';
import { startDigestJob, type DigestJob } from '../jobs/digest-job.js';
import { SlotSchedule } from '../jobs/slot-schedule.js';
import type { Logger } from '../logging/logger.js';
import { initDigestCollections } from './digest-collections.js';
import { makeMongoOutboxRepository } from './digest-outbox-repository.js';
import { makeMongoPublicationLog } from './digest-publication-repository.js';
import { makeMongoSendRateLimiter } from './digest-rate-limiter.js';
import { makeMongoSlotRepository } from './digest-slot-repository.js';
import { makeMongoSubscriptionRepository } from './digest-subscription-repository.js';

export interface DigestWiringOptions {
  db: Db;
  settings: DigestSettings;
  approvalSettings: ApprovalSettings;
  content: ReportingContent;
  reports: PublishedReportQueries;
  channels: DigestChannel[];
  clock: Clock;
  ids: IdGenerator;
  /** Tells coordinators (in their personal chat with the bot) about failed deliveries. */
  notifier: UserNotifier;
  logger: Logger;
  timer?: Timer;
}

/** What tests and operators can drive directly (the clock decides which slot is due). */
export interface DigestControl {
  /** Runs the latest due slot unless it was composed (what cron, the poll and the start do). */
  tick(): Promise<SlotRun | undefined>;
  /** Delivers what is due now. */
  drain(): Promise<number>;
  /** Delivers until no entry is open (paced messages included), or the timeout. */
  deliverAll(timeoutMs?: number): Promise<void>;
}

export interface Digest {
  wrap(core: BotCore): BotCore;
  control: DigestControl;
  /** Starts the schedule and the delivery worker (JOBS_ENABLED). */
  start(): void;
  stop(): Promise<void>;
}

/** The crash test hook: the process dies right after recording its n-th part (NODE_ENV=test only). */
function crashHook(settings: DigestSettings, logger: Logger): ((count: number) => void) | undefined {
  const limit = settings.delivery.crashAfterParts;
  if (limit === undefined) return undefined;
  return (count) => {
    if (count < limit) return;
    logger.warn('DIGEST_CRASH_AFTER_PARTS reached: killing the process', { count });
    process.kill(process.pid, 'SIGKILL');
  };
}

async function deliverAll(worker: DeliveryWorker, outbox: ReturnType<typeof makeMongoOutboxRepository>, timer: Timer, timeoutMs: number): Promise<void> {
  const deadline = timer.now() + timeoutMs;
  for (;;) {
    await worker.drain();
    const due = await outbox.nextDueAt();
    if (!due) return;
    if (timer.now() > deadline) throw new Error('digest delivery did not finish in time');
    await timer.sleep(Math.min(200, Math.max(5, due.getTime() - timer.now())));
  }
}

/**
 * The weekly digest (issue 5) on MongoDB, ready for main.ts: the bot-core wrapper with its
 * commands and questions, the schedule and the delivery worker, and a control for tests.
 */
export async function makeDigest(o: DigestWiringOptions): Promise<Digest> {
  await initDigestCollections(o.db);
  const timer = o.timer ?? realTimer;
  const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const schedule = new SlotSchedule(o.settings.schedule.cron, o.settings.schedule.timezone);
  const publications = makeMongoPublicationLog(o.db, o.clock);
  const outbox = makeMongoOutboxRepository(o.db);
  const service: DigestServiceDeps = {
    subscriptions: makeMongoSubscriptionRepository(o.db),
    outbox,
    slots: makeMongoSlotRepository(o.db),
    publications,
    versions: publications,
    content: o.content,
    settings: o.settings,
    channels: new Map(o.channels.map((c) => [c.platform, c])),
    clock: o.clock,
    timer,
    latestSlot: (now) => schedule.latestAtOrBefore(now),
    instanceId,
    log: o.logger,
  };
  const roles = makeConfigRoleResolver(o.approvalSettings.roles, o.content.organisations.ministries.map((m) => m.id), { allRoles: o.approvalSettings.allRoles });
  let worker: DeliveryWorker | undefined;
  const chat: DigestChatDeps = {
    service,
    settings: o.settings,
    content: o.content,
    vocabulary: buildFilterVocabulary(o.settings, o.content),
    published: o.reports,
    roles,
    clock: o.clock,
    ids: o.ids,
    wakeDelivery: () => worker?.wake(),
  };
  const onPartRecorded = crashHook(o.settings, o.logger);
  worker = new DeliveryWorker({
    outbox,
    subscriptions: service.subscriptions,
    channels: service.channels,
    limiter: makeMongoSendRateLimiter(o.db, o.settings.delivery.ratePerSecond, timer),
    timer,
    settings: o.settings.delivery,
    owner: instanceId,
    log: o.logger,
    onFailed: (entry, error) => o.notifier.notify(roles.coordinators(), (locale) => [failureNotice(chat, entry, error, locale)]),
    ...(onPartRecorded ? { onPartRecorded } : {}),
  });
  const deliveryWorker = worker;
  let job: DigestJob | undefined;
  return {
    wrap: (core) => withDigest(core, chat),
    control: {
      tick: async () => {
        const run = await runDueSlot(service);
        deliveryWorker.wake();
        return run;
      },
      drain: () => deliveryWorker.drain(),
      deliverAll: (timeoutMs = 30_000) => deliverAll(deliveryWorker, outbox, timer, timeoutMs),
    },
    start() {
      job ??= startDigestJob({
        cron: o.settings.schedule.cron,
        timezone: o.settings.schedule.timezone,
        startupDelayMs: o.settings.delivery.startupDelayMs,
        pollMs: o.settings.delivery.pollMs,
        tick: async () => {
          const run = await runDueSlot(service);
          deliveryWorker.wake();
          return run;
        },
        startDelivery: () => deliveryWorker.start(),
        stopDelivery: () => deliveryWorker.stop(),
        logger: o.logger,
      });
    },
    async stop() {
      await job?.stop();
      await deliveryWorker.stop();
      schedule.stop();
    },
  };
}
