/**
 * The weekly digest's pure rules, without I/O: retry policy and Retry-After, slots of the cron
 * expression in Europe/Oslo, command and question recognition, filter words, the publication
 * timeline, and the start-up checks of its configuration.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyDeliveryError, parseRetryAfter, retryDelayMs } from '../../src/core/digest/delivery-policy.js';
import { loadDigestSettings } from '../../src/core/digest/digest-config.js';
import { ConversationUnknown } from '../../src/core/digest/digest-ports.js';
import { recognizeQuestion } from '../../src/core/digest/digest-questions.js';
import { recognizeDigestCommand } from '../../src/core/digest/digest-router.js';
import type { PublicationEvent } from '../../src/core/digest/digest-types.js';
import { pendingPublications, PublicationTimeline } from '../../src/core/digest/publication-timeline.js';
import { buildFilterVocabulary, parseFilterWords, normaliseWords } from '../../src/core/digest/subscription-filter.js';
import { SlotSchedule } from '../../src/jobs/slot-schedule.js';
import { content, digestSettings } from './digest-fixtures.js';

const settings = digestSettings();
const texts = settings.texts;
const vocabulary = buildFilterVocabulary(settings, content);

describe('retry policy', () => {
  const now = Date.parse('2026-03-02T08:00:00Z');

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('Mon, 02 Mar 2026 08:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('classifies botbuilder errors by status code and reads Retry-After from the response headers', () => {
    const restError = (statusCode: number, headers: Record<string, string> = {}) =>
      Object.assign(new Error('boom'), { name: 'RestError', statusCode, response: { headers: { get: (n: string) => headers[n] } } });
    expect(classifyDeliveryError(restError(429, { 'retry-after': '7' }), now)).toEqual({ retryable: true, statusCode: 429, retryAfterMs: 7000, message: 'boom' });
    expect(classifyDeliveryError(restError(503), now).retryable).toBe(true);
    expect(classifyDeliveryError(restError(408), now).retryable).toBe(true);
    for (const status of [400, 401, 403, 404, 413]) expect(classifyDeliveryError(restError(status), now).retryable).toBe(false);
    expect(classifyDeliveryError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), now).retryable).toBe(true);
    expect(classifyDeliveryError(new ConversationUnknown('teams:x'), now).retryable).toBe(false);
    expect(classifyDeliveryError({ status: 502, headers: { 'Retry-After': '2' } }, now)).toMatchObject({ retryable: true, statusCode: 502, retryAfterMs: 2000 });
  });

  it('backs off exponentially with jitter, capped, never before Retry-After', () => {
    const opts = { baseMs: 1000, maxMs: 60_000 };
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, opts, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(20, opts, () => 1)).toBe(60_000);
    expect(retryDelayMs(3, opts, () => 0)).toBe(2000);
    expect(retryDelayMs(1, { ...opts, retryAfterMs: 30_000 }, () => 1)).toBe(30_000);
  });
});

describe('slots of the schedule', () => {
  const schedule = new SlotSchedule('0 8 * * 1', 'Europe/Oslo');

  it('finds the latest Monday 08:00 in Oslo at or before a moment, winter and summer time', () => {
    expect(schedule.latestAtOrBefore(new Date('2026-03-04T12:00:00Z'))?.toISOString()).toBe('2026-03-02T07:00:00.000Z');
    expect(schedule.latestAtOrBefore(new Date('2026-06-03T12:00:00Z'))?.toISOString()).toBe('2026-06-01T06:00:00.000Z');
    expect(schedule.latestAtOrBefore(new Date('2026-03-02T07:00:00Z'))?.toISOString()).toBe('2026-03-02T07:00:00.000Z');
    expect(schedule.latestAtOrBefore(new Date('2026-03-02T06:59:59Z'))?.toISOString()).toBe('2026-02-23T07:00:00.000Z');
    // The week summer time starts (Sunday 29 March 2026).
    expect(schedule.latestAtOrBefore(new Date('2026-03-30T07:00:00Z'))?.toISOString()).toBe('2026-03-30T06:00:00.000Z');
    expect(schedule.nextAfter(new Date('2026-03-02T07:00:00Z'))?.toISOString()).toBe('2026-03-09T07:00:00.000Z');
  });

  it('skips missed slots: after three weeks down only the latest one is due', () => {
    const at = new Date('2026-03-25T10:00:00Z');
    expect(schedule.latestAtOrBefore(at)?.toISOString()).toBe('2026-03-23T07:00:00.000Z');
  });

  it('finds slots in time zones offset by half and quarter hours, and at odd minutes', () => {
    const kolkata = new SlotSchedule('30 6 * * 1', 'Asia/Kolkata');
    const kathmandu = new SlotSchedule('45 8 * * 5', 'Asia/Kathmandu');
    const oslo = new SlotSchedule('7 8 * * 1', 'Europe/Oslo');
    try {
      expect(kolkata.latestAtOrBefore(new Date('2026-11-21T12:00:00Z'))?.toISOString()).toBe('2026-11-16T01:00:00.000Z');
      expect(kathmandu.latestAtOrBefore(new Date('2026-11-21T12:00:00Z'))?.toISOString()).toBe('2026-11-20T03:00:00.000Z');
      expect(oslo.nextAfter(new Date('2026-03-02T07:00:00Z'))?.toISOString()).toBe('2026-03-02T07:07:00.000Z');
    } finally {
      [kolkata, kathmandu, oslo].forEach((s) => s.stop());
    }
  });
});

describe('commands', () => {
  const cmd = (text: string) => recognizeDigestCommand(text, texts);

  it('recognises the subscription commands, with filter words after "abonner"', () => {
    expect(cmd('abonner')).toEqual({ key: 'subscribe', rest: [] });
    expect(cmd('<at>Samhandlingsbot</at> abonner helse velferd')).toEqual({ key: 'subscribe', rest: ['helse', 'velferd'] });
    expect(cmd('Subscribe to health and welfare')).toEqual({ key: 'subscribe', rest: ['health', 'and', 'welfare'] });
    expect(cmd('abonnementer')).toEqual({ key: 'subscriptions' });
    expect(cmd('Avslutt abonnement!')).toEqual({ key: 'unsubscribe' });
    expect(cmd('unsubscribe')).toEqual({ key: 'unsubscribe' });
  });

  it('recognises the coordinators\' commands', () => {
    expect(cmd('forhåndsvis sammendrag')).toEqual({ key: 'preview' });
    expect(cmd('send sammendrag nå 1a2b3c4d')).toEqual({ key: 'sendNow', rest: ['1a2b3c4d'] });
    expect(cmd('send digest now')).toEqual({ key: 'sendNow', rest: [] });
    expect(cmd('utsendingslogg')).toEqual({ key: 'deliveryLog' });
    expect(cmd('KS-kanal')).toEqual({ key: 'ksChannel' });
  });

  it('leaves other texts alone', () => {
    for (const text of ['hvordan abonnerer jeg?', 'ny rapport', 'hva nå', 'abonnere', 'x'.repeat(300)]) expect(cmd(text)).toBeUndefined();
  });
});

describe('filter words', () => {
  const parse = (text: string) => parseFilterWords(normaliseWords(text), vocabulary);

  it('maps service areas and ministries, "helse og velferd" to both areas', () => {
    expect(parse('helse og velferd')).toEqual({ filters: { serviceAreas: ['HELSE_OMSORG', 'VELFERD'], ministries: [] }, unknown: [] });
    expect(parse('Plan og miljø, KDD')).toEqual({ filters: { serviceAreas: ['PLAN_MILJO'], ministries: ['KDD'] }, unknown: [] });
    expect(parse('Helse- og omsorgsdepartementet')).toEqual({ filters: { serviceAreas: [], ministries: ['HOD'] }, unknown: [] });
    expect(parse('health and welfare')).toEqual({ filters: { serviceAreas: ['HELSE_OMSORG', 'VELFERD'], ministries: [] }, unknown: [] });
  });

  it('reports unknown words instead of guessing', () => {
    expect(parse('helse ostehøvel')).toEqual({ filters: { serviceAreas: ['HELSE_OMSORG'], ministries: [] }, unknown: ['ostehøvel'] });
  });
});

describe('follow-up questions', () => {
  const q = (text: string) => recognizeQuestion(text, texts, vocabulary);

  it('recognises the questions of the issue', () => {
    expect(q('hvilke nye prosjekter berører helse og velferd?')).toEqual({ key: 'newProjects', areas: ['HELSE_OMSORG', 'VELFERD'] });
    expect(q('frister neste 6 måneder?')).toEqual({ key: 'deadlines', areas: [], months: 6 });
    expect(q('which projects did KS not discuss?')).toEqual({ key: 'ksNotDiscussed', areas: [] });
    expect(q('Hvilke prosjekter er ikke drøftet med KS?')).toEqual({ key: 'ksNotDiscussed', areas: [] });
    expect(q('deadlines in the next 3 months for culture')).toEqual({ key: 'deadlines', areas: ['KULTUR'], months: 3 });
    expect(q('hvilke prosjekter er endret?')).toEqual({ key: 'changedProjects', areas: [] });
  });

  it('does not take merger questions or the quality-assurance "KS2" for digest questions', () => {
    for (const text of ['hva må vi gjøre med arkivet?', 'er prosjektet gjennom KS2?', 'hva nå', 'når må budsjettet være klart']) expect(q(text)).toBeUndefined();
  });
});

describe('publication timeline', () => {
  const ev = (seq: number, kind: 'published' | 'withdrawn', projectId: string, version: number, level?: 'APEN' | 'KS_OG_STAT' | 'KUN_STAT'): PublicationEvent => ({
    _id: seq, kind, projectId, reportId: `${projectId}v${version}`, reportVersion: version, eventAt: new Date(seq * 1000), recordedAt: new Date(seq * 1000), ...(level ? { sharingLevel: level } : {}),
  });
  const t = new PublicationTimeline(
    [ev(1, 'published', 'a', 1, 'APEN'), ev(2, 'published', 'b', 1, 'KUN_STAT'), ev(3, 'published', 'a', 2, 'KUN_STAT'), ev(4, 'published', 'c', 1, 'APEN'), ev(5, 'withdrawn', 'c', 1), ev(6, 'published', 'b', 2, 'KS_OG_STAT')],
    ['APEN', 'KS_OG_STAT'],
  );

  it('knows what the overview showed after each event', () => {
    expect(t.stateAt('a', 1)?.reportId).toBe('av1');
    expect(t.stateAt('a', 3)).toBeUndefined();
    expect(t.hiddenAt('a', 3)).toBe('not-shared');
    expect(t.stateAt('b', 5)).toBeUndefined();
    expect(t.stateAt('b', 6)?.reportId).toBe('bv2');
    expect(t.stateAt('c', 4)?.reportId).toBe('cv1');
    expect(t.hiddenAt('c', 5)).toBe('withdrawn');
    expect([...t.allAt(6).keys()]).toEqual(['b']);
    expect(t.projectsChangedIn(2, 5)).toEqual(['a', 'c']);
    expect(t.firstSharedAt('b')?.getTime()).toBe(6000);
  });

  it('derives pending events from the reports: publication before withdrawal, each once', () => {
    const at = (s: number) => new Date(s * 1000);
    const reports = [
      { _id: 'x1', projectId: 'x', reportVersion: 1, state: 'TRUKKET' as const, approvedAt: at(1), withdrawnAt: at(9), sharingLevel: 'APEN' as const },
      { _id: 'y1', projectId: 'y', reportVersion: 1, state: 'GODKJENT' as const, approvedAt: at(5), sharingLevel: 'KUN_STAT' as const },
      { _id: 'z1', projectId: 'z', reportVersion: 1, state: 'INNSENDT' as const },
    ];
    expect(pendingPublications(reports, new Set()).map((p) => `${p.reportId}:${p.kind}`)).toEqual(['x1:published', 'y1:published', 'x1:withdrawn']);
    expect(pendingPublications(reports, new Set(['x1|published', 'y1|published'])).map((p) => `${p.reportId}:${p.kind}`)).toEqual(['x1:withdrawn']);
  });
});

describe('configuration checked at start', () => {
  it('refuses a bad schedule, an unknown time zone, the crash hook outside tests and fast pacing in production', () => {
    const load = (env: Record<string, string>, nodeEnv = 'test') => () => loadDigestSettings('config', env, nodeEnv, content);
    expect(load({ DIGEST_CRON: '0 8 * *' })).toThrow(/DIGEST_CRON/);
    expect(load({ DIGEST_CRON: '0 0 8 * * 1' })).toThrow(/five-field/);
    expect(load({ DIGEST_TIMEZONE: 'Europe/Atlantis' })).toThrow(/DIGEST_TIMEZONE/);
    expect(load({ DIGEST_CRASH_AFTER_PARTS: '1' }, 'development')).toThrow(/DIGEST_CRASH_AFTER_PARTS/);
    expect(load({ DIGEST_CONVERSATION_INTERVAL_MS: '100' }, 'production')).toThrow(/DIGEST_CONVERSATION_INTERVAL_MS/);
    expect(load({ DIGEST_RATE_PER_SECOND: '80' })).toThrow(/DIGEST_RATE_PER_SECOND/);
    expect(load({})().schedule).toEqual({ cron: '0 8 * * 1', timezone: 'Europe/Oslo' });
    expect(load({})().delivery).toMatchObject({ ratePerSecond: 10, conversationIntervalMs: 1000, maxMessageBytes: 80 * 1024 });
  });

  it('names the file, the path and the problem of a broken config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-config-'));
    cpSync('config', dir, { recursive: true });
    const textsFile = join(dir, 'digest-texts.json');
    const broken = JSON.parse(readFileSync(textsFile, 'utf8'));
    delete broken.messages.emptyWeek.en;
    writeFileSync(textsFile, JSON.stringify(broken));
    const settingsFile = join(dir, 'digest-settings.json');
    const wrongArea = JSON.parse(readFileSync(settingsFile, 'utf8'));
    wrongArea.areaWords.HELSE = ['helse'];
    expect(() => loadDigestSettings(dir, {}, 'test', content)).toThrow(/digest-texts\.json: messages\.emptyWeek\.en/);
    writeFileSync(textsFile, JSON.stringify({ ...broken, messages: { ...broken.messages, emptyWeek: { nb: 'Tom uke', en: 'Empty week' } } }));
    writeFileSync(settingsFile, JSON.stringify(wrongArea));
    expect(() => loadDigestSettings(dir, {}, 'test', content)).toThrow(/areaWords\.HELSE: not a service area/);
  });
});
