import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';
import { useSlackBot } from '../support/slack-bot.js';
import { blockTexts } from '../support/slack-client.js';
import { projectAnswers, publish } from './digest-fixtures.js';

const rolesFile = join(mkdtempSync(join(tmpdir(), 'slack-roles-')), 'roles.json');
writeFileSync(rolesFile, JSON.stringify({ reviewers: { DFD: [{ slack: 'URITA', name: 'Rita' }] }, coordinators: [{ email: 'cora@ks.no' }], admins: [] }));

const slack = useSlackBot({ env: { ROLES_FILE: rolesFile, DIGEST_STARTUP_DELAY_MS: '3600000', DIGEST_POLL_MS: '3600000', DIGEST_CONVERSATION_INTERVAL_MS: '20' } });
const GROUPS = Object.keys(VALID_GROUP_INPUTS);
const DIGEST_CHANNEL = 'CDIGEST1';

async function submitReport(userId: string, name: string): Promise<string> {
  const kari = slack.client({ id: userId, name });
  const before = slack.api.callsOf('views.open').length;
  await kari.command('ny rapport');
  let view = (await slack.api.waitFor('views.open', before + 1)).at(-1)!.result['view'];
  const viewId = view.id;
  for (const group of [...GROUPS, 'summary']) {
    const res = await kari.submit(view, (VALID_GROUP_INPUTS[group] ?? {}) as Record<string, string>);
    expect(res.body.response_action).toBe('update');
    view = { ...res.body.view, id: viewId };
  }
  const stored = await slack.db.collection('reports').findOne({ 'reporter.userId': userId, state: 'INNSENDT' });
  return String(stored?._id);
}

describe('Slack: approval and the weekly digest', () => {
  it('sends the review message to the reviewer; approving in a modal updates it and tells the reporter', async () => {
    const rita = slack.client({ id: 'URITA', name: 'Rita Reviewer' });
    await rita.dmText('hjelp');
    await slack.api.waitFor('chat.postMessage', 1, (c) => c.args['channel'] === rita.dm);
    const kari = slack.client({ id: 'UKARI2', name: 'Kari Rapportør' });
    await kari.dmText('hjelp');
    await slack.api.waitFor('chat.postMessage', 1, (c) => c.args['channel'] === kari.dm);

    const reportId = await submitReport('UKARI2', 'Kari Rapportør');
    const [review] = await slack.api.waitFor('chat.postMessage', 1, (c) => c.args['channel'] === rita.dm && blockTexts(c.args['blocks']).includes('Godkjenn'));
    const message = { kind: 'message' as const, channel: rita.dm, ts: review!.result['ts'], blocks: review!.args['blocks'] };
    expect(blockTexts(message.blocks)).toContain('Digital byggesøknad');

    await rita.click(message, 'slack.decide', (b) => JSON.parse(b.value)._verb === 'approval.approve');
    const [modal] = (await slack.api.waitFor('views.open', 1, (c) => c.args['view'].title.text === 'Godkjenning')).slice(-1);
    const closed = await rita.submit(modal!.result['view'], { sharingLevel: 'KS_OG_STAT', comment: '' });
    expect(closed.body).toEqual({ response_action: 'clear' });
    await slack.api.waitFor('chat.update', 1, (c) => c.args['ts'] === message.ts);
    expect(await slack.db.collection('reports').findOne({ _id: reportId as never })).toMatchObject({ state: 'GODKJENT', decision: { by: { platform: 'slack', userId: 'URITA' } } });
    await slack.api.waitFor('chat.postMessage', 1, (c) => c.args['channel'] === kari.dm && blockTexts(c.args['blocks']).includes('godkjent'));

    // Exactly one decision is recorded, by the Slack identity of the reviewer.
    const decisions = await slack.db.collection('audit_log').countDocuments({ action: 'approve', outcome: 'ok' });
    expect(decisions).toBe(1);
  });

  it('delivers a digest to a subscribed Slack channel, the project pages in the summary’s thread', async () => {
    const member = slack.client({ id: 'UMEMBER', name: 'Mona Medlem' });
    await member.mention(DIGEST_CHANNEL, 'abonner');
    await slack.api.waitFor('chat.postMessage', 1, (c) => c.args['channel'] === DIGEST_CHANNEL && blockTexts(c.args['blocks']).includes('abonnerer'));
    const sub = await slack.db.collection('digest_subscriptions').findOne({ conversationKey: `slack:${DIGEST_CHANNEL}` });
    expect(sub).toBeTruthy();
    await publish(slack.db, 'slack-digest', 1, projectAnswers({ name: 'Nasjonalt byggeregister <!channel>', areas: 'PLAN_MILJO' }), 'APEN', new Date());

    // The coordinator is recognised by the e-mail address Slack reports for her (users.info).
    const cora = slack.client({ id: 'UCORA', name: 'Cora Koordinator', email: 'cora@ks.no' });
    await cora.dmText(`send sammendrag nå ${String(sub!['_id']).slice(0, 8)}`);
    await slack.api.waitFor('chat.postMessage', 1, (c) => c.args['channel'] === cora.dm && blockTexts(c.args['blocks']).includes('lagt i kø'));
    await slack.bot.digest.deliverAll();

    const posts = slack.api.callsOf('chat.postMessage').filter((c) => c.args['channel'] === DIGEST_CHANNEL);
    const summary = posts.find((c) => c.args['text']?.includes('Ukesammendrag') || blockTexts(c.args['blocks']).includes('Ukesammendrag'));
    expect(summary).toBeDefined();
    const page = posts.find((c) => blockTexts(c.args['blocks']).includes('Nasjonalt byggeregister'));
    expect(page).toBeDefined();
    expect(JSON.stringify(page!.args['blocks'])).not.toContain('<!channel>');
    expect(page!.args['thread_ts']).toBe(summary!.result['ts']);
    expect(posts.every((c) => (c.args['blocks'] as unknown[]).length <= 50)).toBe(true);
  });
});
