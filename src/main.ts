import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TeamsBot } from './channels/teams/teams-bot.js';
import { loadCardRenderer } from './channels/teams/card-renderer.js';
import { createTeamsAdapter, mountTeamsRoute } from './channels/teams/teams-adapter.js';
import { makeBotCore } from './core/conversation/bot-core.js';
import { makeExpensiveEventTest, withRateLimit } from './core/conversation/rate-limit.js';
import { makeTenantAllowlist } from './channels/teams/tenant-allowlist.js';
import { makeMemberEmailLookup } from './channels/teams/teams-member-email.js';
import { hasEmailMatcher } from './core/approval/roles.js';
import { systemClock, type Clock } from './core/ports.js';
import { makeReportingConversation } from './core/reporting/reporting-conversation.js';
import { connectMongo } from './data/mongo-connection.js';
import { makeMongoInboundDedupe } from './data/inbound-dedupe-repository.js';
import { makeMongoReportRepository } from './data/report-repository.js';
import { withDraftCache } from './data/draft-cache.js';
import { initCollections } from './data/collections.js';
import { makeMongoMergerRepository } from './data/merger-repository.js';
import { makeMongoTaskStateRepository } from './data/task-state-repository.js';
import { makeMongoStateProjectSource } from './data/state-project-source.js';
import { makeMergerConversation } from './core/merger/merger-conversation.js';
import { sendMergerReminders } from './core/merger/merger-reminders.js';
import { makeMongoReminderLog } from './data/reminder-log-repository.js';
import { makeTeamsProactiveSender } from './channels/teams/teams-proactive-sender.js';
import { scheduleJob } from './jobs/schedule-job.js';
import { loadDemoProjects } from './data/demo-projects-loader.js';
import { makeMongoConversationRepository } from './data/conversation-repository.js';
import { createHttpServer, listen } from './http/server.js';
import { mountOverviewRoutes } from './web/overview-routes.js';
import { loadOverviewTexts } from './web/overview-texts.js';
import { createLogger, type Logger } from './logging/logger.js';
import { describeSettings, loadSettings } from './settings/env.js';
import { loadContent } from './settings/content.js';
import { loadApprovalSettings } from './core/approval/approval-config.js';
import { makeApprovalWorkflow } from './data/approval-wiring.js';
import { createSlackChannel, SLACK_EVENTS_PATH } from './channels/slack/slack-channel.js';
import { describeSlackSettings, loadSlackSettings } from './channels/slack/slack-settings.js';
import { routeByPlatform } from './channels/slack/slack-proactive-sender.js';
import { loadDigestSettings } from './core/digest/digest-config.js';
import { makeDigest, type DigestControl } from './data/digest-wiring.js';
import { makeTeamsDigestChannel } from './channels/teams/teams-digest-channel.js';

export interface RunningBot {
  port: number;
  stop(): Promise<void>;
  /** The weekly digest's slot and delivery control (tests drive it with their clock). */
  digest: DigestControl;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  clock?: Clock;
}

/**
 * Composition root: env → content → MongoDB → services → channels. Everything that can be wrong
 * in configuration fails here, before the server accepts a request.
 */
