import {
  CloudAdapter,
  ConfigurationServiceClientCredentialFactory,
  type ActivityHandler,
} from 'botbuilder';
import type { Response, Server } from 'restify';
import type { Settings } from '../../settings/env.js';
import type { Logger } from '../../logging/logger.js';
import { CachingBotFrameworkAuthentication } from './connector-cache.js';
import { makeTenantAllowlist, type TenantAllowlist } from './tenant-allowlist.js';

/**
 * A CloudAdapter for the configured app. Without credentials (development, Agents Playground,
 * Emulator) Bot Framework authentication is disabled and local unauthenticated traffic is accepted;
 * `loadSettings` refuses that combination in production.
 */
export function createTeamsAdapter(settings: Settings, logger: Logger): CloudAdapter {
  const { appId, appType, tenantId } = settings.microsoftApp;
  const config = {
    MicrosoftAppId: appId,
    MicrosoftAppPassword: settings.secrets.microsoftAppPassword,
    MicrosoftAppType: appType,
    MicrosoftAppTenantId: tenantId,
  };
  // Same authentication as ConfigurationBotFrameworkAuthentication; outbound clients are reused (connector-cache.ts).
  const auth = new CachingBotFrameworkAuthentication(config, new ConfigurationServiceClientCredentialFactory(config));
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    // Last-resort boundary: the handlers answer the user themselves; this only logs what escaped.
    logger.error('unhandled turn error', { err: error, activityType: context.activity.type });
  };
  return adapter;
}

/** What an error status of /api/messages says: never the adapter's own message (it can carry internals). */
const ERROR_BODIES: Record<number, string> = { 400: 'bad request', 401: 'unauthorized', 403: 'forbidden', 405: 'method not allowed' };

/**
 * The response as the adapter sees it. CloudAdapter answers a failure of its own with the error's
 * message as the body (a string or the Error), which must not reach the caller: such a body becomes
 * a fixed text for its status. Invoke responses (plain objects built by the handlers, such as the
 * localized "try again" of a card action) pass unchanged.
 */
function withoutErrorDetails(res: Response): Response {
  let status = 200;
  const wrapped = {
    socket: res.socket,
    status: (code: number) => {
      status = code;
      res.status(code);
      return wrapped;
    },
    header: (name: string, value: unknown) => {
      res.header(name, value);
      return wrapped;
    },
    send: (body?: unknown) => {
      const ours = body !== null && typeof body === 'object' && !(body instanceof Error);
      if (status < 400 || ours) res.send(body);
      else res.send({ error: ERROR_BODIES[status] ?? 'internal error' });
      return wrapped;
    },
    end: () => res.end(),
  };
  return wrapped as unknown as Response;
}

export function mountTeamsRoute(server: Server, adapter: CloudAdapter, bot: ActivityHandler, logger: Logger, tenants: TenantAllowlist = makeTenantAllowlist([])): void {
  server.post('/api/messages', async (req, res) => {
    const refused = tenants.refusal(req.body);
    if (refused) {
      // Nothing of the activity is processed, stored or logged beyond this line (no user ids, names or text).
      logger.warn('teams activity refused: tenant not on the allow-list', { reason: refused.reason, tenantIds: refused.tenantIds });
      res.status(403);
      res.json({ error: 'forbidden' });
      return;
    }
    try {
      await adapter.process(req, withoutErrorDetails(res), (context) => bot.run(context));
    } catch (err) {
      logger.warn('rejected /api/messages request', { err: (err as Error).message });
      if (!res.headersSent) {
        res.status(401);
        res.json({ error: 'unauthorized' });
      }
    }
  });
}
