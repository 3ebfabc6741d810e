import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useBotOverHttp } from '../support/bot-over-http.js';
import { actionsOf, cardOf, inputsOf, TeamsTestClient, visibleTexts } from '../support/teams-client.js';
import { realContent } from '../support/merger-for-tests.js';

const http = useBotOverHttp();

const oneYearAhead = (() => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`;
})();

function channelMember(channelId: string, n: number, locale = 'nb-NO'): TeamsTestClient {
  return http.client({ id: `29:user${n}`, aadObjectId: `aad-user${n}`, name: `Bruker ${n}`, locale }, channelId, 'channel');
}

const text = (card: any) => visibleTexts(card).join('\n');
const guide = () => realContent().mergerGuide;
const areaOf = (taskId: string) => guide().areas.find((a) => a.tasks.some((t) => t.id === taskId))!;

/** Registers a merger of Asker and Bærum one year ahead in phase "Planlegging og anskaffelse". */
async function register(client: TeamsTestClient): Promise<any> {
  const form = cardOf((await client.say('<at>Samhandlingsbot</at> ny sammenslåing'))[0]);
  expect(inputsOf(form).has('municipalities')).toBe(true);
  const res = await client.press('merger.register', { name: 'Nye Asker', municipalities: 'Asker, Bærum', mergerDate: oneYearAhead, cond__usesFeide: 'true', cond__runsLegevakt: 'false', cond__onSvarUt: '' });
  const confirm = res.body.value;
  expect(text(confirm)).toMatch(/Planlegging og anskaffelse|Gjennomføring/);
  const action = actionsOf(confirm).find((a) => a.verb === 'merger.confirm')!;
  const registered = await client.press('merger.confirm', { ...action.data, phase: 'planlegging-og-anskaffelse' });
  return registered.body.value;
}

function taskIdsOf(card: any): string[] {
  return actionsOf(card).filter((a) => a.verb === 'merger.task' && a.data['_op'] === 'done').map((a) => a.data['_task'] as string);
}

describe('merger checklist over HTTP', () => {
  it('registers a merger and answers "hva gjør vi nå?" with infrastructure and archive before digital services', async () => {
    const channel = `19:${randomUUID()}@thread.tacv2`;
    const kari = channelMember(channel, 1);
    const first = await register(kari);
    expect(text(first)).toContain('Nye Asker');
    const next = cardOf((await kari.say('<at>Samhandlingsbot</at> hva gjør vi nå?'))[0]);
    const ids = taskIdsOf(next);
    expect(ids.length).toBeGreaterThan(0);
    // Priority order (§5.1): infrastructure (rank 1) and archive (rank 2) come before digital services (rank 8).
    expect(ids.map((id) => areaOf(id).priorityRank).every((rank) => rank <= 2)).toBe(true);
    expect(ids.some((id) => areaOf(id).id === 'arkiv' || areaOf(id).id.startsWith('ikt-'))).toBe(true);
    expect(ids.some((id) => ['digitale-tjenester', 'nettside', 'digital-plattform'].includes(areaOf(id).id))).toBe(false);

    // Everyone in the channel shares the merger.
    const ola = channelMember(channel, 2);
    expect(taskIdsOf(cardOf((await ola.say('<at>Samhandlingsbot</at> hva gjør vi nå?'))[0]))).toEqual(ids);

    // Marking the first task done changes the next answer and the progress card.
    const progressBefore = cardOf((await kari.say('<at>Samhandlingsbot</at> fremdrift'))[0]);
    const after = (await kari.press('merger.task', { _merger: actionsOf(next).find((a) => a.verb === 'merger.task')!.data['_merger'], _task: ids[0], _op: 'done' })).body.value;
    expect(text(after)).toContain('markert som ferdig');
    expect(taskIdsOf(after)).not.toContain(ids[0]);
    const progressAfter = cardOf((await kari.say('<at>Samhandlingsbot</at> fremdrift'))[0]);
    expect(text(progressAfter)).not.toEqual(text(progressBefore));
    expect(text(progressAfter)).toMatch(/dager til sammenslåingen/);
  });

  it('warns but allows marking done a task whose dependencies are open, and keeps who and when', async () => {
    const channel = `19:${randomUUID()}@thread.tacv2`;
    const kari = channelMember(channel, 1);
    const card = await register(kari);
    const mergerId = actionsOf(card).find((a) => a.verb === 'merger.task')!.data['_merger'];
    const withDeps = guide().areas.flatMap((a) => a.tasks).find((t) => t.dependsOn.length > 0)!;
    const res = await kari.press('merger.task', { _merger: mergerId, _task: withDeps.id, _op: 'done' });
    expect(text(res.body.value)).toMatch(/ikke er ferdige|ikke ferdig/);
    const state = await http.db.collection('merger_task_states').findOne({ mergerId, taskId: withDeps.id });
    expect(state).toMatchObject({ status: 'done', history: [{ status: 'done', by: { userId: 'aad-user1', displayName: 'Bruker 1' } }] });
  });

  it('answers topic questions from the guide', async () => {
    const kari = channelMember(`19:${randomUUID()}@thread.tacv2`, 1);
    const feide = text(cardOf((await kari.say('<at>Samhandlingsbot</at> Feide?'))[0]));
    expect(feide).toMatch(/Feide/);
    const arkiv = text(cardOf((await kari.say('<at>Samhandlingsbot</at> hva skjer med arkivet?'))[0]));
    expect(arkiv).toContain(guide().areas.find((a) => a.id === 'arkiv')!.name.nb);
    const legevakt = text(cardOf((await kari.say('<at>Samhandlingsbot</at> legevakt'))[0]));
    expect(legevakt).toContain(guide().areas.find((a) => a.id === 'legevakt')!.name.nb);
    const english = channelMember(`19:${randomUUID()}@thread.tacv2`, 3, 'en-US');
    const dayOne = text(cardOf((await english.say('<at>Samhandlingsbot</at> which systems must work from day one?'))[0]));
    const red = guide().areas.filter((a) => a.colour === 'red').map((a) => a.name.en);
    expect(red.some((name) => dayOne.includes(name))).toBe(true);
    const nothing = text(cardOf((await kari.say('<at>Samhandlingsbot</at> hvordan baker man surdeigsbrød?'))[0]));
    expect(nothing).toMatch(/forsto jeg ikke/);
    expect(nothing).toMatch(/fant ikke noe/i);
  });

  it('refuses bad input with clear messages and stores nothing invalid', async () => {
    const channel = `19:${randomUUID()}@thread.tacv2`;
    const kari = channelMember(channel, 1);
    await kari.say('<at>Samhandlingsbot</at> ny sammenslåing');
    const bad = (await kari.press('merger.register', { name: '', municipalities: 'Asker, Bærumm, Atlantis', mergerDate: 'snart', cond__usesFeide: '', cond__runsLegevakt: '', cond__onSvarUt: '' })).body.value;
    const t = text(bad);
    expect(t).toContain('Skriv navnet på den nye kommunen');
    expect(t).toMatch(/Bærum/);
    expect(t).toMatch(/snart/);
    const forged = (await kari.press('merger.register', { name: 'X', municipalities: 'Asker, Bærum', mergerDate: oneYearAhead, $where: '1' })).body.value;
    expect(text(forged)).toContain('felt jeg ikke kjenner igjen');
    expect(await http.db.collection('mergers').countDocuments({ conversationKey: `teams:${channel}` })).toBe(0);

    const card = await register(kari);
    const mergerId = actionsOf(card).find((a) => a.verb === 'merger.task')!.data['_merger'];
    expect(text((await kari.press('merger.task', { _merger: mergerId, _task: 'finnes-ikke-99', _op: 'done' })).body.value)).toContain('Fant ingen oppgave');
    expect(text((await kari.press('merger.task', { _merger: 'another-merger', _task: taskIdsOf(card)[0], _op: 'done' })).body.value)).toContain('annen sammenslåing');
    const noReason = (await kari.press('merger.task', { _merger: mergerId, _task: taskIdsOf(card)[0], _op: 'not_relevant' })).body.value;
    expect(text(noReason)).toMatch(/begrunnelse/i);
    expect(await http.db.collection('merger_task_states').countDocuments({ mergerId })).toBe(0);
    const long = (await kari.say(`<at>Samhandlingsbot</at> ${'arkiv '.repeat(1000)}`))[0];
    expect(text(cardOf(long))).toMatch(/5[ .]?0\d\d tegn|tegn/);
  });

  it('mentions state projects from the register whose deadlines fall in the merger window', async () => {
    const now = new Date();
    const inSixMonths = new Date(now.getTime() + 182 * 86_400_000).toISOString().slice(0, 10);
    await http.db.collection('reports').insertOne({
      _id: `proj-${randomUUID()}`,
      projectId: `p-${randomUUID()}`,
      reportVersion: 1,
      rev: 1,
      state: 'INNSENDT',
      reporter: { platform: 'teams', userId: 'aad-state', displayName: 'Statlig prosjektleder' },
      answers: {
        projectName: 'Nasjonal arkivkjerne',
        serviceAreas: ['ADMINISTRASJON_FELLESLOSNINGER'],
        municipalDeadlines: { notSet: false, entries: [{ date: { start: inSixMonths, end: inSixMonths, precision: 'day', raw: inSixMonths }, what: 'Koble til', mandatory: true }] },
      },
      step: 'submitted',
      returnToSummary: false,
      demo: false,
      flags: [],
      createdAt: now,
      updatedAt: now,
      submittedAt: now,
    } as never);
    const kari = channelMember(`19:${randomUUID()}@thread.tacv2`, 1);
    await register(kari);
    const next = text(cardOf((await kari.say('<at>Samhandlingsbot</at> hva gjør vi nå?'))[0]));
    expect(next).toContain('Nasjonal arkivkjerne');
    const arkiv = text(cardOf((await kari.say('<at>Samhandlingsbot</at> arkiv'))[0]));
    expect(arkiv).toContain('Nasjonal arkivkjerne');
  });
});
