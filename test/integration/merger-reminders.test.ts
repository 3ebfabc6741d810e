import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMergerReminders } from '../../src/core/merger/merger-reminders.js';
import { mergerReminderDeps } from '../support/merger-reminder-deps.js';
import { RecordingConnector } from '../support/recording-connector.js';
import { actionsOf, cardOf, TeamsTestClient, visibleTexts } from '../support/teams-client.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

let bot: TestBot;
let connector: RecordingConnector;
let mongo: MongoClient;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startTestBot({ env: { JOBS_ENABLED: 'false' } });
  mongo = await MongoClient.connect(process.env['MONGODB_URI'] as string);
});

afterAll(async () => {
  await bot?.stop();
  await connector?.stop();
  await mongo?.close();
});

async function registerIn(channel: string, locale: string, mergerDate: string): Promise<void> {
  const client = new TeamsTestClient(bot.url, connector, { id: '29:kari', aadObjectId: 'aad-kari', name: 'Kari', locale }, channel, 'channel');
  await client.say('<at>Samhandlingsbot</at> ny sammenslåing');
  const confirm = (await client.press('merger.register', { name: 'Nye Kommune', municipalities: 'Asker, Bærum', mergerDate, cond__usesFeide: '', cond__runsLegevakt: '', cond__onSvarUt: '' })).body.value;
  const action = actionsOf(confirm).find((a) => a.verb === 'merger.confirm')!;
  await client.press('merger.confirm', { ...action.data, phase: 'gjennomforing' });
}

function reminderDeps(day: string) {
  return mergerReminderDeps(mongo.db(bot.dbName), day);
}

describe('daily merger reminders', () => {
  it('posts due and overdue tasks into the merger channel once per task per day, in the stored language', async () => {
    const nb = `19:${randomUUID()}@thread.tacv2`;
    const en = `19:${randomUUID()}@thread.tacv2`;
    // Merger date in ten days: every task due before the merger date falls in the window.
    const soon = new Date(Date.now() + 10 * 86_400_000);
    const date = `${String(soon.getUTCDate()).padStart(2, '0')}.${String(soon.getUTCMonth() + 1).padStart(2, '0')}.${soon.getUTCFullYear()}`;
    await registerIn(nb, 'nb-NO', date);
    await registerIn(en, 'en-US', date);
    const today = new Date().toISOString().slice(0, 10);

    const before = connector.received.length;
    const first = await sendMergerReminders(reminderDeps(today));
    expect(first.messages).toBeGreaterThanOrEqual(2);
    const posted = connector.received.slice(before);
    const nbCard = cardOf(posted.find((p) => p.conversationId === nb)?.activity);
    const enCard = cardOf(posted.find((p) => p.conversationId === en)?.activity);
    expect(visibleTexts(nbCard).join('\n')).toContain('Påminnelse');
    expect(visibleTexts(enCard).join('\n')).toContain('Reminder');

    // The same day again (another instance, a restart): nothing is posted twice.
    const again = await sendMergerReminders(reminderDeps(today));
    expect(again.messages).toBe(0);
    expect(connector.received.length).toBe(before + posted.length);
  });
});
