/**
 * The Slack benchmark's baseline: a bare @slack/bolt app on Bolt's own HTTP receiver that only
 * acknowledges (events, slash commands, clicks, view submissions), as its own process. The ratio
 * of the bot's ack times to these is the cost the bot's receiver and queue add to Bolt.
 * Env: PORT, SLACK_SIGNING_SECRET, SLACK_API_URL (the load generator's Web API stand-in).
 */
import { App } from '@slack/bolt';

const app = new App({
  signingSecret: process.env['SLACK_SIGNING_SECRET'] ?? '',
  token: 'xoxb-baseline',
  tokenVerificationEnabled: false,
  clientOptions: { slackApiUrl: process.env['SLACK_API_URL'] },
});
app.event('message', async () => undefined);
app.command(/.*/, async ({ ack }) => ack());
app.action(/.*/, async ({ ack }) => ack());
app.view(/.*/, async ({ ack }) => ack());

await app.start(Number(process.env['PORT'] ?? 0));
process.stdout.write(`listening http://127.0.0.1:${process.env['PORT']}/slack/events\n`);
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
