import { describe, expect, it } from 'vitest';
import { useBotOverHttp } from '../support/bot-over-http.js';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';
import { actionsOf, cardOf, inputsOf, TeamsTestClient, visibleTexts } from '../support/teams-client.js';

const http = useBotOverHttp();
const GROUPS = Object.keys(VALID_GROUP_INPUTS);

const kari = () => ({ id: '29:kari', aadObjectId: 'aad-kari', name: 'Kari Nordmann', locale: 'nb-NO' });

function control(card: any): Record<string, unknown> {
  const next = actionsOf(card).find((a) => a.verb === 'report.next' || a.verb === 'report.submit');
  if (!next) throw new Error(`card has no next/submit button: ${JSON.stringify(visibleTexts(card)).slice(0, 300)}`);
  return next.data;
}

async function answerGroup(client: TeamsTestClient, card: any, inputs: Record<string, string>) {
  const res = await client.press('report.next', { ...control(card), ...inputs });
  expect(res.status).toBe(200);
  expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
  return res.body.value;
}

async function reportDoc(id: string) {
  return http.db.collection('reports').findOne({ _id: id as never });
}

describe('reporting conversation over HTTP (restify + botbuilder + MongoDB)', () => {
  it('answers health and readiness', async () => {
    expect((await fetch(`${http.bot.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${http.bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ mongodb: 'reachable' });
  });

  it('takes a report from "ny rapport" through every card to INNSENDT', async () => {
    const client = http.client(kari());
    const [first] = await client.say('ny rapport');
    let card = cardOf(first);
    expect(visibleTexts(card).join('\n')).toContain('Steg 1 av 11');
    // The contact person is pre-filled from the Teams profile.
    expect(inputsOf(card).get('contactName')?.value).toBe('Kari Nordmann');
    const reportId = control(card)['_report'] as string;

    for (const group of GROUPS) card = await answerGroup(client, card, VALID_GROUP_INPUTS[group] as Record<string, string>);
    expect(visibleTexts(card).join('\n')).toContain('Oppsummering: Digital byggesøknad');
    expect(visibleTexts(card).join('\n')).toContain('45 000 000 kr');

    const submitted = await client.press('report.submit', control(card));
    expect(visibleTexts(submitted.body.value).join('\n')).toContain('Rapporten er sendt inn');

    const stored = await reportDoc(reportId);
    expect(stored).toMatchObject({ state: 'INNSENDT', reportVersion: 1, reporter: { platform: 'teams', userId: 'aad-kari', displayName: 'Kari Nordmann' } });
    expect(stored?.['submittedAt']).toBeInstanceOf(Date);
    expect(stored?.['answers']['investmentCost']).toMatchObject({ amount: 45_000_000 });

    const [list] = await client.say('mine rapporter');
    const listText = visibleTexts(cardOf(list)).join('\n');
    expect(listText).toContain('Digital byggesøknad');
    expect(listText).toContain('Innsendt');
  });

  it('re-shows the same card with errors beside the fields and keeps the valid answers', async () => {
    const client = http.client(kari());
    const card = cardOf((await client.say('ny rapport'))[0]);
    const reportId = control(card)['_report'] as string;
    const res = await client.press('report.next', {
      ...control(card),
      ...VALID_GROUP_INPUTS['identification'],
      projectName: '   ',
      contactEmail: 'kari(at)kartverket',
    });
    const again = res.body.value;
    const texts = visibleTexts(again).join('\n');
    expect(texts).toContain('Steg 1 av 11');
    expect(texts).toMatch(/e-post/i);
    expect(inputsOf(again).get('shortName')?.value).toBe('DiBy');
    expect(inputsOf(again).get('contactEmail')?.value).toBe('kari(at)kartverket');
    const stored = await reportDoc(reportId);
    expect(stored?.['answers']['shortName']).toBe('DiBy');
    expect(stored?.['answers']).not.toHaveProperty('contactEmail', 'kari(at)kartverket');
    expect(stored?.['step']).toBe('identification');
  });

  it('answers in English for an English Teams locale', async () => {
    const client = http.client({ ...kari(), id: '29:john', aadObjectId: 'aad-john', name: 'John Smith', locale: 'en-US' });
    const card = cardOf((await client.say('new report'))[0]);
    expect(visibleTexts(card).join('\n')).toContain('Step 1 of 11');
    const res = await client.press('report.next', { ...control(card), ...VALID_GROUP_INPUTS['identification'], contactEmail: 'nope' });
    expect(visibleTexts(res.body.value).join('\n')).toMatch(/e-mail/i);
  });

  it('rejects operator-like and unknown keys in a card submission and stores nothing from it', async () => {
    const client = http.client(kari());
    const card = cardOf((await client.say('ny rapport'))[0]);
    const reportId = control(card)['_report'] as string;
    const before = await reportDoc(reportId);
    for (const extra of [{ $where: 'sleep(1000)' }, { 'answers.state': 'GODKJENT' }, { reporter: 'someone-else' }]) {
      const res = await client.press('report.next', { ...control(card), ...VALID_GROUP_INPUTS['identification'], ...extra });
      expect(res.status).toBe(200);
      expect(visibleTexts(res.body.value).join('\n')).toContain('Steg 1 av 11');
    }
    const after = await reportDoc(reportId);
    expect(after?.['answers']).toEqual(before?.['answers']);
    expect(after?.['reporter']).toEqual(before?.['reporter']);
  });

  it('changes the report once when the same button is pressed twice', async () => {
    const client = http.client(kari());
    const card = cardOf((await client.say('ny rapport'))[0]);
    const reportId = control(card)['_report'] as string;
    const payload = { ...control(card), ...VALID_GROUP_INPUTS['identification'] };
    const [a, b] = await Promise.all([client.press('report.next', payload), client.press('report.next', payload)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const stored = await reportDoc(reportId);
    expect(stored?.['rev']).toBe(1);
    expect(stored?.['step']).toBe('description');
    // A late repeat of the old card gets the current card back, without a change.
    const late = await client.press('report.next', payload);
    expect(visibleTexts(late.body.value).join('\n')).toContain('Steg 2 av 11');
    expect((await reportDoc(reportId))?.['rev']).toBe(1);
  });

  it('does not let another user act on a report', async () => {
    const owner = http.client(kari());
    const card = cardOf((await owner.say('ny rapport'))[0]);
    const intruder = http.client({ id: '29:eve', aadObjectId: 'aad-eve', name: 'Eve', locale: 'nb-NO' });
    const res = await intruder.press('report.next', { ...control(card), ...VALID_GROUP_INPUTS['identification'] });
    expect(visibleTexts(res.body.value).join('\n')).toContain('bare endre dine egne rapporter');
    expect((await reportDoc(control(card)['_report'] as string))?.['rev']).toBe(0);
  });

  it('goes back keeping answers, edits a group from the summary and returns to the summary', async () => {
    const client = http.client(kari());
    let card = cardOf((await client.say('ny rapport'))[0]);
    card = await answerGroup(client, card, VALID_GROUP_INPUTS['identification'] as Record<string, string>);
    const back = await client.press('report.back', { ...control(card), description: 'Et utkast til beskrivelse av prosjektet som ikke er ferdig.' });
    const backCard = back.body.value;
    expect(inputsOf(backCard).get('projectName')?.value).toBe('Digital byggesøknad');
    card = backCard;
    for (const group of GROUPS) card = await answerGroup(client, card, VALID_GROUP_INPUTS[group] as Record<string, string>);
    const edit = actionsOf(card).find((a) => a.verb === 'report.edit' && a.data['_goto'] === 'state-economics');
    expect(edit).toBeDefined();
    const editCard = (await client.press('report.edit', edit!.data)).body.value;
    expect(inputsOf(editCard).get('investmentCost')?.value).toBe('45 mill');
    const summary = await answerGroup(client, editCard, { ...VALID_GROUP_INPUTS['state-economics'], investmentCost: '1,2 mrd' } as Record<string, string>);
    expect(visibleTexts(summary).join('\n')).toContain('1 200 000 000 kr');
  });

  it('explains the commands and resumes the latest draft with "fortsett"', async () => {
    const client = http.client({ id: '29:per', aadObjectId: 'aad-per', name: 'Per Hansen', locale: 'nb-NO' });
    expect(visibleTexts(cardOf((await client.say('fortsett'))[0])).join('\n')).toContain('ikke noe utkast');
    const help = visibleTexts(cardOf((await client.say('hjelp'))[0])).join('\n');
    expect(help).toContain('ny rapport');
    expect(help).toContain('mine rapporter');
    let card = cardOf((await client.say('ny rapport'))[0]);
    card = await answerGroup(client, card, VALID_GROUP_INPUTS['identification'] as Record<string, string>);
    const resumed = cardOf((await client.say('fortsett'))[0]);
    expect(visibleTexts(resumed).join('\n')).toContain('Steg 2 av 11');
  });

  it('ignores a retried message delivery with the same activity id', async () => {
    const client = http.client({ id: '29:siri', aadObjectId: 'aad-siri', name: 'Siri', locale: 'nb-NO' });
    await client.say('ny rapport', 'retry-activity-1');
    await client.say('ny rapport', 'retry-activity-1');
    const count = await http.db.collection('reports').countDocuments({ 'reporter.userId': 'aad-siri' });
    expect(count).toBe(1);
  });
});
