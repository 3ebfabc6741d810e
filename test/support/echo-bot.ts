/**
 * A throwaway, bare botbuilder echo bot: restify 11 + CloudAdapter without credentials.
 *
 * Used by the Agents Playground smoke test and as the benchmark baseline (the smallest
 * possible bot behind the same HTTP stack as the real one). Behaviour:
 *  - message  → replies with the same text;
 *  - invoke `adaptiveCard/action` → invoke response with a card `got <data as JSON>`;
 *  - everything else → ignored (HTTP 200 / 202 from the adapter).
 *
 * No MicrosoftAppId/password: ConfigurationBotFrameworkAuthentication then accepts
 * requests without an Authorization header and sends replies to `activity.serviceUrl`
 * without a token, which is exactly what the Playground (started without --client-id) expects.
 */
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from 'botbuilder';

export interface EchoBot {
  /** Messaging endpoint, e.g. `http://127.0.0.1:3978/api/messages`. */
  url: string;
  stop(): Promise<void>;
}

export function echoCard(data: unknown): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text: 'got ' + JSON.stringify(data), wrap: true }],
  };
}

async function logic(context: TurnContext): Promise<void> {
  const activity = context.activity;
  if (activity.type === ActivityTypes.Message) {
    await context.sendActivity(activity.text ?? '');
    return;
  }
  if (activity.type === ActivityTypes.Invoke && activity.name === 'adaptiveCard/action') {
    const value = (activity.value ?? {}) as { action?: { data?: unknown } };
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: {
        status: 200,
        body: {
          statusCode: 200,
          type: 'application/vnd.microsoft.card.adaptive',
          value: echoCard(value.action?.data ?? null),
        },
      },
    });
  }
}

/** Starts the bot on 127.0.0.1:`port` (0 = pick a free port). */
export async function startEchoBot(port: number): Promise<EchoBot> {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppType: 'MultiTenant',
    MicrosoftAppTenantId: '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    console.error('[echo-bot] turn error:', error);
    // An invoke must still get an answer, otherwise the Playground reports 502.
    if (context.activity.type === ActivityTypes.Invoke) {
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 500 } });
    }
  };

  const server = restify.createServer({ name: 'echo-bot' });
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, logic);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address() as unknown as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/api/messages`,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive sockets from the Playground would otherwise hold close() open.
      server.server.closeAllConnections();
      await closed;
    },
  };
}