export async function startBot(opts: StartOptions = {}): Promise<RunningBot> {
  const settings = loadSettings(opts.env ?? process.env);
  const logger = opts.logger ?? createLogger({ level: settings.logLevel, base: { service: 'samhandlingsbot' } });
  const clock = opts.clock ?? systemClock;
  logger.info('starting', { settings: describeSettings(settings) });

  const content = loadContent(settings.configDir);
  const texts = content.texts;
  const renderer = loadCardRenderer(settings.cardsDir);
  const approvalSettings = loadApprovalSettings(settings.configDir, opts.env ?? process.env, settings.nodeEnv, content.reporting.organisations);
  const digestSettings = loadDigestSettings(settings.configDir, opts.env ?? process.env, settings.nodeEnv, content.reporting);
  const slackSettings = loadSlackSettings(settings.configDir, opts.env ?? process.env);
  logger.info('slack', describeSlackSettings(slackSettings));

  const mongo = await connectMongo(settings.mongo.uri, settings.mongo.dbName, logger);
  await initCollections(mongo.db);
  // Drafts this instance wrote are kept in memory for the next card answer (rev-checked on write).
  const reports = withDraftCache(makeMongoReportRepository(mongo.db, clock));
  if (settings.demoDataFile) {
    const agencyIds = content.reporting.organisations.agencies.map((a) => a.id);
    const count = await loadDemoProjects(reports, JSON.parse(readFileSync(settings.demoDataFile, 'utf8')), logger, agencyIds);
    logger.info('demo projects loaded', { count, file: settings.demoDataFile });
  }

  const ids = { newId: () => randomUUID() };
  const conversations = makeMongoConversationRepository(mongo.db, clock);
  const adapter = createTeamsAdapter(settings, logger);
  const inboundDedupe = makeMongoInboundDedupe(mongo.db, clock);
  const slack = slackSettings ? await createSlackChannel({ settings: slackSettings, db: mongo.db, clock, logger, conversations, dedupe: inboundDedupe, botTexts: texts, newId: ids.newId }) : undefined;
  const sender = routeByPlatform({ teams: makeTeamsProactiveSender(adapter, settings.microsoftApp.appId, conversations, renderer), ...(slack ? { slack: slack.sender } : {}) });
  const approval = await makeApprovalWorkflow({ db: mongo.db, settings: approvalSettings, reports, content: content.reporting, texts, clock, ids, sender, log: logger });
  const reporting = makeReportingConversation({ reports, content: content.reporting, texts, clock, ids, workflow: approval.hooks });
  const mergerRepos = {
    mergers: makeMongoMergerRepository(mongo.db, clock),
    taskStates: makeMongoTaskStateRepository(mongo.db),
  };
  const merger = makeMergerConversation({
    guide: content.mergerGuide,
    texts: content.mergerTexts,
    municipalities: content.municipalities,
    ...mergerRepos,
    stateProjects: makeMongoStateProjectSource(mongo.db),
    areaServiceAreas: content.areaServiceAreas,
    clock,
    ids,
  });
  const digestChannel = makeTeamsDigestChannel(adapter, settings.microsoftApp.appId, conversations, renderer, digestSettings.delivery.maxMessageBytes);
  const digest = await makeDigest({ db: mongo.db, settings: digestSettings, approvalSettings, content: content.reporting, reports, channels: [digestChannel, ...(slack ? [slack.digestChannel(digestSettings.delivery.maxMessageBytes)] : [])], clock, ids, notifier: approval.notifier, logger });
  // The per-user limit sits right around the core: what the approval and digest wrappers answer never reaches it.
  const limitedCore = withRateLimit(makeBotCore({ texts, reports, reporting, merger, mergerCommands: content.mergerTexts.commands, myReportsCard: approval.myReportsCard }), {
    settings: { perMinute: settings.rateLimitPerMinute },
    texts,
    clock,
    isExpensive: makeExpensiveEventTest(texts, content.mergerTexts.commands),
    onLimited: (event) => logger.info('rate limited', { platform: event.actor.platform, kind: event.kind }),
  });
  const core = approval.wrap(digest.wrap(limitedCore));
  // Teams activities carry no e-mail: look it up in the member profile, but only if a role needs it.
  const memberEmail = hasEmailMatcher(approvalSettings.roles) ? makeMemberEmailLookup({ logger, clock }) : undefined;
  const bot = new TeamsBot({ core, renderer, dedupe: makeMongoInboundDedupe(mongo.db, clock), conversations, texts, logger, ...(memberEmail ? { memberEmail } : {}) });

  const server = createHttpServer({ databaseReachable: () => mongo.isReachable() }, logger, { rawBodyPaths: [SLACK_EVENTS_PATH] });
  mountTeamsRoute(server, adapter, bot, logger, makeTenantAllowlist(settings.teamsAllowedTenants));
  slack?.mount(server, core);
  mountOverviewRoutes(server, {
    reports,
    content: content.reporting,
    texts: loadOverviewTexts(settings.configDir),
    clock,
    logger,
    onRejectedQuery: (rejected) =>
      approval.audit.record({
        actor: { platform: 'web', userId: String(rejected.remoteAddress ?? 'unknown').slice(0, 64), displayName: 'web' },
        action: 'overview-query',
        outcome: 'refused',
        reason: 'invalid-query',
        details: rejected.problems.map((p) => `${p.param}: ${p.kind}`.slice(0, 300)),
      }),
  });
  const jobs = settings.jobsEnabled
    ? [
        scheduleJob('merger-reminders', settings.reminders.cron, settings.reminders.timezone, () =>
          sendMergerReminders({
            guide: content.mergerGuide,
            texts: content.mergerTexts,
            ...mergerRepos,
            conversations,
            log: makeMongoReminderLog(mongo.db),
            sender,
            clock,
            windowDays: settings.reminders.windowDays,
            onError: (mergerId, err) => logger.warn('reminder failed', { mergerId, err: (err as Error).message }),
          }),
        logger),
      ]
    : [];
  const port = await listen(server, settings.port, settings.host);
  if (settings.jobsEnabled) digest.start();
  logger.info('listening', { port, authenticated: settings.microsoftApp.authenticated });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      logger.info('shutting down');
      jobs.forEach((job) => job.stop());
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Work that Slack already got an ack for finishes before the database closes.
      await slack?.stop();
      await digest.stop();
      await approval.notifier.settled();
      await mongo.close();
      logger.info('stopped');
    })());
  return { port, stop, digest: digest.control };
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

async function runFromCommandLine(): Promise<void> {
  // The level is read before the full settings so that even a failed start logs at the asked level.
  const level = LOG_LEVELS.find((l) => l === process.env['LOG_LEVEL']) ?? 'info';
  const logger = createLogger({ level, base: { service: 'samhandlingsbot' } });
  let bot: RunningBot;
  try {
    bot = await startBot({ logger });
  } catch (err) {
    logger.error('start failed', { err: (err as Error).message });
    process.exit(1);
  }
  const graceMs = Number(process.env['SHUTDOWN_GRACE_MS'] ?? 10_000);
  const shutdown = (signal: string) => {
    logger.info('signal received', { signal });
    const timer = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, graceMs);
    timer.unref();
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('shutdown failed', { err });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  void runFromCommandLine();
}
