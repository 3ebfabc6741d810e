import type { Installation } from '@slack/oauth';
import type { Db } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeInstaller, makeSlackAuthorize } from '../../src/channels/slack/slack-authorize.js';
import { loadSlackSettings } from '../../src/channels/slack/slack-settings.js';
import { toSlackLogger } from '../../src/channels/slack/slack-logger.js';
import { systemClock } from '../../src/core/ports.js';
import { makeMongoSlackInstallationStore } from '../../src/data/slack-installation-store.js';
import { createLogger } from '../../src/logging/logger.js';
import { webApi } from '@slack/bolt';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';
import { SLACK_TEST_ENV, useSlackBot, type SlackBot } from '../support/slack-bot.js';
import { blockTexts, commandRequest, eventRequest, findButton, interactionRequest, sendSigned, signSlack, SlackTestClient, stateFor } from '../support/slack-client.js';

const OAUTH_ENV = { SLACK_CLIENT_ID: '123.456', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret-for-tests' };

type AllowlistBot = SlackBot;

/**
 * The real bot with Slack on (a bot token for T0TEST and OAuth installations) against the Web API
 * stand-in, with its warnings captured to check what a refusal writes.
 */
function useAllowlistBot(allowed: string): AllowlistBot {
  return useSlackBot({ env: { ...OAUTH_ENV, JOBS_ENABLED: 'false', SLACK_ALLOWED_WORKSPACES: allowed }, logLevel: 'warn' });
}

/** Every document of every collection: what "nothing stored" is checked against. */
async function snapshot(db: Db): Promise<string> {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  const out: Record<string, unknown[]> = {};
  for (const name of names) out[name] = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
  return JSON.stringify(out);
}

function installationOf(teamId: string, token: string, enterpriseId?: string): Installation {
  return {
    team: { id: teamId, name: teamId },
    ...(enterpriseId ? { enterprise: { id: enterpriseId } } : {}),
    user: { id: 'UINSTALLER', token: undefined, scopes: undefined },
    bot: { token, scopes: ['chat:write', 'commands'], id: 'BINST', userId: 'UBOTINST' },
    isEnterpriseInstall: false,
    appId: 'A0TEST',
    authVersion: 'v2',
  } as Installation;
}

/** Runs the OAuth flow in a browser's stead: install page, then Slack's redirect with a code. */
async function installCallback(botUrl: string, code: string): Promise<Response> {
  const page = await fetch(`${botUrl}/slack/install`, { redirect: 'manual' });
  const html = await page.text();
  const authorizeUrl = /<a href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? '';
  const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return fetch(`${botUrl}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
}

const REFUSED = 'slack request refused: workspace not on the allow-list';
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('Slack: only workspaces on SLACK_ALLOWED_WORKSPACES are served', () => {
  const slack = useAllowlistBot('T0TEST, E0GRID');

  beforeAll(async () => {
    // Installed before the allow-list was tightened: without the list its requests would be served.
    const store = makeMongoSlackInstallationStore(slack.db, systemClock);
    await store.storeInstallation(installationOf('T0EVIL', 'xoxb-evil'));
    await store.storeInstallation(installationOf('T0GRIDWS', 'xoxb-grid', 'E0GRID'));
  });

  it('answers a workspace on the list (DM "hjelp" gets its answer posted to the Web API)', async () => {
    const kari = slack.client({ id: 'UALLOWED', name: 'Kari Tillatt' });
    const res = await kari.dmText('hjelp');
    expect(res.status).toBe(200);
    const [post] = await slack.api.waitFor('chat.postMessage', 1, (c) => c.args['channel'] === kari.dm);
    expect(post!.token).toBe('xoxb-test-token');
    expect(slack.logs.filter((l) => l['msg'] === REFUSED)).toHaveLength(0);
  });

  it('answers a workspace of an Enterprise Grid organisation on the list, with its installation’s token', async () => {
    slack.api.addUser({ id: 'UGRID', name: 'Grid User', locale: 'nb-NO' });
    const body = JSON.stringify({ type: 'event_callback', team_id: 'T0GRIDWS', enterprise_id: 'E0GRID', api_app_id: 'A0TEST', event_id: 'EvGrid1', event_time: Math.floor(Date.now() / 1000), event: { type: 'message', channel_type: 'im', channel: 'DGRID', user: 'UGRID', text: 'hjelp', ts: `${Date.now() / 1000}` } });
    expect((await sendSigned(slack.bot.url, { body, contentType: 'application/json', headers: signSlack(body) })).status).toBe(200);
    const [post] = await slack.api.waitFor('chat.postMessage', 1, (c) => c.args['channel'] === 'DGRID');
    expect(post!.token).toBe('xoxb-grid');
  });

  it('answers a DM event, a slash command, a button click and a view submission from another workspace with 200, posting and storing nothing', async () => {
    // A report modal and a message with a button, as the bot makes them for a user on the list.
    const kari = slack.client({ id: 'UKARI', name: 'Kari Nordmann' });
    await kari.dmText('ny rapport');
    const [formPost] = await slack.api.waitFor('chat.postMessage', 1, (c) => c.args['channel'] === kari.dm && findButton(c.args['blocks'] ?? [], 'slack.openForm') !== undefined);
    const formMessage = { kind: 'message' as const, channel: kari.dm, ts: formPost!.result['ts'] as string, blocks: formPost!.args['blocks'] as any[] };
    await kari.command('ny rapport');
    const view = (await slack.api.waitFor('views.open', 1)).at(-1)!.result['view'];
    const report = await slack.db.collection('reports').findOne({ 'reporter.userId': 'UKARI' }, { sort: { createdAt: -1 } });
    expect(report).not.toBeNull();
    await settle();

    // The same user id, but the requests come from a workspace that is not on the list.
    const mallory = new SlackTestClient(slack.bot.url, slack.api, { id: 'UKARI', name: 'Kari Nordmann', teamId: 'T0EVIL' }, kari.dm);
    const before = await snapshot(slack.db);
    const calls = slack.api.calls.length;
    const logsBefore = slack.logs.length;
    const identification = VALID_GROUP_INPUTS['identification'] as Record<string, string>;

    const dm = await mallory.dmText('hjelp');
    const command = await mallory.command('ny rapport');
    const click = await mallory.click(formMessage, 'slack.openForm');
    const submission = await mallory.submit(view, identification);

    expect([dm.status, command.status, click.status, submission.status]).toEqual([200, 200, 200, 200]);
    await settle();
    expect(slack.api.calls.slice(calls)).toEqual([]);
    expect(await snapshot(slack.db)).toBe(before);
    expect([dm.body, click.body, submission.body]).toEqual(['', '', '']);
    expect(command.body).toEqual({ response_type: 'ephemeral', text: 'Denne boten er ikke åpnet for dette arbeidsområdet. / This bot is not enabled for this workspace.' });

    // Logged as a warning with the workspace id and the kind of request; no user id, no text.
    const refusals = slack.logs.slice(logsBefore).filter((l) => l['msg'] === REFUSED);
    expect(refusals.map((l) => l['kind'])).toEqual(['event_callback:message', 'slash_command', 'block_actions', 'view_submission']);
    for (const l of refusals) expect(l).toMatchObject({ level: 'warn', reason: 'workspace-not-allowed', teamIds: ['T0EVIL'] });
    const logged = JSON.stringify(refusals);
    for (const secret of ['UKARI', 'hjelp', 'ny rapport', 'Kari', identification['projectName']!]) expect(logged).not.toContain(secret);

    // The same submission and click from the workspace on the list go through: the list is what refused them.
    const accepted = await kari.submit(view, identification);
    expect(accepted.body.response_action).toBe('update');
    expect(blockTexts(accepted.body.view.blocks)).toContain('Steg 2 av 11');
    const opens = slack.api.callsOf('views.open').length;
    await kari.click(formMessage, 'slack.openForm');
    await slack.api.waitFor('views.open', opens + 1);
  });

  it('refuses app_uninstalled, tokens_revoked, a message from a user of another workspace in a shared channel, and a request naming no workspace', async () => {
    const before = await snapshot(slack.db);
    const calls = slack.api.calls.length;
    const logsBefore = slack.logs.length;
    const uninstalled = await sendSigned(slack.bot.url, eventRequest({ type: 'app_uninstalled' }, { teamId: 'T0EVIL' }));
    const revoked = await sendSigned(slack.bot.url, eventRequest({ type: 'tokens_revoked', tokens: { bot: ['UBOTINST'] } }, { teamId: 'T0EVIL' }));
    const shared = await sendSigned(slack.bot.url, eventRequest({ type: 'app_mention', channel: 'CSHARED', user: 'UEXT', user_team: 'T0EVIL', text: '<@UBOT> hjelp', ts: `${Date.now() / 1000}` }, { teamId: 'T0TEST' }));
    const nameless = await sendSigned(slack.bot.url, interactionRequest({ type: 'block_actions', user: { id: 'UX' }, actions: [] }));
    const slashNoWorkspace = await sendSigned(slack.bot.url, commandRequest({ command: '/samhandling', text: 'hjelp', user_id: 'UX', trigger_id: 'trig-x' }));
    expect([uninstalled, revoked, shared, nameless].map((r) => [r.status, r.body])).toEqual([[200, ''], [200, ''], [200, ''], [200, '']]);
    expect(slashNoWorkspace.status).toBe(200);
    await settle();
    expect(slack.api.calls.slice(calls)).toEqual([]);
    expect(await snapshot(slack.db)).toBe(before);
    expect(slashNoWorkspace.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('This bot is not enabled for this workspace.') });
    const refusals = slack.logs.slice(logsBefore).filter((l) => l['msg'] === REFUSED);
    expect(refusals.map((l) => [l['kind'], l['reason']])).toEqual([
      ['event_callback:app_uninstalled', 'workspace-not-allowed'],
      ['event_callback:tokens_revoked', 'workspace-not-allowed'],
      ['event_callback:app_mention', 'workspace-not-allowed'],
      ['block_actions', 'no-workspace'],
      ['slash_command', 'no-workspace'],
    ]);
  });

  it('still answers url_verification and ssl_check', async () => {
    const challenge = JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'legacy' });
    const verified = await sendSigned(slack.bot.url, { body: challenge, contentType: 'application/json', headers: signSlack(challenge) });
    expect(verified).toMatchObject({ status: 200, body: { challenge: 'abc123' } });
    const ssl = await sendSigned(slack.bot.url, commandRequest({ ssl_check: '1', token: 'legacy' }));
    expect(ssl.status).toBe(200);
    expect(ssl.body).toBe('');
  });

  it('does not store an OAuth installation into a workspace not on the list, revokes its token and shows a page in both languages', async () => {
    const logsBefore = slack.logs.length;
    const revokes = slack.api.callsOf('auth.revoke').length;
    const callback = await installCallback(slack.bot.url, 'refused1');
    expect(callback.status).toBe(403);
    const page = await callback.text();
    expect(page).toContain('Denne boten er ikke åpnet for dette arbeidsområdet.');
    expect(page).toContain('This bot is not enabled for this workspace.');
    expect(await slack.db.collection('slack_installations').findOne({ _id: 'team:T0OTHER' as never })).toBeNull();
    expect(await slack.db.collection('slack_installations').countDocuments({ 'installation.bot.token': 'xoxb-installed-refused1' })).toBe(0);
    const [revoke] = slack.api.callsOf('auth.revoke').slice(revokes);
    expect(revoke?.token).toBe('xoxb-installed-refused1');
    const warning = slack.logs.slice(logsBefore).find((l) => l['msg'] === 'slack installation refused: workspace not on the allow-list');
    expect(warning).toMatchObject({ level: 'warn', teamId: 'T0OTHER' });
    expect(JSON.stringify(slack.logs.slice(logsBefore))).not.toContain('xoxb-installed-refused1');
  });

  it('gives no token for a workspace not on the list, and its installation store stores none (defence in depth)', async () => {
    const settings = loadSlackSettings('config', { ...SLACK_TEST_ENV(slack.api.url), ...OAUTH_ENV, SLACK_ALLOWED_WORKSPACES: 'T0TEST,E0GRID' })!;
    const logger = toSlackLogger(createLogger({ write: () => undefined }));
    const installer = makeInstaller(settings, makeMongoSlackInstallationStore(slack.db, systemClock), logger)!;
    const authorize = makeSlackAuthorize(settings, new webApi.WebClient(undefined, { slackApiUrl: settings.apiUrl! }), installer);

    expect((await authorize({ teamId: 'T0TEST', isEnterpriseInstall: false })).botToken).toBe('xoxb-test-token');
    expect((await authorize({ teamId: 'T0GRIDWS', isEnterpriseInstall: false })).botToken).toBe('xoxb-grid');
    // T0EVIL has an installation in the store, but it is not on the list.
    await expect(authorize({ teamId: 'T0EVIL', isEnterpriseInstall: false })).rejects.toThrow(/allow-list/);
    await expect(authorize({ teamId: 'T0EVIL', enterpriseId: 'E0EVIL', isEnterpriseInstall: false })).rejects.toThrow(/allow-list/);

    await expect(installer.installationStore.storeInstallation(installationOf('T0STRANGER', 'xoxb-stranger'))).rejects.toThrow(/allow-list/);
    expect(await slack.db.collection('slack_installations').findOne({ _id: 'team:T0STRANGER' as never })).toBeNull();
  });
});

describe('Slack: an OAuth installation into a workspace on SLACK_ALLOWED_WORKSPACES', () => {
  const slack = useAllowlistBot('T0TEST,T0OTHER');

  it('is stored and its token used', async () => {
    const callback = await installCallback(slack.bot.url, 'welcome1');
    expect(callback.status).toBe(200);
    const stored = await slack.db.collection('slack_installations').findOne({ _id: 'team:T0OTHER' as never });
    expect(stored?.['installation']).toMatchObject({ team: { id: 'T0OTHER' }, bot: { token: 'xoxb-installed-welcome1' } });
    expect(slack.api.callsOf('auth.revoke')).toHaveLength(0);

    slack.api.addUser({ id: 'UOTHER', name: 'Other User', locale: 'en-US' });
    await sendSigned(slack.bot.url, eventRequest({ type: 'message', channel_type: 'im', channel: 'DOTHER', user: 'UOTHER', text: 'help' }, { teamId: 'T0OTHER' }));
    const [post] = await slack.api.waitFor('chat.postMessage', 1, (c) => c.args['channel'] === 'DOTHER');
    expect(post!.token).toBe('xoxb-installed-welcome1');
  });
});
