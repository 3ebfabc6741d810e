import { describe, expect, it } from 'vitest';
import { useSlackBot } from '../support/slack-bot.js';
import { eventRequest, sendSigned } from '../support/slack-client.js';

const slack = useSlackBot({ env: { SLACK_BOT_TOKEN: '', SLACK_CLIENT_ID: '123.456', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret-for-tests' } });

describe('Slack: OAuth installation for several workspaces', () => {
  it('installs through /slack/install and /slack/oauth_redirect, stores the installation in MongoDB and uses its token', async () => {
    const page = await fetch(`${slack.bot.url}/slack/install`, { redirect: 'manual' });
    expect(page.status).toBe(200);
    const html = await page.text();
    const authorizeUrl = /<a href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? '';
    const state = new URL(authorizeUrl).searchParams.get('state');
    expect(state).toBeTruthy();
    expect(new URL(authorizeUrl).searchParams.get('scope')).toContain('chat:write');
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

    const callback = await fetch(`${slack.bot.url}/slack/oauth_redirect?code=abc&state=${encodeURIComponent(state!)}`, { headers: { cookie }, redirect: 'manual' });
    expect(callback.status).toBe(200);
    const stored = await slack.db.collection('slack_installations').findOne({ _id: 'team:T0OTHER' as never });
    expect(stored?.['installation']).toMatchObject({ team: { id: 'T0OTHER' }, bot: { token: 'xoxb-installed-abc', userId: 'UBOT2' } });

    // A message from the installed workspace is answered with that workspace's token.
    slack.api.addUser({ id: 'UOTHER', name: 'Other User', locale: 'en-US' });
    const res = await sendSigned(slack.bot.url, eventRequest({ type: 'message', channel_type: 'im', channel: 'DOTHER', user: 'UOTHER', text: 'help' }, { teamId: 'T0OTHER' }));
    expect(res.status).toBe(200);
    const [post] = await slack.api.waitFor('chat.postMessage', 1, (c) => c.args['channel'] === 'DOTHER');
    expect(post!.token).toBe('xoxb-installed-abc');
  });

  it('refuses a callback with a forged state and stores nothing', async () => {
    const res = await fetch(`${slack.bot.url}/slack/oauth_redirect?code=evil&state=forged`, { redirect: 'manual' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await slack.db.collection('slack_installations').countDocuments({ 'installation.bot.token': 'xoxb-installed-evil' })).toBe(0);
  });

  it('ignores events from a workspace without an installation', async () => {
    const before = slack.api.calls.length;
    const res = await sendSigned(slack.bot.url, eventRequest({ type: 'message', channel_type: 'im', channel: 'DNONE', user: 'UNONE', text: 'help' }, { teamId: 'T0NONE' }));
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(slack.api.calls.slice(before).filter((c) => c.method === 'chat.postMessage')).toHaveLength(0);
  });
});
