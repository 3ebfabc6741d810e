/**
 * Faults the bot must survive (issue 7): MongoDB unreachable for ten seconds while users answer
 * cards; two instances behind one MongoDB answering the same users; the reminder job run by two
 * instances at the same moment.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMergerReminders, WHOLE_MERGER_CLAIM } from '../../src/core/merger/merger-reminders.js';
import type { ReportRecord } from '../../src/core/reporting/report.js';
import { loadBotTexts } from '../../src/settings/texts-schema.js';
import { mergerReminderDeps } from '../support/merger-reminder-deps.js';
import { InProcessMongoServer } from '../support/mongo/index.js';
import { RecordingConnector } from '../support/recording-connector.js';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';
import { actionsOf, cardOf, TeamsTestClient, type InvokeResult, type TeamsUser } from '../support/teams-client.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const CARD = 'application/vnd.microsoft.card.adaptive';
const ERROR = 'application/vnd.microsoft.error';
const texts = loadBotTexts('config');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const teamsUser = (name: string): TeamsUser => {
  const id = randomUUID();
  return { id: `29:${id}`, aadObjectId: id, name, locale: 'nb-NO' };
};

/** The next press a user makes on the card in front of them: the group's answers, or submit on the summary. */
function nextPress(card: any): { verb: string; data: Record<string, unknown>; step: string } {
  const next = actionsOf(card).find((a) => a.verb === 'report.next');
  if (next) {
    const step = String(next.data['_step']);
    const inputs = VALID_GROUP_INPUTS[step];
    if (!inputs) throw new Error(`no answers for step ${step}`);
    return { verb: 'report.next', data: { ...next.data, ...inputs }, step };
  }
  const submit = actionsOf(card).find((a) => a.verb === 'report.submit');
  if (submit) return { verb: 'report.submit', data: submit.data, step: 'summary' };
  throw new Error(`card without next or submit: ${JSON.stringify(card).slice(0, 300)}`);
}

const isSubmittedCard = (card: any) => JSON.stringify(card).includes(texts.messages.submittedTitle.nb);
/** The answer to a press that changed nothing: the card was no longer the latest, or the report was already submitted. */
const notApplied = (card: any) => {
  const shown = JSON.stringify(card);
  return shown.includes(texts.messages.staleCard.nb) || shown.includes(texts.messages.alreadySubmitted.nb.split('(')[0]!.trim());
};

