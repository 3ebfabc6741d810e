/**
 * Must-show of issue 5: two bot instances (real restify + botbuilder servers) on one MongoDB with
 * a clock driven by the test. Conversations subscribe over HTTP; both instances run every slot
 * at the same moment and deliver side by side; the recording connector must receive exactly one
 * digest per subscription per slot. Then both stop, two slots pass, and a third instance started
 * afterwards catches up the latest missed slot once.
 */
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../src/core/digest/digest-types.js';
import { SlotSchedule } from '../../src/jobs/slot-schedule.js';
import { RecordingConnector, type RecordedActivity } from '../support/recording-connector.js';
import { cardOf, TeamsTestClient, visibleTexts, type TeamsUser } from '../support/teams-client.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';
import { projectAnswers, publish, TestClock } from './digest-fixtures.js';

const schedule = new SlotSchedule('0 8 * * 1', 'Europe/Oslo');
const slot1 = schedule.nextAfter(new Date()) as Date;
const slot2 = schedule.nextAfter(slot1) as Date;
const slot4 = schedule.nextAfter(schedule.nextAfter(slot2) as Date) as Date;
const MINUTE = 60_000;

const clock = new TestClock(new Date(slot1.getTime() - 2 * 86_400_000));
const dbName = `it_digest_instances_${Date.now()}`;
const env = {
  ROLES_FILE: 'test/fixtures/roles.test.json',
  PUBLIC_BASE_URL: 'https://samhandling.example',
  DIGEST_STARTUP_DELAY_MS: '3600000',
  DIGEST_POLL_MS: '3600000',
  DIGEST_CONVERSATION_INTERVAL_MS: '30',
  DIGEST_RATE_PER_SECOND: '50',
};

let connector: RecordingConnector;
let a: TestBot;
let b: TestBot;
let mongo: MongoClient;
let db: Db;

const user = (key: string, locale: string): TeamsUser => ({ id: `29:${key}`, aadObjectId: `aad-${key}`, name: key, locale });
const conversations = {
  channel: `19:channel-${Date.now()}@thread.tacv2`,
  group: `19:group-${Date.now()}@thread.v2`,
  personal: `a:personal-${Date.now()}`,
};

beforeAll(async () => {
  connector = await RecordingConnector.start();
  mongo = await MongoClient.connect(process.env['MONGODB_URI'] as string);
  db = mongo.db(dbName);
  a = await startTestBot({ dbName, clock, env });
  b = await startTestBot({ dbName, clock, env });
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await connector?.stop();
  await mongo?.close();
});

function postsTo(conversationId: string, from = 0): RecordedActivity[] {
  return connector.received.slice(from).filter((r) => r.conversationId === conversationId);
}

async function outbox(): Promise<OutboxEntry[]> {
  return db.collection<OutboxEntry>('digest_outbox').find({}).sort({ createdAt: 1, _id: 1 }).toArray();
}

/** Both instances run the due slot and deliver at the same time. */
async function bothRunTheSlot(): Promise<void> {
  const runs = await Promise.all([a.digest.tick(), b.digest.tick()]);
  expect(runs.filter((r) => r?.ran).length).toBe(1);
  await Promise.all([a.digest.deliverAll(), b.digest.deliverAll()]);
}

/** Each conversation got exactly the parts of its new entries, each once, in order. */
function expectOneDigestEach(entries: OutboxEntry[], from: number): void {
  for (const id of Object.values(conversations)) {
    const mine = entries.filter((e) => e.conversationKey === `teams:${id}`);
    expect(mine).toHaveLength(1);
    const entry = mine[0] as OutboxEntry;
    expect(entry.status).toBe('sent');
    const posted = postsTo(id, from).map((p) => JSON.stringify(p.activity.attachments));
    expect(posted).toHaveLength(entry.parts.length);
    expect(new Set(posted).size).toBe(posted.length);
  }
}

