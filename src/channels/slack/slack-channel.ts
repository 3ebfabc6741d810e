import { App, webApi } from '@slack/bolt';
import type { Db } from 'mongodb';
import type { Server } from 'restify';
import type { BotCore } from '../../core/conversation/bot-core.js';
import type { ConversationRepository, Clock, InboundDedupe, ProactiveSender } from '../../core/ports.js';
import type { DigestChannel } from '../../core/digest/digest-ports.js';
import type { BotTexts } from '../../core/texts.js';
import { makeMongoSlackHomeQueries } from '../../data/slack-home-queries.js';
import { makeMongoSlackInstallationStore } from '../../data/slack-installation-store.js';
import { initSlackViewCollection, makeMongoSlackViewRepository } from '../../data/slack-view-repository.js';
import type { Logger } from '../../logging/logger.js';
import { registerActionHandlers } from './handlers/actions.js';
import { registerCommandHandlers } from './handlers/commands.js';
import { registerEventHandlers } from './handlers/events.js';
import { registerViewHandlers } from './handlers/views.js';
import { RestifyReceiver, SLACK_EVENTS_PATH } from './restify-receiver.js';
import { makeInstallCallbackOptions, makeInstaller, makeSlackAuthorize } from './slack-authorize.js';
import { obj, str } from './slack-inbound.js';
import { toSlackLogger } from './slack-logger.js';
import { makeSlackPoster } from './slack-poster.js';
import { makeSlackDigestChannel } from './slack-digest-channel.js';
import { makeSlackProactiveSender } from './slack-proactive-sender.js';
import type { SlackSettings } from './slack-settings.js';
import { makeTurns } from './slack-turn.js';
import { makeSlackUserDirectory } from './slack-users.js';
import { bilingual, makeWorkspaceAllowlist } from './workspace-allowlist.js';

export { SLACK_EVENTS_PATH };

export interface SlackChannelOptions {
  settings: SlackSettings;
  db: Db;
  clock: Clock;
  logger: Logger;
  conversations: ConversationRepository;
  dedupe: InboundDedupe;
  botTexts: BotTexts;
  newId: () => string;
}

export interface SlackChannel {
  /** Proactive messages into Slack conversations. */
  sender: ProactiveSender;
  /** Where the weekly digest posts into Slack conversations. */
  digestChannel(maxMessageBytes: number): DigestChannel;
  /** Registers the listeners with the core and the routes on the server. */
  mount(server: Server, core: BotCore): void;
  /** Waits for the work of acknowledged requests to finish (graceful shutdown). */
  stop(): Promise<void>;
}

/** The durable "seen before?" key of a delivery: Slack retries events and may deliver an action twice. */
export function dedupeKey(body: Record<string, unknown>): string | undefined {
  if (body['type'] === 'event_callback') return str(body['event_id']) ? `slack:event:${str(body['event_id'])}` : undefined;
  if (body['type'] === 'block_actions') {
    const [first] = Array.isArray(body['actions']) ? (body['actions'] as unknown[]) : [];
    const user = str(obj(body['user'])['id']) ?? '';
    const ts = str(obj(first)['action_ts']) ?? str(body['trigger_id']);
    return ts ? `slack:action:${user}:${ts}` : undefined;
  }
  if (typeof body['command'] === 'string') return str(body['trigger_id']) ? `slack:command:${str(body['trigger_id'])}` : undefined;
  return undefined;
}

/**
 * Slack through Bolt, in the bot's process and on its server (issue 6): the app with its receiver,
 * authorisation (one token or OAuth installations in MongoDB), and the proactive sender. The
 * listeners are registered in `mount`, once the core exists.
 */
export async function createSlackChannel(o: SlackChannelOptions): Promise<SlackChannel> {
  const { settings, logger } = o;
  await initSlackViewCollection(o.db);
  const slackLogger = toSlackLogger(logger);
  const clientOptions: webApi.WebClientOptions = { ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}), retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 } };
  const workspaces = makeWorkspaceAllowlist(settings.allowedWorkspaces);
  const installer = makeInstaller(settings, makeMongoSlackInstallationStore(o.db, o.clock), slackLogger, workspaces);
  const callbackOptions = makeInstallCallbackOptions({ settings, allowlist: workspaces, logger, clientOptions });
  const receiver = new RestifyReceiver({
    signingSecret: settings.signingSecret,
    logger,
    ...(installer ? { installer } : {}),
    ...(callbackOptions ? { callbackOptions } : {}),
    scopes: settings.oauth?.scopes ?? [],
    workspaces,
    workspaceRefusalText: bilingual(settings.texts.messages.workspaceNotAllowed),
  });
  const authorize = makeSlackAuthorize(settings, new webApi.WebClient(undefined, clientOptions), installer, workspaces);
  const app = new App({ receiver, authorize: (source) => authorize(source), clientOptions, logger: slackLogger });
  const views = makeMongoSlackViewRepository(o.db, o.clock);
  const poster = makeSlackPoster({ views, texts: settings.texts, newId: o.newId });

  app.use(async ({ body, next }) => {
    const key = dedupeKey(body as unknown as Record<string, unknown>);
    // With MongoDB unreachable the check fails: the request is handled anyway (it was acknowledged,
    // so Slack will not send it again) and its handler tells the user to try again if the core
    // cannot run. Refusing it here would end it without a word to the user.
    const first = key
      ? await o.dedupe.firstSeen(key).catch((err: unknown) => {
          logger.warn('slack duplicate check failed; handling the request anyway', { err: (err as Error).message });
          return true;
        })
      : true;
    if (!first) {
      logger.info('slack duplicate delivery ignored', { key: (key ?? '').slice(0, 120) });
      return;
    }
    await next();
  });
  app.error(async (err) => {
    logger.error('slack listener error', { err: err.message });
  });

  return {
    sender: makeSlackProactiveSender(o.conversations, authorize, poster, clientOptions),
    digestChannel: (maxMessageBytes) => makeSlackDigestChannel(o.conversations, authorize, clientOptions, maxMessageBytes),
    mount(server, core) {
      const deps = {
        core,
        texts: settings.texts,
        botTexts: o.botTexts,
        dedupe: o.dedupe,
        views,
        conversations: o.conversations,
        users: makeSlackUserDirectory(logger),
        home: makeMongoSlackHomeQueries(o.db),
        poster,
        logger,
        command: settings.command,
      };
      const turns = makeTurns(deps);
      registerEventHandlers(app, deps, turns);
      registerCommandHandlers(app, deps, turns);
      registerActionHandlers(app, deps, turns);
      registerViewHandlers(app, deps, turns);
      receiver.mount(server);
    },
    stop: () => receiver.stop(),
  };
}