describe('MongoDB unreachable for ten seconds during load', () => {
  let mongo: InProcessMongoServer;
  let connector: RecordingConnector;
  let bot: TestBot;
  let db: MongoClient;

  beforeAll(async () => {
    mongo = await InProcessMongoServer.start();
    connector = await RecordingConnector.start();
    bot = await startTestBot({ env: { MONGODB_URI: mongo.uri } });
  });
  afterAll(async () => {
    await bot?.stop();
    await db?.close();
    await connector?.stop();
    await mongo?.stop();
  });

  it('does not crash, tells users to try again, loses no acknowledged answer and recovers without a restart', async () => {
    const USERS = 8;
    const acknowledged: { user: string; step: string; rev: number }[] = [];
    const refusals: InvokeResult[] = [];
    let outage: { from: number; to: number } | undefined;

    /** One user answers card after card; an error answer is retried after a short wait, as a user would. */
    const runUser = async (user: TeamsUser): Promise<string> => {
      const client = new TeamsTestClient(bot.url, connector, user);
      let card = cardOf((await client.say('ny rapport'))[0]);
      const reportId = String(actionsOf(card).find((a) => a.verb === 'report.next')?.data['_report']);
      for (let turn = 0; turn < 200; turn++) {
        const press = nextPress(card);
        const res = await client.press(press.verb, press.data);
        if (res.status === 200 && res.body?.type === CARD) {
          const shownRev = Number(actionsOf(res.body.value).find((a) => a.data['_rev'] !== undefined)?.data['_rev'] ?? -1);
          acknowledged.push({ user: user.aadObjectId, step: press.step, rev: shownRev });
          card = res.body.value;
          if (isSubmittedCard(card)) return reportId;
        } else {
          refusals.push(res);
          await sleep(250);
        }
        // Users take a moment per card; the outage then falls in the middle of their reports.
        await sleep(outage ? 150 : 400);
      }
      throw new Error(`user ${user.name} did not finish`);
    };

    const users = Array.from({ length: USERS }, (_, i) => teamsUser(`Bruker ${i}`));
    const running = users.map(runUser);
    await sleep(1_500);
    outage = { from: Date.now(), to: Date.now() + 10_000 };
    await mongo.pause();
    // Still alive, honestly not ready.
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(503);
    await sleep(10_000);
    await mongo.resume();
    await expect.poll(async () => (await fetch(`${bot.url}/readyz`)).status, { timeout: 15_000, interval: 200 }).toBe(200);
    const reportIds = await Promise.all(running);

    // Users were told to try again, in their language, with nothing internal in the answer.
    expect(refusals.length).toBeGreaterThan(0);
    for (const refusal of refusals) {
      expect(refusal.body?.type).toBe(ERROR);
      expect(refusal.body?.value?.message).toBe(texts.messages.tryAgain.nb);
      expect(JSON.stringify(refusal.body)).not.toMatch(/Mongo|ECONNREFUSED|Error|stack|\.ts:\d+/);
    }

    // Every acknowledged answer is in the database: each report was submitted with every group, and
    // its rev is at least the highest rev any acknowledged card showed.
    db = await MongoClient.connect(mongo.uri);
    const reports = db.db(bot.dbName).collection<ReportRecord>('reports');
    for (const [i, reportId] of reportIds.entries()) {
      const stored = await reports.findOne({ _id: reportId });
      expect(stored?.state).toBe('INNSENDT');
      for (const inputs of Object.values(VALID_GROUP_INPUTS)) {
        for (const fieldId of Object.keys(inputs)) expect(stored?.answers, `${fieldId} of user ${i}`).toHaveProperty(fieldId);
      }
      const user = users[i]!.aadObjectId;
      const highestShown = Math.max(...acknowledged.filter((a) => a.user === user && a.rev >= 0).map((a) => a.rev));
      expect(stored!.rev).toBeGreaterThanOrEqual(highestShown);
    }
    // One draft per user: no retry created a second report.
    expect(await reports.countDocuments({})).toBe(USERS);
  }, 60_000);
});

