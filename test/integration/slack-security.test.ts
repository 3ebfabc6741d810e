import { describe, expect, it } from 'vitest';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';
import { useSlackBot } from '../support/slack-bot.js';
import { blockTexts, eventRequest, interactionRequest, sendSigned, signSlack, stateFor, TEST_SIGNING_SECRET } from '../support/slack-client.js';
import { startTestBot } from '../support/test-bot.js';

const slack = useSlackBot();

async function openReport(userId: string, name: string) {
  const client = slack.client({ id: userId, name });
  const before = slack.api.callsOf('views.open').length;
  await client.command('ny rapport');
  const calls = await slack.api.waitFor('views.open', before + 1);
  const view = calls[calls.length - 1]!.result['view'];
  const report = await slack.db.collection('reports').findOne({ 'reporter.userId': userId }, { sort: { createdAt: -1 } });
  return { client, view, report: report! };
}

const reportById = (id: unknown) => slack.db.collection('reports').findOne({ _id: id as never });

describe('Slack: signatures and replays', () => {
  it('refuses a missing or bad signature and a timestamp older than five minutes with 401, doing nothing', async () => {
    const req = eventRequest({ type: 'message', channel_type: 'im', channel: 'DSEC', user: 'USEC', text: 'hjelp' });
    const calls = slack.api.calls.length;
    const missing = await sendSigned(slack.bot.url, { ...req, headers: {} });
    const bad = await sendSigned(slack.bot.url, { ...req, headers: signSlack(req.body, 'not-the-secret') });
    const tampered = await sendSigned(slack.bot.url, { ...req, body: req.body.replace('hjelp', 'ny rapport') });
    const old = await sendSigned(slack.bot.url, { ...req, headers: signSlack(req.body, TEST_SIGNING_SECRET, Math.floor(Date.now() / 1000) - 6 * 60) });
    expect([missing.status, bad.status, tampered.status, old.status]).toEqual([401, 401, 401, 401]);
    await new Promise((r) => setTimeout(r, 200));
    expect(slack.api.calls.length).toBe(calls);
  });

  it('answers a replayed event and a Slack retry (x-slack-retry-num) without a second side effect', async () => {
    const user = slack.client({ id: 'UREPLAY', name: 'Rita Replay' });
    const req = eventRequest({ type: 'message', channel_type: 'im', channel: user.dm, user: 'UREPLAY', text: 'ny rapport' }, { eventId: 'EvReplay1' });
    expect((await sendSigned(slack.bot.url, req)).status).toBe(200);
    await slack.api.waitFor('chat.postMessage', 1, (c) => c.args['channel'] === user.dm);
    const replay = await sendSigned(slack.bot.url, req);
    const retry = await sendSigned(slack.bot.url, { ...req, headers: { ...signSlack(req.body), 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect([replay.status, retry.status]).toEqual([200, 200]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await slack.db.collection('reports').countDocuments({ 'reporter.userId': 'UREPLAY' })).toBe(1);
    expect(slack.api.callsOf('chat.postMessage').filter((c) => c.args['channel'] === user.dm)).toHaveLength(1);
  });

  it('acknowledges within Slack’s 3 seconds', async () => {
    const user = slack.client({ id: 'UFAST', name: 'Fast' });
    const res = await user.dmText('hva gjør vi nå?');
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3_000);
  });

  it('is off when the Slack variables are unset', async () => {
    const bot = await startTestBot();
    try {
      const req = eventRequest({ type: 'message', channel_type: 'im', channel: 'DX', user: 'UX', text: 'hjelp' });
      expect((await sendSigned(bot.url, req)).status).toBe(404);
    } finally {
      await bot.stop();
    }
  });
});

describe('Slack: view submissions are checked before anything is stored', () => {
  it('refuses unknown block ids, unknown action ids and oversized values with a clear error', async () => {
    const { client, view, report } = await openReport('UBAD', 'Bo Bad');
    const good = stateFor(view, VALID_GROUP_INPUTS['identification'] as Record<string, string>);

    const unknownBlock = { values: { ...good.values, isAdmin: { value: { type: 'plain_text_input', value: 'true' } } } };
    const unknownAction = { values: { ...good.values, projectName: { sneaky: { type: 'plain_text_input', value: 'x' } } } };
    const oversized = { values: { ...good.values, description: undefined, projectName: { value: { type: 'plain_text_input', value: 'x'.repeat(3_001) } } } };
    for (const [state, text] of [[unknownBlock, 'ukjent felt (isAdmin)'], [unknownAction, 'ukjent felt (projectName)'], [oversized, 'høyst 3000 tegn']] as const) {
      const res = await sendSigned(slack.bot.url, interactionRequest(client.viewSubmissionPayload(view, JSON.parse(JSON.stringify(state)))));
      expect(res.status).toBe(200);
      expect(res.body.response_action).toBe('errors');
      expect(Object.values(res.body.errors).join(' ').toLowerCase()).toContain(text.toLowerCase());
    }
    const after = await reportById(report._id);
    expect(after?.['rev']).toBe(report['rev']);
    expect(after?.['answers']['projectName']).toBeUndefined();
  });

  it('refuses a submission of another user’s modal and stores nothing', async () => {
    const { view, report } = await openReport('UOWNER', 'Olga Owner');
    const mallory = slack.client({ id: 'UMALLORY', name: 'Mallory' });
    const res = await mallory.submit(view, VALID_GROUP_INPUTS['identification'] as Record<string, string>);
    expect(res.body.response_action).toBe('errors');
    expect(Object.values(res.body.errors).join(' ')).toContain('tilhører en annen bruker');
    const after = await reportById(report._id);
    expect(after?.['rev']).toBe(report['rev']);
    expect(after?.['answers']['projectName']).toBeUndefined();
  });

  it('shows field errors beside the fields (response_action: errors) and keeps the valid answers', async () => {
    const { client, view, report } = await openReport('UERR', 'Eva Error');
    const res = await client.submit(view, { ...(VALID_GROUP_INPUTS['identification'] as Record<string, string>), contactEmail: 'eva(at)example' });
    expect(res.body.response_action).toBe('errors');
    expect(Object.keys(res.body.errors)).toContain('contactEmail');
    const after = await reportById(report._id);
    expect(after?.['answers']['shortName']).toBe('DiBy');
    // The corrected submission goes through: the bot kept the new rev on the server, not in the modal.
    const next = await client.submit(view, VALID_GROUP_INPUTS['identification'] as Record<string, string>);
    expect(next.body.response_action).toBe('update');
    expect(blockTexts(next.body.view.blocks)).toContain('Steg 2 av 11');
  });

  it('answers a replayed submission with the first answer and changes nothing more', async () => {
    const { client, view, report } = await openReport('UREPV', 'Per Replay');
    const req = interactionRequest(client.viewSubmissionPayload(view, stateFor(view, VALID_GROUP_INPUTS['identification'] as Record<string, string>)));
    const first = await sendSigned(slack.bot.url, req);
    const again = await sendSigned(slack.bot.url, req);
    expect(first.body.response_action).toBe('update');
    expect(again.body).toEqual(first.body);
    expect((await reportById(report._id))?.['rev']).toBe(report['rev'] + 1);
  });

  it('escapes user text in Block Kit: no mentions, no links', async () => {
    const { client, view } = await openReport('UESC', 'Esc');
    const evil = 'Prosjekt <@U999> @channel https://evil.example & co';
    const res = await client.submit(view, { ...(VALID_GROUP_INPUTS['identification'] as Record<string, string>), projectName: evil });
    expect(res.body.response_action).toBe('update');
    await client.command('mine rapporter');
    const [list] = await slack.api.waitFor('chat.postMessage', 1, (c) => JSON.stringify(c.args['blocks'] ?? '').includes('evil.example'));
    const blocks = JSON.stringify(list!.args['blocks']);
    expect(blocks).toContain('&lt;@U999&gt;');
    expect(blocks).toContain('&amp; co');
    expect(blocks).not.toContain('<@U999>');
    // Every mrkdwn text carrying the user's URL is verbatim: Slack neither links nor expands it.
    const texts: any[] = [];
    JSON.parse(blocks, (_k, v) => (v && v.type === 'mrkdwn' && String(v.text).includes('evil.example') ? (texts.push(v), v) : v));
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => t.verbatim === true)).toBe(true);
  });
});