describe('two instances, one MongoDB, a test clock', () => {
  it('subscribes a channel (with @mention), a group chat with filters and a personal chat, through either instance', async () => {
    const channel = new TeamsTestClient(a.url, connector, user('kari', 'nb-NO'), conversations.channel, 'channel');
    const group = new TeamsTestClient(b.url, connector, user('ola', 'en-US'), conversations.group, 'groupChat');
    const personal = new TeamsTestClient(a.url, connector, user('per', 'nb-NO'), conversations.personal);
    expect(visibleTexts(cardOf((await channel.say('<at>Samhandlingsbot</at> abonner'))[0])).join('\n')).toContain('Denne samtalen abonnerer nå på ukesammendraget.');
    expect(visibleTexts(cardOf((await group.say('subscribe health and welfare'))[0])).join('\n')).toContain('The digest covers projects for: Health and care, Welfare.');
    await personal.say('abonner');
    const subs = await db.collection('digest_subscriptions').find({}).toArray();
    expect(subs.map((s) => s['conversationKey']).sort()).toEqual(Object.values(conversations).map((c) => `teams:${c}`).sort());
    expect(subs.find((s) => s['conversationKey'] === `teams:${conversations.group}`)?.['locale']).toBe('en');
  });

  it('delivers one digest per subscription for the first slot, however the two instances interleave', async () => {
    await publish(db, 'helse-1', 1, projectAnswers({ name: 'Felles journal', areas: 'HELSE_OMSORG', deadlineMonths: 2 }), 'APEN', clock.now());
    await publish(db, 'kultur-1', 1, projectAnswers({ name: 'Digitalt bibliotek', areas: 'KULTUR', agency: 'KARTVERKET', ministry: 'KUD' }), 'KS_OG_STAT', clock.now());
    await publish(db, 'skatt-1', 1, projectAnswers({ name: 'Hemmelig skattesak' }), 'KUN_STAT', clock.now());
    clock.set(new Date(slot1.getTime() + MINUTE));
    const from = connector.received.length;
    await bothRunTheSlot();
    const entries = await outbox();
    expectOneDigestEach(entries, from);
    const channelText = postsTo(conversations.channel, from).flatMap((p) => visibleTexts(cardOf(p.activity))).join('\n');
    expect(channelText).toContain('Felles journal');
    expect(channelText).toContain('Digitalt bibliotek');
    expect(channelText).not.toContain('Hemmelig skattesak');
    const groupText = postsTo(conversations.group, from).flatMap((p) => visibleTexts(cardOf(p.activity))).join('\n');
    expect(groupText).toContain('Felles journal');
    expect(groupText).not.toContain('Digitalt bibliotek');
    expect(entries.every((e) => e.parts.every((p) => p.state === 'sent' && p.activityId?.startsWith('act-')))).toBe(true);
  });

  it('does nothing more when the same slot is run again, and one digest each for the next slot', async () => {
    const before = connector.received.length;
    const again = await Promise.all([a.digest.tick(), b.digest.tick()]);
    expect(again.every((r) => r === undefined)).toBe(true);
    await Promise.all([a.digest.deliverAll(), b.digest.deliverAll()]);
    expect(connector.received.length).toBe(before);

    await publish(db, 'helse-1', 2, projectAnswers({ name: 'Felles journal', areas: 'HELSE_OMSORG', phase: 'GJENNOMFORING', deadlineMonths: 2 }), 'APEN', clock.now());
    clock.set(new Date(slot2.getTime() + MINUTE));
    const known = (await outbox()).map((e) => e._id);
    await bothRunTheSlot();
    const fresh = (await outbox()).filter((e) => !known.includes(e._id));
    expectOneDigestEach(fresh, before);
    const text = postsTo(conversations.personal, before).flatMap((p) => visibleTexts(cardOf(p.activity))).join('\n');
    expect(text).toContain('Fase: Planlegging → Gjennomføring');
    expect(text).not.toContain('Digitalt bibliotek');
  });

  it('catches up the latest slot missed while every instance was down, once', async () => {
    await a.stop();
    await b.stop();
    clock.set(new Date(slot4.getTime() + 3 * 3_600_000));
    const before = connector.received.length;
    const known = (await outbox()).map((e) => e._id);
    const c = await startTestBot({ dbName, clock, env: { ...env, DIGEST_STARTUP_DELAY_MS: '0' } });
    try {
      const deadline = Date.now() + 10_000;
      while (!(await db.collection('digest_slots').findOne({ _id: `weekly-digest|${slot4.toISOString()}` as never, status: 'composed' }))) {
        if (Date.now() > deadline) throw new Error('the missed slot was not caught up');
        await new Promise((r) => setTimeout(r, 50));
      }
      await c.digest.deliverAll();
      const fresh = (await outbox()).filter((e) => !known.includes(e._id));
      expectOneDigestEach(fresh, before);
      expect(fresh.every((e) => e.slotAt.getTime() === slot4.getTime())).toBe(true);
      expect(await c.digest.tick()).toBeUndefined();
    } finally {
      await c.stop();
    }
  });
});
