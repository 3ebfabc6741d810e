/**
 * The MongoDB outage of fault-tolerance.test.ts, on Slack: users submit report modals while the
 * database is unreachable for ten seconds; DM messages and slash commands arrive meanwhile.
 */
import { readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportRecord } from '../../src/core/reporting/report.js';
import { loadBotTexts } from '../../src/settings/texts-schema.js';
import { InProcessMongoServer } from '../support/mongo/index.js';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';
import { SlackApiStub } from '../support/slack-api-stub.js';
import { SLACK_TEST_ENV } from '../support/slack-bot.js';
import { blockTexts, SlackTestClient, type SlackResponse } from '../support/slack-client.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const texts = loadBotTexts('config');
const slackTexts = JSON.parse(readFileSync('config/slack-texts.json', 'utf8')) as { messages: Record<string, { nb: string; en: string }> };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Lang = 'nb' | 'en';

const inputIds = (view: any): string[] => (view.blocks as any[]).filter((b) => b.type === 'input').map((b) => String(b.block_id));
/** The group whose answers this form asks for; `summary` for the form without inputs that still submits. */
function stepOf(view: any): string | undefined {
  const ids = inputIds(view);
  if (ids.length === 0) return view.submit ? 'summary' : undefined;
  const group = Object.entries(VALID_GROUP_INPUTS).find(([, inputs]) => Object.keys(inputs).every((k) => ids.includes(k)));
  if (!group) throw new Error(`no answers for the form with inputs ${ids.join(',')}`);
  return group[0];
}
const isWorking = (view: any) => blockTexts(view.blocks).includes(slackTexts.messages['working']!.nb);