describe('two instances behind one MongoDB', () => {
  let connector: RecordingConnector;
  let a: TestBot;
  let b: TestBot;
  let mongo: MongoClient;
  const dbName = `it_two_${randomUUID().replace(/-/g, '').slice(0, 10)}`;

  beforeAll(async () => {
    connector = await RecordingConnector.start();
    a = await startTestBot({ dbName, env: { JOBS_ENABLED: 'false' } });
    b = await startTestBot({ dbName, env: { JOBS_ENABLED: 'false' } });
    mongo = await MongoClient.connect(process.env['MONGODB_URI'] as string);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await connector?.stop();
    await mongo?.close();
  });

  it('answers the same users alternately without lost or doubled updates, even when one card reaches both at once', async () => {
    const USERS = 5;
    const reports = mongo.db(dbName).collection<ReportRecord>('reports');
    const finish = async (user: TeamsUser): Promise<void> => {
      const onA = new TeamsTestClient(a.url, connector, user);
      const onB = new TeamsTestClient(b.url, connector, user, onA.conversationId);
      let card = cardOf((await onA.say('ny rapport'))[0]);
      for (let turn = 0; !isSubmittedCard(card); turn++) {
        if (turn > 40) throw new Error('report did not finish');
        const press = nextPress(card);
        if (turn % 3 === 2) {
          // A double delivery: the same card answer reaches both instances at the same moment.
          const [ra, rb] = await Promise.all([onA.press(press.verb, press.data), onB.press(press.verb, press.data)]);
          const moved = [ra, rb].filter((r) => !notApplied(r.body.value));
          expect(ra.body.type).toBe(CARD);
          expect(rb.body.type).toBe(CARD);
          // Exactly one was applied; the other was told the card was no longer the latest (or already submitted).
          expect(moved).toHaveLength(1);
          card = moved[0]!.body.value;
        } else {
          const res = await (turn % 2 === 0 ? onB : onA).press(press.verb, press.data);
          expect(res.body.type).toBe(CARD);
          card = res.body.value;
        }
      }
    };
    const users = Array.from({ length: USERS }, (_, i) => teamsUser(`To ${i}`));
    await Promise.all(users.map(finish));

    const groups = Object.keys(VALID_GROUP_INPUTS).length;
    for (const user of users) {
      const stored = await reports.find({ 'reporter.userId': user.aadObjectId }).toArray();
      expect(stored).toHaveLength(1);
      expect(stored[0]!.state).toBe('INNSENDT');
      // One write per group and one for the submission: no answer applied twice, none lost.
      expect(stored[0]!.rev).toBe(groups + 1);
      for (const inputs of Object.values(VALID_GROUP_INPUTS)) for (const fieldId of Object.keys(inputs)) expect(stored[0]!.answers).toHaveProperty(fieldId);
    }
  });

  it('runs a message delivered to both instances once', async () => {
    const user = teamsUser('Dobbel');
    const onA = new TeamsTestClient(a.url, connector, user);
    const onB = new TeamsTestClient(b.url, connector, user, onA.conversationId);
    const activityId = randomUUID();
    await Promise.all([onA.say('ny rapport', activityId), onB.say('ny rapport', activityId)]);
    const reports = mongo.db(dbName).collection<ReportRecord>('reports');
    expect(await reports.countDocuments({ 'reporter.userId': user.aadObjectId })).toBe(1);
  });

  it('sends each merger reminder once when both instances run the daily job at the same moment', async () => {
    const channel = `19:${randomUUID()}@thread.tacv2`;
    const kari = new TeamsTestClient(a.url, connector, { id: '29:kari', aadObjectId: 'aad-kari', name: 'Kari', locale: 'nb-NO' }, channel, 'channel');
    const soon = new Date(Date.now() + 10 * 86_400_000);
    const mergerDate = `${String(soon.getUTCDate()).padStart(2, '0')}.${String(soon.getUTCMonth() + 1).padStart(2, '0')}.${soon.getUTCFullYear()}`;
    await kari.say('<at>Samhandlingsbot</at> ny sammenslåing');
    const confirm = (await kari.press('merger.register', { name: 'Nye Kommune', municipalities: 'Asker, Bærum', mergerDate, cond__usesFeide: '', cond__runsLegevakt: '', cond__onSvarUt: '' })).body.value;
    const action = actionsOf(confirm).find((x) => x.verb === 'merger.confirm')!;
    await kari.press('merger.confirm', { ...action.data, phase: 'gjennomforing' });

    const today = new Date().toISOString().slice(0, 10);
    const clients: MongoClient[] = [];
    /** What one instance's composition root wires for the job: its own client, repositories and sender. */
    const composition = async () => {
      const client = await MongoClient.connect(process.env['MONGODB_URI'] as string);
      clients.push(client);
      return mergerReminderDeps(client.db(dbName), today);
    };
    try {
      const [depsA, depsB] = await Promise.all([composition(), composition()]);
      const before = connector.received.length;
      const [runA, runB] = await Promise.all([sendMergerReminders(depsA), sendMergerReminders(depsB)]);
      const posted = connector.received.slice(before).filter((r) => r.conversationId === channel);
      const claims = await mongo.db(dbName).collection('merger_reminder_log').countDocuments({ day: today, taskId: { $ne: WHOLE_MERGER_CLAIM } });
      expect(claims).toBeGreaterThan(0);
      // One of the two runs did the merger: one message with every due task, each claimed once.
      expect([runA.messages, runB.messages].sort()).toEqual([0, 1]);
      expect(runA.tasks + runB.tasks).toBe(claims);
      expect(posted).toHaveLength(1);
      const shownTaskIds = actionsOf(cardOf(posted[0]!.activity)).filter((x) => x.verb === 'merger.task' && x.data['_op'] === 'done').map((x) => String(x.data['_task']));
      expect(shownTaskIds.length).toBeGreaterThan(0);
      expect(new Set(shownTaskIds).size).toBe(shownTaskIds.length);
      // A third run the same day (a restart, a late instance) sends nothing.
      const again = await sendMergerReminders(await composition());
      expect(again.tasks).toBe(0);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });
});
