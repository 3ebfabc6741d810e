import { describe, expect, it } from 'vitest';
import { useSlackBot } from '../support/slack-bot.js';
import { blockTexts, eventRequest, findButton, sendSigned, type SlackTestClient } from '../support/slack-client.js';

const slack = useSlackBot();
const CHANNEL = 'CMERGE01';

const oneYearAhead = (() => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`;
})();

const posted = (channel: string, includes: string) => (c: any) => c.args['channel'] === channel && blockTexts(c.args['blocks'] ?? []).includes(includes);

async function lastPost(channel: string, includes: string) {
  const calls = await slack.api.waitFor('chat.postMessage', 1, posted(channel, includes));
  const call = calls[calls.length - 1]!;
  return { kind: 'message' as const, channel, ts: call.result['ts'] as string, blocks: call.args['blocks'] as any[] };
}

async function lastView(method: 'views.open' | 'views.update', includes: string) {
  const calls = await slack.api.waitFor(method, 1, (c) => blockTexts(c.args['view'].blocks).includes(includes));
  return calls[calls.length - 1]!.result['view'];
}

async function register(kari: SlackTestClient) {
  await kari.mention(CHANNEL, 'ny sammenslåing');
  const formMessage = await lastPost(CHANNEL, 'Åpne skjemaet');
  await kari.click(formMessage, 'slack.openForm');
  const form = await lastView('views.open', 'Registrer');
  const res = await kari.submit(form, { name: 'Nye Asker', municipalities: 'Asker, Bærum', mergerDate: oneYearAhead, cond__usesFeide: 'true', cond__runsLegevakt: 'false' });
  expect(res.body.response_action, JSON.stringify(res.body).slice(0, 400)).toBe('update');
  const phase = { ...res.body.view, id: form.id, hash: 'h-phase' };
  const done = await kari.submit(phase, { phase: 'planlegging-og-anskaffelse' });
  expect(done.body).toEqual({ response_action: 'clear' });
  // The message that offered the form is replaced by the registered merger's first "what next".
  const [update] = await slack.api.waitFor('chat.update', 1, (c) => c.args['ts'] === formMessage.ts && blockTexts(c.args['blocks']).includes('Nye Asker'));
  return { ...formMessage, blocks: update!.args['blocks'] as any[] };
}

describe('Slack: the merger checklist over real HTTP', () => {
  it('registers a merger in a channel and answers "hva gjør vi nå?" with task buttons that work', async () => {
    const kari = slack.client({ id: 'UMKARI', name: 'Kari Kommune' });
    const registered = await register(kari);
    expect(blockTexts(registered.blocks)).toContain('Nye Asker');

    await kari.mention(CHANNEL, 'hva gjør vi nå?');
    const next = await lastPost(CHANNEL, 'Ferdig');
    const done = findButton(next.blocks, 'merger.task', (b) => JSON.parse(b.value)._op === 'done')!;
    const taskId = JSON.parse(done.element.value)._task as string;
    expect(findButton(next.blocks, 'slack.reason')).toBeDefined();
    expect(findButton(next.blocks, 'slack.details')).toBeDefined();
    expect(findButton(next.blocks, 'merger.task', (b) => JSON.parse(b.value)._op === 'later')).toBeDefined();

    // "Ferdig" updates the clicked message in place and is stored once, even when Slack delivers the click twice.
    await kari.clickRaw(next, done.element, done.blockId, '1700000000.123456');
    await kari.clickRaw(next, done.element, done.blockId, '1700000000.123456');
    const [updated] = await slack.api.waitFor('chat.update', 1, (c) => c.args['ts'] === next.ts && blockTexts(c.args['blocks']).includes('markert som ferdig'));
    expect(updated).toBeDefined();
    const state = await slack.db.collection('merger_task_states').findOne({ taskId });
    expect(state?.['status']).toBe('done');
    expect(state?.['history']).toHaveLength(1);

    // Details open in a modal.
    await kari.click(next, 'slack.details', (b) => JSON.parse(b.value)._task !== taskId);
    const [details] = (await slack.api.waitFor('views.open', 1, (c) => c.args['view'].title.text === 'Detaljer')).slice(-1);
    expect(blockTexts(details!.args['view'].blocks).length).toBeGreaterThan(20);

    // "Ikke relevant" asks for the reason in a modal; the reason is stored and the message updated.
    const reasonButton = findButton(next.blocks, 'slack.reason', (b) => JSON.parse(b.value)._task !== taskId)!;
    const reasonTask = JSON.parse(reasonButton.element.value)._task as string;
    await kari.clickRaw(next, reasonButton.element, reasonButton.blockId);
    const reasonModal = await lastView('views.open', 'Hvorfor');
    const closed = await kari.submit(reasonModal, { [`reason__${reasonTask}`]: 'Vi har allerede felles løsning.' });
    expect(closed.body).toEqual({ response_action: 'clear' });
    await slack.api.waitFor('chat.update', 1, (c) => c.args['ts'] === next.ts && blockTexts(c.args['blocks']).includes('ikke relevant'));
    expect((await slack.db.collection('merger_task_states').findOne({ taskId: reasonTask }))?.['status']).toBe('not_relevant');

    // Progress, and a topic question.
    await kari.click(next, 'merger.progress');
    await slack.api.waitFor('chat.update', 1, (c) => c.args['ts'] === next.ts && blockTexts(c.args['blocks']).includes('Fremdrift'));
    await kari.mention(CHANNEL, 'Feide?');
    expect(blockTexts((await lastPost(CHANNEL, 'Feide')).blocks)).toContain('Feide');
  });

  it('shows the user’s reports and their merger’s progress on the App Home tab', async () => {
    const kari = slack.client({ id: 'UMKARI', name: 'Kari Kommune' });
    await kari.dmText('ny rapport');
    await slack.api.waitFor('chat.postMessage', 1, (c) => c.args['channel'] === kari.dm);
    const before = slack.api.callsOf('views.publish').length;
    await sendSigned(slack.bot.url, eventRequest({ type: 'app_home_opened', user: 'UMKARI', channel: kari.dm, tab: 'home' }));
    const [home] = (await slack.api.waitFor('views.publish', before + 1)).slice(-1);
    const text = blockTexts(home!.args['view'].blocks);
    expect(home!.args['user_id']).toBe('UMKARI');
    expect(text).toContain('Mine rapporter');
    expect(text).toContain('Utkast');
    expect(text).toContain('Nye Asker');
    expect(home!.args['view'].blocks.length).toBeLessThanOrEqual(100);
  });
});
