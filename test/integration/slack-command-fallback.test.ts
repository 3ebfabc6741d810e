import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { divider, sections } from '../../src/channels/slack/blocks/kit.js';
import { packForResponseUrl } from '../../src/channels/slack/slack-poster.js';
import { useSlackBot } from '../support/slack-bot.js';
import { blockTexts } from '../support/slack-client.js';

const slack = useSlackBot({ logLevel: 'info' });

type Localized = { nb: string; en: string };
const slackTexts = JSON.parse(readFileSync('config/slack-texts.json', 'utf8')) as { messages: Record<string, Localized> };
const botTexts = JSON.parse(readFileSync('config/texts.json', 'utf8')) as { messages: Record<string, Localized> };
const HINT = slackTexts.messages['notInChannel']!;
const HELP_TITLE = botTexts.messages['helpTitle']!;

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
const postsTo = (channel: string) => slack.api.callsOf('chat.postMessage').filter((c) => c.args['channel'] === channel);

describe('Slack: a slash command always gets an answer', () => {
  it('answers /samhandling hjelp in a channel the app is not in once through the response_url, ephemeral, with the hint in Norwegian', async () => {
    slack.api.refuseChannel('CNOTIN');
    const kari = slack.client({ id: 'UKARIF', name: 'Kari Nordmann' });
    const ack = await kari.command('hjelp', 'CNOTIN', { responseUrl: slack.api.responseUrl('help-nb') });
    expect(ack.status).toBe(200);

    const [answer] = await slack.api.waitFor('response/help-nb', 1);
    expect(answer!.token).toBeUndefined();
    expect(answer!.args['response_type']).toBe('ephemeral');
    const blocks = answer!.args['blocks'] as any[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: HELP_TITLE.nb } });
    expect(blocks.some((b) => b.type === 'actions')).toBe(true);
    // The hint is the last block, in the user's language only.
    expect(blocks.at(-1)).toMatchObject({ type: 'context' });
    expect(blockTexts([blocks.at(-1)])).toBe(HINT.nb);
    expect(blockTexts(blocks)).not.toContain(HINT.en);
    expect(answer!.args['text']).toContain(HELP_TITLE.nb);

    await settle();
    expect(slack.api.responsesTo('help-nb')).toHaveLength(1);
    // One refused attempt in the channel, nothing posted anywhere else.
    expect(postsTo('CNOTIN').map((c) => c.result['error'])).toEqual(['not_in_channel']);
    expect(postsTo(kari.dm)).toHaveLength(0);
    expect(slack.logs.find((l) => l['refusal'] === 'not_in_channel')).toMatchObject({ level: 'info', conversationKind: 'channel', intents: 1 });
  });

  it('answers in English for an English-speaking user in a group DM the app cannot see (channel_not_found)', async () => {
    slack.api.refuseChannel('GGROUPDM', 'channel_not_found');
    const emma = slack.client({ id: 'UEMMAF', name: 'Emma English', locale: 'en-US' });
    await emma.command('help', 'GGROUPDM', { responseUrl: slack.api.responseUrl('help-en'), channelName: 'mpdm-emma--kari-1' });

    const [answer] = await slack.api.waitFor('response/help-en', 1);
    const blocks = answer!.args['blocks'] as any[];
    expect(answer!.args['response_type']).toBe('ephemeral');
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: HELP_TITLE.en } });
    expect(blockTexts([blocks.at(-1)])).toBe(HINT.en);
    expect(blockTexts(blocks)).not.toContain(HINT.nb);
    await settle();
    expect(slack.api.responsesTo('help-en')).toHaveLength(1);
    expect(postsTo('GGROUPDM').map((c) => c.result['error'])).toEqual(['channel_not_found']);
  });

  it('posts with chat.postMessage as before in a channel where it may post, and sends nothing to the response_url', async () => {
    const per = slack.client({ id: 'UPERF', name: 'Per Medlem' });
    await per.command('hjelp', 'CMEMBER', { responseUrl: slack.api.responseUrl('member') });
    const [posted] = await slack.api.waitFor('chat.postMessage', 1, (c) => c.args['channel'] === 'CMEMBER');
    expect(posted!.result['ok']).toBe(true);
    expect(posted!.args['blocks'][0]).toMatchObject({ type: 'header', text: { text: HELP_TITLE.nb } });
    expect(blockTexts(posted!.args['blocks'])).not.toContain(HINT.nb);
    await settle();
    expect(postsTo('CMEMBER')).toHaveLength(1);
    expect(slack.api.responsesTo('member')).toHaveLength(0);
  });

  it('answers a command in the DM with the app as before, in the DM, and sends nothing to the response_url', async () => {
    const dag = slack.client({ id: 'UDAGF', name: 'Dag Direkte' });
    await dag.command('hjelp', dag.dm, { responseUrl: slack.api.responseUrl('dm') });
    const [posted] = await slack.api.waitFor('chat.postMessage', 1, (c) => c.args['channel'] === dag.dm);
    expect(posted!.result['ok']).toBe(true);
    expect(blockTexts(posted!.args['blocks'])).toContain(HELP_TITLE.nb);
    await settle();
    expect(postsTo(dag.dm)).toHaveLength(1);
    expect(slack.api.responsesTo('dm')).toHaveLength(0);
  });

  it('opens a form as a modal as before (trigger_id, not the channel), with nothing posted or sent to the response_url', async () => {
    slack.api.refuseChannel('CNOTIN');
    const ola = slack.client({ id: 'UOLAF', name: 'Ola Skjema' });
    const opened = slack.api.callsOf('views.open').length;
    await ola.command('ny rapport', 'CNOTIN', { responseUrl: slack.api.responseUrl('form') });
    const calls = await slack.api.waitFor('views.open', opened + 1);
    expect(blockTexts(calls.at(-1)!.args['view'].blocks)).toContain('Steg 1 av 11');
    await settle();
    expect(slack.api.responsesTo('form')).toHaveLength(0);
    expect(postsTo('CNOTIN').filter((c) => c.args['blocks'] && blockTexts(c.args['blocks']).includes('Steg'))).toHaveLength(0);
  });

  it('answers the buttons of the ephemeral answer in modals, never by updating it (chat.update cannot reach it)', async () => {
    slack.api.refuseChannel('CNOTIN');
    const tove = slack.client({ id: 'UTOVEF', name: 'Tove Trykk' });
    await tove.command('hjelp', 'CNOTIN', { responseUrl: slack.api.responseUrl('buttons') });
    const [answer] = await slack.api.waitFor('response/buttons', 1);
    const ephemeral = { kind: 'message' as const, channel: 'CNOTIN', ts: '1700000999.000999', blocks: answer!.args['blocks'] as any[], ephemeral: true };
    const opened = slack.api.callsOf('views.open').length;
    const posted = postsTo('CNOTIN').length;

    await tove.click(ephemeral, 'nav.myReports');
    await tove.click(ephemeral, 'nav.newReport');
    const views = (await slack.api.waitFor('views.open', opened + 2)).slice(opened);
    expect(views.map((c) => blockTexts(c.args['view'].blocks)).join('\n')).toContain('Steg 1 av 11');
    await settle();
    expect(slack.api.callsOf('chat.update').filter((c) => c.args['ts'] === ephemeral.ts)).toHaveLength(0);
    expect(postsTo('CNOTIN')).toHaveLength(posted);
    // No modal remembers the ephemeral message as the one to update after its submission.
    expect(await slack.db.collection('slack_views').countDocuments({ userId: 'UTOVEF', 'message.ts': ephemeral.ts })).toBe(0);
  });

  it('leaves the invite hint out where adding the app would not help: an archived channel, another person’s DM', async () => {
    slack.api.refuseChannel('CARCHIVED', 'is_archived');
    slack.api.refuseChannel('DOTHERS', 'channel_not_found');
    const arne = slack.client({ id: 'UARNEF', name: 'Arne Arkiv' });
    await arne.command('hjelp', 'CARCHIVED', { responseUrl: slack.api.responseUrl('archived') });
    await arne.command('hjelp', 'DOTHERS', { responseUrl: slack.api.responseUrl('others-dm') });
    for (const id of ['archived', 'others-dm']) {
      const [answer] = await slack.api.waitFor(`response/${id}`, 1);
      expect(answer!.args['response_type']).toBe('ephemeral');
      const texts = blockTexts(answer!.args['blocks']);
      expect(texts).toContain(HELP_TITLE.nb);
      expect(texts).not.toContain(HINT.nb);
    }
  });

  it('handles a response_url Slack no longer takes at the boundary: logged without the user’s text, and the next command is answered', async () => {
    slack.api.refuseChannel('CEXPIRED');
    slack.api.expiredResponseUrls.add('expired');
    const siri = slack.client({ id: 'USIRIF', name: 'Siri Sen' });
    const secret = 'Kvitebjørn-hemmelig-42';
    const ack = await siri.command(`hva med ${secret}?`, 'CEXPIRED', { responseUrl: slack.api.responseUrl('expired') });
    expect(ack.status).toBe(200);
    // The answer, then the "try again" notice: both refused (404 expired_url), both go no further.
    await slack.api.waitFor('response/expired', 2);
    await settle();
    expect(slack.api.responsesTo('expired')).toHaveLength(2);
    expect(slack.logs.some((l) => l['level'] === 'error' && l['msg'] === 'slack turn failed' && String(l['err']).includes('404'))).toBe(true);
    expect(slack.logs.some((l) => l['level'] === 'warn' && l['msg'] === 'slack: could not post the error')).toBe(true);
    const written = JSON.stringify(slack.logs);
    expect(written).not.toContain('Kvitebj');
    expect(written).not.toContain('/response/');

    await siri.command('hjelp', 'CEXPIRED', { responseUrl: slack.api.responseUrl('fresh') });
    const [answer] = await slack.api.waitFor('response/fresh', 1);
    expect(blockTexts(answer!.args['blocks'])).toContain(HELP_TITLE.nb);
  });
});