describe('Slack: MongoDB unreachable for ten seconds during load', () => {
  let mongo: InProcessMongoServer;
  let api: SlackApiStub;
  let bot: TestBot;
  let db: MongoClient;

  beforeAll(async () => {
    mongo = await InProcessMongoServer.start();
    api = await SlackApiStub.start();
    bot = await startTestBot({ env: { ...SLACK_TEST_ENV(api.url), MONGODB_URI: mongo.uri } });
  });
  afterAll(async () => {
    await bot?.stop();
    await db?.close();
    await api?.stop();
    await mongo?.stop();
  });

  it('answers every submission in time, tells users to try again, loses no accepted answer and recovers without a restart', async () => {
    const USERS = 6;
    const accepted: { user: string; step: string }[] = [];
    const refusals: { lang: Lang; text: string }[] = [];
    const answers: SlackResponse[] = [];
    let outage = false;
    let lateForms = 0;

    const users = Array.from({ length: USERS }, (_, i) => ({ id: `UFAULT${i}`, name: `Bruker ${i}`, lang: (i % 3 === 2 ? 'en' : 'nb') as Lang }));
    for (const u of users) api.addUser({ id: u.id, name: u.name, locale: u.lang === 'en' ? 'en-US' : 'nb-NO' });

    // Each user opens a report modal (before the outage).
    const opened: any[] = [];
    for (const u of users) {
      const before = api.callsOf('views.open').length;
      expect((await new SlackTestClient(bot.url, api, u).command('ny rapport')).status).toBe(200);
      const calls = await api.waitFor('views.open', before + 1);
      opened.push(calls[before]!.result['view']);
    }

    /** One user submits form after form; a "try again" is repeated after a short wait, as a user would. */
    const runUser = async (i: number): Promise<void> => {
      const u = users[i]!;
      const client = new SlackTestClient(bot.url, api, u);
      let view = opened[i];
      const viewId = String(view.id);
      for (let turn = 0, hash = 0; turn < 200; turn++) {
        const step = stepOf(view);
        if (!step) return;
        const mark = api.calls.length;
        const res = await client.submit(view, step === 'summary' ? {} : (VALID_GROUP_INPUTS[step] as Record<string, string>));
        answers.push(res);
        const action = res.body?.response_action;
        if (action === 'errors') {
          refusals.push({ lang: u.lang, text: Object.values(res.body.errors as Record<string, string>).join(' ') });
          await sleep(300);
          continue;
        }
        expect(action, JSON.stringify(res.body).slice(0, 300)).toBe('update');
        if (isWorking(res.body.view)) {
          // Saved late: the "saving" modal is replaced by the next form, or by this one with "try again".
          lateForms++;
          const [update] = await api.waitFor('views.update', 1, (c) => c.args['view_id'] === viewId && api.calls.indexOf(c) >= mark, 20_000);
          view = update!.result['view'];
          const notice = (view.blocks as any[]).find((b) => b.block_id === 'samhandling.notice');
          if (notice) {
            refusals.push({ lang: u.lang, text: notice.text.text as string });
            continue;
          }
        } else view = { ...res.body.view, id: viewId, hash: `h${u.id}-${++hash}` };
        accepted.push({ user: u.id, step });
        await sleep(outage ? 150 : 400);
      }
      throw new Error(`user ${u.name} did not finish`);
    };

    const running = users.map((_, i) => runUser(i));
    await sleep(1_500);
    outage = true;
    await mongo.pause();
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(503);

    // A DM and a slash command during the outage: acknowledged at once, answered later.
    const dmUser = { id: 'UFAULTDM', name: 'Dm Bruker' };
    const cmdUser = { id: 'UFAULTCMD', name: 'Cmd User' };
    api.addUser({ ...dmUser, locale: 'nb-NO' });
    api.addUser({ ...cmdUser, locale: 'en-US' });
    const outageMark = api.calls.length;
    const dm = await new SlackTestClient(bot.url, api, dmUser).dmText('ny rapport');
    const cmd = await new SlackTestClient(bot.url, api, cmdUser).command('ny rapport');
    expect([dm.status, cmd.status]).toEqual([200, 200]);
    expect(Math.max(dm.ms, cmd.ms)).toBeLessThan(1_000);

    await sleep(10_000);
    await mongo.resume();
    outage = false;
    await expect.poll(async () => (await fetch(`${bot.url}/readyz`)).status, { timeout: 15_000, interval: 200 }).toBe(200);
    await Promise.all(running);

    // Every submission was answered within Slack's 3 s, never with a 5xx or an empty (modal-closing) body.
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.ms).toBeLessThan(3_000);
      expect(res.body?.response_action).toBeDefined();
    }
    // Users were told to try again, in their language, with nothing internal in the answer.
    expect(refusals.length).toBeGreaterThan(0);
    for (const r of refusals) {
      expect([texts.messages.tryAgain[r.lang], slackTexts.messages['alreadyReceived']![r.lang]].some((t) => r.text.includes(t)), r.text).toBe(true);
      expect(r.text).not.toMatch(/Mongo|ECONNREFUSED|Error|stack|\.ts:\d+/);
    }

    // The DM and the command ended with a message to their user: the answer or "try again".
    const outcomeFor = async (channel: string) => {
      const [post] = await api.waitFor('chat.postMessage', 1, (c) => c.args['channel'] === channel && api.calls.indexOf(c) >= outageMark, 15_000);
      return String(post!.args['text'] ?? '') + blockTexts(post!.args['blocks'] ?? []);
    };
    const dmOutcome = await outcomeFor(`D${dmUser.id.slice(1)}`);
    const cmdOutcome = await outcomeFor(`D${cmdUser.id.slice(1)}`);
    console.log(`outage: ${refusals.length} refusals, ${lateForms} late saves; DM got: ${dmOutcome.slice(0, 80)}; command got: ${cmdOutcome.slice(0, 80)}`);
    expect(dmOutcome).toContain(texts.messages.tryAgain.nb);
    expect(cmdOutcome).toContain(texts.messages.tryAgain.en);

    // Every accepted answer is stored: each report submitted with every group, one report per user.
    db = await MongoClient.connect(mongo.uri);
    const reports = db.db(bot.dbName).collection<ReportRecord>('reports');
    for (const u of users) {
      const stored = await reports.find({ 'reporter.userId': u.id }).toArray();
      expect(stored, u.id).toHaveLength(1);
      expect(stored[0]!.state).toBe('INNSENDT');
      for (const [group, inputs] of Object.entries(VALID_GROUP_INPUTS)) {
        expect(accepted.some((a) => a.user === u.id && a.step === group), `${group} of ${u.id}`).toBe(true);
        for (const fieldId of Object.keys(inputs)) expect(stored[0]!.answers, `${fieldId} of ${u.id}`).toHaveProperty(fieldId);
      }
    }
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
  }, 60_000);
});
