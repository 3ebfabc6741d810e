import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type ActivityHandler,
} from 'botbuilder';
import type { Server } from 'restify';
import type { Settings } from '../../settings/env.js';
import type { Logger } from '../../logging/logger.js';

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
  const auth = new ConfigurationBotFrameworkAuthentication(config, new ConfigurationServiceClientCredentialFactory(config));
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    // Last-resort boundary: the handlers answer the user themselves; this only logs what escaped.
    logger.error('unhandled turn error', { err: error, activityType: context.activity.type });
  };
  return adapter;
}

export function mountTeamsRoute(server: Server, adapter: CloudAdapter, bot: ActivityHandler, logger: Logger): void {
  server.post('/api/messages', async (req, res) => {
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (err) {
      logger.warn('rejected /api/messages request', { err: (err as Error).message });
      if (!res.headersSent) {
        res.status(401);
        res.json({ error: 'unauthorized' });
      }
    }
  });
}
