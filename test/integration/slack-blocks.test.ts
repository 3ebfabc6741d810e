import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chunks, esc, LIMITS, sections } from '../../src/channels/slack/blocks/kit.js';
import { renderMessage } from '../../src/channels/slack/blocks/messages.js';
import { SLACK_EVENTS_PATH, SLACK_REDIRECT_PATH } from '../../src/channels/slack/restify-receiver.js';
import { splitMessage } from '../../src/channels/slack/slack-poster.js';
import { loadSlackSettings } from '../../src/channels/slack/slack-settings.js';

const manifest = JSON.parse(readFileSync('manifest/slack/manifest.json', 'utf8'));

describe('Slack Block Kit limits and escaping', () => {
  it('escapes the three mrkdwn control characters, so no mention or link can be formed', () => {
    expect(esc('<!channel> <@U1> <https://x.example|y> & z')).toBe('&lt;!channel&gt; &lt;@U1&gt; &lt;https://x.example|y&gt; &amp; z');
  });

  it('splits long text into sections of at most 3,000 characters without losing text', () => {
    const long = Array.from({ length: 200 }, (_, i) => `Linje ${i} ${'æøå '.repeat(20)}`).join('\n') + '\n' + 'x'.repeat(7_000);
    const parts = chunks(long);
    expect(parts.every((p) => p.length <= LIMITS.sectionText)).toBe(true);
    expect(parts.join('').replace(/\n/g, '')).toBe(long.replace(/\n/g, ''));
    expect(sections(long).every((b) => (b['text'] as { text: string }).text.length <= LIMITS.sectionText)).toBe(true);
  });

  it('splits a message of more than 50 blocks into parts of at most 50 (the rest goes into the thread)', () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ reportId: `r${i}`, name: `Prosjekt ${i}`, line: 'Versjon 1 · Utkast', action: 'continue' as const, actionTitle: 'Fortsett' }));
    const message = renderMessage({ kind: 'card', cardId: 'report-list', data: { title: 'Mine rapporter', empty: '', items, buttons: { newReport: 'Ny rapport' } } });
    expect(message.blocks.length).toBeGreaterThan(LIMITS.messageBlocks);
    const parts = splitMessage(message, (p, n) => `del ${p} av ${n}`);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.blocks.length <= LIMITS.messageBlocks)).toBe(true);
    expect(parts.flatMap((p) => p.blocks).filter((b) => b.type !== 'context').length).toBe(message.blocks.filter((b) => b.type !== 'context').length);
  });
});

describe('Slack app manifest', () => {
  it('asks for exactly the scopes the bot requests at installation and points every URL at the bot', () => {
    const settings = loadSlackSettings('config', { SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: 'c', SLACK_CLIENT_SECRET: 'cs', SLACK_STATE_SECRET: 'ss' });
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...(settings?.oauth?.scopes ?? [])].sort());
    expect(new URL(manifest.settings.event_subscriptions.request_url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(new URL(manifest.features.slash_commands[0].url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(new URL(manifest.oauth_config.redirect_urls[0]).pathname).toBe(SLACK_REDIRECT_PATH);
    expect(manifest.features.slash_commands[0].command).toBe(settings?.command);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_home_opened', 'app_mention', 'message.im']);
  });

  it('refuses half a Slack configuration at start, naming the variables and never their values', () => {
    expect(() => loadSlackSettings('config', { SLACK_BOT_TOKEN: 'xoxb-secret-value' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => loadSlackSettings('config', { SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: 'c' })).toThrow(/SLACK_CLIENT_SECRET/);
    expect(() => loadSlackSettings('config', { SLACK_BOT_TOKEN: 'xoxb-secret-value' })).not.toThrow(/xoxb-secret-value/);
    expect(loadSlackSettings('config', {})).toBeUndefined();
  });
});
