/**
 * End to end with a real Teams client: Microsoft 365 Agents Playground talks to the bot process
 * over HTTP (Bot Connector protocol), the bot stores in MongoDB. One complete report from
 * "ny rapport" to INNSENDT, and a draft resumed after the bot process is killed mid-report.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startBotProcess, type BotProcess } from '../support/bot-process.js';
import { Playground } from '../support/playground.js';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';
import { actionsOf, inputsOf, visibleTexts } from '../support/teams-client.js';

const GROUPS = Object.keys(VALID_GROUP_INPUTS);
let mongo: MongoClient;
let botPort: number;
let dbName: string;
let bot: BotProcess | undefined;
let playground: Playground | undefined;

function controlOf(card: any): Record<string, unknown> {
  const a = actionsOf(card).find((x) => x.verb === 'report.next' || x.verb === 'report.submit');
  if (!a) throw new Error(`no next/submit button on card: ${visibleTexts(card).slice(0, 5).join(' | ')}`);
  return a.data;
}

async function lastCard(pg: Playground): Promise<any> {
  const [msg] = await pg.nextBotMessages(1, 20_000);
  return msg?.attachments[0]?.content;
}

async function press(pg: Playground, verb: string, data: Record<string, unknown>): Promise<any> {
  const res = await pg.invokeAction(data, verb);
  expect(res.type).toBe('application/vnd.microsoft.card.adaptive');
  return res.value;
}

const reports = () => mongo.db(dbName).collection('reports');

beforeAll(async () => {
  mongo = await MongoClient.connect(process.env['MONGODB_URI'] as string);
  botPort = await freePort();
  dbName = `e2e_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  bot = await startBotProcess({ port: botPort, dbName });
  playground = await Playground.start({
    botEndpoint: `http://127.0.0.1:${botPort}/api/messages`,
    port: 0,
    locale: 'nb-NO',
    user: { name: 'Kari Nordmann', aadObjectId: 'aad-kari-e2e' },
  });
}, 90_000);

afterAll(async () => {
  await playground?.stop();
  await bot?.kill('SIGTERM');
  await mongo?.close();
}, 60_000);

describe('reporting through Agents Playground', () => {
  it('completes one report from "ny rapport" to INNSENDT', async () => {
    const pg = playground!;
    await pg.sendText('ny rapport');
    let card = await lastCard(pg);
    expect(visibleTexts(card).join('\n')).toContain('Steg 1 av 11');
    const reportId = controlOf(card)['_report'] as string;
    for (const group of GROUPS) card = await press(pg, 'report.next', { ...controlOf(card), ...VALID_GROUP_INPUTS[group] });
    expect(visibleTexts(card).join('\n')).toContain('Oppsummering: Digital byggesøknad');
    const done = await press(pg, 'report.submit', controlOf(card));
    expect(visibleTexts(done).join('\n')).toContain('Rapporten er sendt inn');
    const stored = await reports().findOne({ _id: reportId as never });
    expect(stored).toMatchObject({ state: 'INNSENDT', reportVersion: 1, reporter: { userId: 'aad-kari-e2e', displayName: 'Kari Nordmann' } });
  }, 120_000);

  it('resumes a draft after the bot process is killed mid-report', async () => {
    const pg = playground!;
    pg.clearBotMessages();
    await pg.sendText('ny rapport');
    let card = await lastCard(pg);
    const reportId = controlOf(card)['_report'] as string;
    for (const group of GROUPS.slice(0, 3)) card = await press(pg, 'report.next', { ...controlOf(card), ...VALID_GROUP_INPUTS[group] });
    expect(visibleTexts(card).join('\n')).toContain('Steg 4 av 11');

    // Kill without a chance to clean up, then start a new process on the same port and database.
    expect(await bot!.kill('SIGKILL')).toBeNull();
    bot = await startBotProcess({ port: botPort, dbName });

    pg.clearBotMessages();
    await pg.sendText('fortsett');
    const resumed = await lastCard(pg);
    expect(visibleTexts(resumed).join('\n')).toContain('Steg 4 av 11');
    // The card shown before the restart still works: its answers were stored when acknowledged.
    card = await press(pg, 'report.next', { ...controlOf(resumed), ...VALID_GROUP_INPUTS[GROUPS[3] as string] });
    expect(visibleTexts(card).join('\n')).toContain('Steg 5 av 11');
    const backTo1 = await reports().findOne({ _id: reportId as never });
    expect(backTo1?.['answers']).toMatchObject({ projectName: 'Digital byggesøknad', decisionStatus: 'VEDTATT', adoptionType: 'FRIVILLIG' });
    for (const group of GROUPS.slice(4)) card = await press(pg, 'report.next', { ...controlOf(card), ...VALID_GROUP_INPUTS[group] });
    expect(inputsOf(card).size).toBe(0);
    await press(pg, 'report.submit', controlOf(card));
    expect((await reports().findOne({ _id: reportId as never }))?.['state']).toBe('INNSENDT');
  }, 150_000);
});