describe('Slack: an answer packed for a response_url', () => {
  const message = (n: number, text: string) => ({ text, blocks: Array.from({ length: n }, (_, i) => sections(`${text} ${i}`)[0]!) });
  const tail = sections('hint');

  it('puts messages into one when they fit, a divider between them and the hint last', () => {
    const [only, ...more] = packForResponseUrl([message(3, 'a'), message(2, 'b')], tail, 'cut');
    expect(more).toHaveLength(0);
    expect(only!.blocks).toEqual([...message(3, 'a').blocks, divider(), ...message(2, 'b').blocks, ...tail]);
    expect(only!.text).toBe('a\nb');
  });

  it('uses at most five messages of at most 50 blocks, cut with a note, the hint still last', () => {
    const parts = packForResponseUrl([message(120, 'a'), message(100, 'b')], tail, 'cut');
    expect(parts.map((p) => p.blocks.length)).toEqual([50, 50, 50, 50, 22]);
    const huge = packForResponseUrl([message(300, 'a')], tail, 'cut');
    expect(huge.map((p) => p.blocks.length)).toEqual([50, 50, 50, 50, 50]);
    const last = huge.at(-1)!.blocks;
    expect(last.at(-1)).toEqual(tail[0]);
    expect(blockTexts([last.at(-2)])).toBe('cut');
  });
});
