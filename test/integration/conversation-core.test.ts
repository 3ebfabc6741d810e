import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundIntent } from '../../src/core/outbound.js';
import type { ReportRecord } from '../../src/core/reporting/report.js';
import {
  fieldOf,
  formErrors,
  inputValue,
  isCard,
  modelOf,
  only,
  startConversationHarness,
  visibleText,
  type ConversationHarness,
  type HarnessUser,
  type UserOptions,
} from '../support/conversation-harness.js';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';

let harness: ConversationHarness;
const GROUPS = Object.keys(VALID_GROUP_INPUTS);

function valid(groupId: string): Record<string, string> {
  const inputs = VALID_GROUP_INPUTS[groupId];
  if (!inputs) throw new Error(`no valid inputs for ${groupId}`);
  return inputs;
}

let userSeq = 0;
function newUser(over: Partial<UserOptions> = {}): HarnessUser {
  userSeq += 1;
  return harness.user({ userId: `aad-user-${userSeq}`, name: 'Kari Nordmann', locale: 'nb', ...over });
}

async function stored(reportId: string): Promise<ReportRecord> {
  const doc = await harness.stored(reportId);
  if (!doc) throw new Error(`report ${reportId} is not stored`);
  return doc;
}

/** "ny rapport" and answers the groups before `groupId` with valid inputs; returns the report id. */
async function reachGroup(u: HarnessUser, groupId: string, overrides: Record<string, Record<string, string>> = {}): Promise<string> {
  modelOf(only(await u.say('ny rapport')), 'group-form');
  for (const g of GROUPS) {
    if (g === groupId) break;
    const answer = await u.next({ ...valid(g), ...overrides[g] });
    expect(formErrors(modelOf(answer, 'group-form'))).toEqual([]);
  }
  expect(u.form().control._step).toBe(groupId);
  return u.reportId();
}

/** "ny rapport" and every group answered: the user is on the summary. */
async function reachSummary(u: HarnessUser, overrides: Record<string, Record<string, string>> = {}): Promise<string> {
  modelOf(only(await u.say('ny rapport')), 'group-form');
  const reportId = u.reportId();
  const inputs = Object.fromEntries(GROUPS.map((g) => [g, { ...valid(g), ...overrides[g] }]));
  await u.answerGroups(inputs);
  expect(u.summary().control._report).toBe(reportId);
  return reportId;
}

async function submitNew(u: HarnessUser, name: string): Promise<string> {
  const reportId = await reachSummary(u, { identification: { projectName: name } });
  modelOf(await u.submit(), 'submitted');
  return reportId;
}

/** Keys that could be read as MongoDB operators or paths, anywhere in a stored value. */
function operatorLikeKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => operatorLikeKeys(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object' || value instanceof Date) return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(k.startsWith('$') || k.includes('.') ? [`${path}.${k}`] : []),
    ...operatorLikeKeys(v, `${path}.${k}`),
  ]);
}

/** A bad input was refused: same card again, the report unchanged apart from rev/updatedAt. */
async function expectRefusedWithoutChange(answer: OutboundIntent, before: ReportRecord, step: string): Promise<ReportRecord> {
  const form = modelOf(answer, 'group-form');
  expect(form.control._step).toBe(step);
  expect(form.errorsTitle).not.toBe('');
  const after = await stored(before._id);
  expect(after.answers).toEqual(before.answers);
  expect(after.step).toBe(before.step);
  expect(after.state).toBe(before.state);
  expect(after.reporter).toEqual(before.reporter);
  expect(operatorLikeKeys(after)).toEqual([]);
  return after;
}

beforeAll(async () => {
  harness = await startConversationHarness({ prefix: 'conversation_core' });
});

afterAll(async () => {
  await harness?.close();
});

describe('starting a report', () => {
  it('"ny rapport" shows step 1 with the contact prefilled and stores a draft for the actor', async () => {
    const kari = newUser({ email: 'kari.nordmann@kartverket.no' });
    const form = modelOf(only(await kari.say('ny rapport')), 'group-form');
    expect(form.progress).toBe('Steg 1 av 11');
    expect(form.title).toBe('A. Identifikasjon og eierskap');
    expect(form.canGoBack).toBe(false);
    expect(inputValue(form, 'contactName')).toBe('Kari Nordmann');
    expect(inputValue(form, 'contactEmail')).toBe('kari.nordmann@kartverket.no');
    const doc = await stored(form.control._report);
    expect(doc).toMatchObject({
      state: 'UTKAST',
      reportVersion: 1,
      rev: 0,
      step: 'identification',
      reporter: { platform: 'teams', userId: kari.actor.userId, displayName: 'Kari Nordmann', tenantId: 'tenant-test' },
      answers: { contactName: 'Kari Nordmann', contactEmail: 'kari.nordmann@kartverket.no' },
    });
  });

  it('tells about another open draft when a second report is started', async () => {
    const u = newUser();
    await reachGroup(u, 'description');
    const second = modelOf(only(await u.say('ny rapport')), 'group-form');
    expect(second.notices.join('\n')).toContain('Du har også et utkast for «Digital byggesøknad»');
  });

  // reporting-template.md §6: plain text only, HTML stripped before storage – for every field,
  // including the contact name that is prefilled from the Teams profile.
  it('stores a contact name prefilled from the profile as plain text (HTML stripped)', async () => {
    const u = newUser({ name: '<img src=x onerror=alert(1)>Kari <b>Nordmann</b>' });
    const form = modelOf(only(await u.say('ny rapport')), 'group-form');
    const doc = await stored(form.control._report);
    expect(doc.answers['contactName']).toBe('Kari Nordmann');
  });
});

describe('input that must never be stored', () => {
  const structural: [string, Record<string, unknown>, RegExp][] = [
    ['a key starting with $ ($where)', { $where: 'sleep(1000)' }, /ugyldig feltnavn \(\$where\)/],
    ['an operator key with a nested update ($set)', { $set: { state: 'GODKJENT' } }, /ugyldig feltnavn \(\$set\)/],
    ['a key containing "." (answers.state)', { 'answers.state': 'GODKJENT' }, /ugyldig feltnavn \(answers\.state\)/],
    ['a field id with a path suffix (projectName.$)', { 'projectName.$': 'Overtatt' }, /ugyldig feltnavn/],
    ['an unknown key (reporter)', { reporter: 'someone-else' }, /felt jeg ikke venter her \(reporter\)/],
    ['an unknown key (state)', { state: 'INNSENDT' }, /felt jeg ikke venter her \(state\)/],
    ['an unknown key (_id)', { _id: 'other-report' }, /felt jeg ikke venter her \(_id\)/],
    ['a field of another group (description)', { description: 'Sneket inn fra et annet kort, lang nok til å bli godtatt.' }, /felt jeg ikke venter her \(description\)/],
    ['a __proto__ key', JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>, /felt jeg ikke venter her \(__proto__\)/],
  ];

  it.each(structural)('%s rejects the whole card and stores nothing from it', async (_name, extra, message) => {
    const u = newUser();
    const reportId = await reachGroup(u, 'identification');
    const before = await stored(reportId);
    const answer = await u.next({ ...valid('identification'), ...extra });
    await expectRefusedWithoutChange(answer, before, 'identification');
    const form = modelOf(answer, 'group-form');
    expect(form.errors.join('\n')).toMatch(message);
    expect(form.errors.join('\n')).toMatch(/ingenting fra dette kortet (ble )?lagret/i);
    // The valid inputs on the same card are not taken either.
    expect((await stored(reportId)).answers).not.toHaveProperty('projectName');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  const nested: [string, Record<string, unknown>, string][] = [
    ['an operator object for a text field', { projectName: { $ne: '' } }, 'projectName'],
    ['an object for an e-mail field', { contactEmail: { $regex: '.*' } }, 'contactEmail'],
    ['a list for a single choice', { agency: ['KARTVERKET', 'ANNEN'] }, 'agency'],
    ['a nested object in a list for a text field', { shortName: [{ $gt: '' }] }, 'shortName'],
  ];

  it.each(nested)('%s is refused for that field and nothing of it is stored', async (_name, bad, fieldId) => {
    const u = newUser();
    const reportId = await reachGroup(u, 'identification');
    const answer = await u.next({ ...valid('identification'), ...bad });
    const form = modelOf(answer, 'group-form');
    expect(form.control._step).toBe('identification');
    expect(fieldOf(form, fieldId).error).toMatch(/fikk en verdi av feil slag/);
    const doc = await stored(reportId);
    expect(doc.step).toBe('identification');
    expect(doc.answers).not.toHaveProperty(fieldId);
    expect(operatorLikeKeys(doc)).toEqual([]);
    for (const v of Object.values(doc.answers)) expect(typeof v === 'string' || Array.isArray(v)).toBe(true);
  });

  it('stores a value such as "$where" as literal text', async () => {
    const u = newUser();
    const reportId = await reachGroup(u, 'identification');
    modelOf(await u.next({ ...valid('identification'), shortName: '$where' }), 'group-form');
    const doc = await stored(reportId);
    expect(doc.step).toBe('description');
    expect(doc.answers['shortName']).toBe('$where');
  });

  it('strips HTML from the description, tells the user, and stores text without tags', async () => {
    const u = newUser();
    const reportId = await reachGroup(u, 'description');
    const html =
      '<p>Felles løsning for <b>digitale</b> byggesøknader</p><script>alert("x")</script>' +
      '<img src=x onerror=alert(1)> som kommunene kan ta i bruk i <a href="https://evil.example">saksbehandlingen</a>.';
    const next = modelOf(await u.next({ ...valid('description'), description: html }), 'group-form');
    expect(next.control._step).toBe('status-and-timeline');
    expect(next.notices.join('\n')).toContain('Formatering og HTML ble fjernet fra «Kort beskrivelse av prosjektet»');
    const description = (await stored(reportId)).answers['description'];
    expect(typeof description).toBe('string');
    expect(description).not.toMatch(/[<>]/);
    expect(description).not.toContain('alert');
    expect(description).toContain('Felles løsning for digitale byggesøknader');
    expect(description).toContain('saksbehandlingen');
  });

  it('answers a 10 000-character description with the count and the limit and never truncates it', async () => {
    const u = newUser();
    const reportId = await reachGroup(u, 'description');
    const long = 'Beskrivelse '.repeat(900).slice(0, 9_999) + 'x';
    expect(long).toHaveLength(10_000);

    const answer = await u.next({ ...valid('description'), description: long });
    const form = modelOf(answer, 'group-form');
    expect(form.control._step).toBe('description');
    expect(fieldOf(form, 'description').error).toBe('«Kort beskrivelse av prosjektet» har 10000 tegn, men maks er 2000. Skriv en kortere tekst – ingenting er kuttet.');
    // The user's text comes back whole so it can be shortened, not a cut-off copy.
    expect(inputValue(form, 'description')).toBe(long);
    let doc = await stored(reportId);
    expect(doc.answers).not.toHaveProperty('description');
    expect(doc.answers['municipalImpactSummary']).toBe(valid('description')['municipalImpactSummary']);

    // With an earlier valid answer, the long text does not replace it either.
    await u.next(valid('description'));
    await u.back();
    modelOf(await u.next({ ...valid('description'), description: long }), 'group-form');
    doc = await stored(reportId);
    expect(doc.answers['description']).toBe(valid('description')['description']);
  });

  it('refuses a negative investment cost', async () => {
    const u = newUser();
    const reportId = await reachGroup(u, 'state-economics');
    const before = await stored(reportId);
    const form = modelOf(await u.next({ ...valid('state-economics'), investmentCost: '-5 mill' }), 'group-form');
    expect(form.control._step).toBe('state-economics');
    expect(fieldOf(form, 'investmentCost').error).toContain('kan ikke være et negativt beløp');
    expect(inputValue(form, 'investmentCost')).toBe('-5 mill');
    const doc = await stored(reportId);
    expect(doc.answers).not.toHaveProperty('investmentCost');
    expect(doc.step).toBe(before.step);
    // The other (valid) answers on the card are kept.
    expect(doc.answers['socioEconomicAnalysis']).toBe('NEI');
  });

  it('refuses a planned end before the start (start 2018-03-01, end 2017-12-01)', async () => {
    const u = newUser();
    const reportId = await reachGroup(u, 'status-and-timeline');
    const form = modelOf(
      await u.next({ ...valid('status-and-timeline'), startDate: '2018-03-01', plannedEnd: '2017-12-01' }),
      'group-form',
    );
    expect(form.control._step).toBe('status-and-timeline');
    expect(fieldOf(form, 'plannedEnd').error).toMatch(/^Planlagt ferdig \(.*2017\) er før oppstart \(.*2018\)/);
    const doc = await stored(reportId);
    expect(doc.answers).not.toHaveProperty('plannedEnd');
    expect(doc.step).toBe('status-and-timeline');

    // Fixing the end date moves on.
    const next = modelOf(await u.next({ ...valid('status-and-timeline'), startDate: '2018-03-01', plannedEnd: 'Desember 2018' }), 'group-form');
    expect(next.control._step).toBe('obligations-and-deadlines');
    expect((await stored(reportId)).answers['plannedEnd']).toMatchObject({ start: '2018-12-01', end: '2018-12-31' });
  });

  it.each(['FORPROSJEKT', 'forprosjekt', 'Forprosjektfase', 'planning'])('asks again for the unknown phase %s and never guesses', async (phase) => {
    const u = newUser();
    const reportId = await reachGroup(u, 'status-and-timeline');
    const form = modelOf(await u.next({ ...valid('status-and-timeline'), phase }), 'group-form');
    expect(form.control._step).toBe('status-and-timeline');
    expect(fieldOf(form, 'phase').error).toBe(`«${phase}» er ikke et av valgene for «Fase». Velg fra lista.`);
    expect(fieldOf(form, 'phase').inputs[0]?.choices.map((c) => c.value)).toEqual(['KONSEPT', 'PLANLEGGING', 'GJENNOMFORING', 'DRIFT_VIDEREUTVIKLING', 'AVSLUTTET']);
    const doc = await stored(reportId);
    expect(doc.answers).not.toHaveProperty('phase');
    expect(doc.step).toBe('status-and-timeline');
  });

  it.each([
    ['nothing', ''],
    ['spaces', '   '],
    ['tabs and newlines', '\t\n \n'],
    ['no-break and ideographic spaces', '\u00A0\u3000\u00A0'],
  ])('refuses a project name of %s and keeps the stored one', async (_name, projectName) => {
    const u = newUser();
    const reportId = await reachGroup(u, 'identification');
    // First with no earlier name …
    let form = modelOf(await u.next({ ...valid('identification'), projectName }), 'group-form');
    expect(fieldOf(form, 'projectName').error).toBe('«Prosjektnavn» må fylles ut.');
    expect((await stored(reportId)).answers).not.toHaveProperty('projectName');
    // … then after a valid name was saved, from the summary.
    await u.next(valid('identification'));
    await u.answerGroups(VALID_GROUP_INPUTS);
    await u.edit('identification');
    const before = await stored(reportId);
    const answer = await u.next({ ...valid('identification'), projectName });
    await expectRefusedWithoutChange(answer, before, 'identification');
    expect(fieldOf(modelOf(answer, 'group-form'), 'projectName').error).toBe('«Prosjektnavn» må fylles ut.');
    expect((await stored(reportId)).answers['projectName']).toBe('Digital byggesøknad');
  });

  // A name made only of zero-width characters is as empty as one made of spaces.
  it('refuses a project name made only of zero-width characters', async () => {
    const u = newUser();
    const reportId = await reachGroup(u, 'identification');
    const form = modelOf(await u.next({ ...valid('identification'), projectName: '\u200B\u200B\u200B\u200B' }), 'group-form');
    expect(form.control._step).toBe('identification');
    expect((await stored(reportId)).answers).not.toHaveProperty('projectName');
  });

  it.each(['kari(at)kartverket', 'kari@', '@kartverket.no', 'kari@kartverket', 'kari nordmann@kartverket.no', 'kari@@kartverket.no', 'mailto:kari@kartverket.no'])(
    'refuses the malformed e-mail %s and keeps the stored address',
    async (email) => {
      const u = newUser({ email: 'kari.nordmann@kartverket.no' });
      const reportId = await reachGroup(u, 'identification');
      const form = modelOf(await u.next({ ...valid('identification'), contactEmail: email }), 'group-form');
      expect(form.control._step).toBe('identification');
      expect(fieldOf(form, 'contactEmail').error).toContain('ser ikke ut som en e-postadresse');
      expect(inputValue(form, 'contactEmail')).toBe(email);
      const doc = await stored(reportId);
      expect(doc.answers['contactEmail']).toBe('kari.nordmann@kartverket.no');
      // The valid answers of the card are saved meanwhile.
      expect(doc.answers['projectName']).toBe('Digital byggesøknad');
    },
  );

  it('requires the obligation basis on the same card when adoption is mandatory', async () => {
    const u = newUser();
    const reportId = await reachGroup(u, 'obligations-and-deadlines');
    const form = modelOf(await u.next({ adoptionType: 'OBLIGATORISK' }), 'group-form');
    expect(form.control._step).toBe('obligations-and-deadlines');
    expect(fieldOf(form, 'obligationBasis').error).toBe(
      '«Hva plikten bygger på» må fylles ut når du har svart «Obligatorisk» på «Er løsningen obligatorisk eller frivillig for kommunene?».',
    );
    expect(fieldOf(form, 'municipalDeadlines').error).toContain('minst én frist');
    let doc = await stored(reportId);
    expect(doc.step).toBe('obligations-and-deadlines');
    expect(doc.answers).not.toHaveProperty('obligationBasis');
    expect(doc.answers).not.toHaveProperty('municipalDeadlines');

    const next = modelOf(
      await u.next({ adoptionType: 'OBLIGATORISK', obligationBasis: 'Forskrift om byggesak § 5-1', municipalDeadlines__notSet: 'true' }),
      'group-form',
    );
    expect(next.control._step).toBe('state-economics');
    doc = await stored(reportId);
    expect(doc.answers).toMatchObject({ adoptionType: 'OBLIGATORISK', obligationBasis: 'Forskrift om byggesak § 5-1', municipalDeadlines: { notSet: true, entries: [] } });
  });
});

describe('moving through the cards', () => {
  it('goes back keeping the answers of both cards', async () => {
    const u = newUser();
    const reportId = await reachGroup(u, 'description');
    const draft = 'Et utkast til beskrivelse av prosjektet som ikke er ferdig.';
    const back = modelOf(await u.back({ description: draft }), 'group-form');
    expect(back.control._step).toBe('identification');
    expect(inputValue(back, 'projectName')).toBe('Digital byggesøknad');
    expect(inputValue(back, 'contactEmail')).toBe('kari.nordmann@kartverket.no');
    const forward = modelOf(await u.next(), 'group-form');
    expect(forward.control._step).toBe('description');
    expect(inputValue(forward, 'description')).toBe(draft);
    expect((await stored(reportId)).answers['description']).toBe(draft);
  });

  it('edits a group from the summary and returns to the summary', async () => {
    const u = newUser();
    const reportId = await reachSummary(u);
    expect(visibleText(u.last)).toContain('45 000 000 kr');
    const edit = modelOf(await u.edit('state-economics'), 'group-form');
    expect(edit.control._step).toBe('state-economics');
    expect(edit.buttons.next).toBe('Lagre og gå til oppsummering');
    expect(inputValue(edit, 'investmentCost')).toBe('45 mill');
    // A bad answer keeps the user on the card, still on the way back to the summary.
    const bad = modelOf(await u.next({ ...valid('state-economics'), investmentCost: 'mange penger' }), 'group-form');
    expect(bad.buttons.next).toBe('Lagre og gå til oppsummering');
    const summary = modelOf(await u.next({ ...valid('state-economics'), investmentCost: '1,2 mrd' }), 'summary');
    expect(visibleText(u.last)).toContain('1 200 000 000 kr');
    expect(summary.notices.join('\n')).toContain('er lest som 1 200 000 000 kr');
    const doc = await stored(reportId);
    expect(doc.step).toBe('summary');
    expect(doc.returnToSummary).toBe(false);
    expect(doc.answers['investmentCost']).toMatchObject({ amount: 1_200_000_000 });
  });

  it('changes the stored report once when the same card action arrives twice', async () => {
    const u = newUser();
    const reportId = await reachGroup(u, 'identification');
    const payload = { ...u.control(), ...valid('identification') };
    harness.holdWrites(2); // both presses read the report before either writes
    const [a, b] = await Promise.all([u.press('report.next', payload), u.press('report.next', payload)]);
    for (const intents of [a, b]) expect(modelOf(only(intents), 'group-form').control._step).toBe('description');
    let doc = await stored(reportId);
    expect(doc.rev).toBe(1);
    expect(doc.step).toBe('description');
    // A late repeat: the current card, a notice, no change.
    const late = modelOf(only(await u.press('report.next', payload)), 'group-form');
    expect(late.control._step).toBe('description');
    expect(late.notices).toContain('Kortet du svarte på var ikke lenger det nyeste. Her er rapporten slik den er lagret nå.');
    doc = await stored(reportId);
    expect(doc.rev).toBe(1);
  });

  it('answers a stale card with the current card and a notice, and ignores its inputs', async () => {
    const u = newUser();
    const reportId = await reachGroup(u, 'identification');
    const oldControl = u.control();
    await u.next(valid('identification'));
    const before = await stored(reportId);
    const answer = modelOf(only(await u.press('report.next', { ...oldControl, ...valid('identification'), projectName: 'Overskrevet navn' })), 'group-form');
    expect(answer.control).toEqual({ _report: reportId, _rev: before.rev, _step: 'description' });
    expect(answer.notices).toEqual(['Kortet du svarte på var ikke lenger det nyeste. Her er rapporten slik den er lagret nå.']);
    const after = await stored(reportId);
    expect(after.rev).toBe(before.rev);
    expect(after.answers['projectName']).toBe('Digital byggesøknad');
  });

  it('accepts the control values as strings, as Teams may send them', async () => {
    const u = newUser();
    const reportId = await reachGroup(u, 'identification');
    const c = u.control();
    const next = modelOf(only(await u.press('report.next', { ...c, _rev: String(c['_rev']), ...valid('identification') })), 'group-form');
    expect(next.control._step).toBe('description');
    expect((await stored(reportId)).rev).toBe(1);
  });

  it('does not let another user act on a report', async () => {
    const owner = newUser();
    const reportId = await reachGroup(owner, 'identification');
    const eve = newUser({ name: 'Eve' });
    const answer = only(await eve.press('report.next', { ...owner.control(), ...valid('identification'), projectName: 'Eves prosjekt' }));
    expect(modelOf(answer, 'notice').lines).toEqual(['Du kan bare endre dine egne rapporter.']);
    expect((await stored(reportId)).rev).toBe(0);
  });
});

describe('submitting', () => {
  it('submits: INNSENDT, version 1, submittedAt, reporter from the actor, flags on the card', async () => {
    const u = newUser({ userId: 'aad-submitter', name: 'Siri Submit' });
    const reportId = await reachSummary(u);
    const before = await stored(reportId);
    const at = harness.clock.now().getTime();
    const submitted = modelOf(await u.submit(), 'submitted');
    expect(submitted.title).toBe('Rapporten er sendt inn');
    expect(submitted.body).toContain('«Digital byggesøknad» er sendt inn som versjon 1');
    expect(submitted.flags).toEqual(['Kostnader ikke fordelt på kommunestørrelse']);
    const doc = await stored(reportId);
    expect(doc).toMatchObject({
      state: 'INNSENDT',
      reportVersion: 1,
      step: 'submitted',
      rev: before.rev + 1,
      flags: ['IKKE_FORDELT_PA_STORRELSE'],
      reporter: { platform: 'teams', userId: 'aad-submitter', displayName: 'Siri Submit', tenantId: 'tenant-test' },
    });
    expect(doc.submittedAt).toBeInstanceOf(Date);
    expect(doc.submittedAt!.getTime()).toBeGreaterThanOrEqual(at);
    expect(doc.submittedAt!.getTime()).toBeLessThanOrEqual(harness.clock.now().getTime());
    expect(doc.answers).toEqual(before.answers);

    // The old summary card can no longer change or resubmit it.
    const again = only(await u.press('report.submit', { _report: reportId, _rev: before.rev, _step: 'summary' }));
    expect(modelOf(again, 'notice').lines[0]).toContain('allerede sendt inn (versjon 1)');
    expect((await stored(reportId)).rev).toBe(before.rev + 1);
  });

  it('submitting twice at once stores one submission', async () => {
    const u = newUser();
    const reportId = await reachSummary(u);
    const control = u.control();
    harness.holdWrites(2);
    const answers = (await Promise.all([u.press('report.submit', control), u.press('report.submit', control)])).map(only);
    const doc = await stored(reportId);
    expect(doc.state).toBe('INNSENDT');
    expect(doc.rev).toBe(Number(control['_rev']) + 1);
    expect(answers.filter((c) => isCard(c, 'submitted'))).toHaveLength(1);
  });

  // The losing press of a double click hits ConcurrencyConflict; handleAction then re-renders the
  // stored report with renderStep, which maps step 'submitted' to the summary: an editable summary
  // with a "Send inn" button and the stale-card notice, for a report that is already submitted.
  it('answers the losing press of a double submit without an editable summary', async () => {
    const u = newUser();
    await reachSummary(u);
    const control = u.control();
    harness.holdWrites(2);
    const answers = (await Promise.all([u.press('report.submit', control), u.press('report.submit', control)])).map(only);
    const loser = answers.find((c) => !isCard(c, 'submitted'));
    expect(isCard(loser, 'summary')).toBe(false);
    expect(visibleText(loser)).toMatch(/sendt inn/);
  });

  it('shows the errors on the summary and stays a draft when a rule across groups fails', async () => {
    const u = newUser();
    // "Ikke beregnet" is fine while the project is a concept …
    const reportId = await reachSummary(u, {
      'status-and-timeline': { phase: 'KONSEPT' },
      'state-economics': { investmentCost: 'ikke beregnet', projectModel: '' },
    });
    // … but not after the phase is changed from the summary.
    await u.edit('status-and-timeline');
    modelOf(await u.next({ ...valid('status-and-timeline'), phase: 'GJENNOMFORING' }), 'summary');
    const before = await stored(reportId);
    const summary = modelOf(await u.submit(), 'summary');
    expect(summary.errorsTitle).toBe('Rapporten kan ikke sendes inn ennå. Rett opp dette:');
    const message = '«Anslått samlet investeringskostnad» kan bare stå som «ikke beregnet» mens prosjektet er i konseptfasen. Oppgi et beløp, gjerne et grovt anslag.';
    expect(summary.errors).toEqual([message]);
    expect(summary.groups.find((g) => g.id === 'state-economics')?.errors).toEqual([message]);
    const doc = await stored(reportId);
    expect(doc.state).toBe('UTKAST');
    expect(doc.submittedAt).toBeUndefined();
    expect(doc.rev).toBe(before.rev);
  });

  it('refuses to empty a required answer from the summary, and blocks submit when one is missing', async () => {
    const u = newUser();
    const reportId = await reachSummary(u);
    await u.edit('sharing');
    const form = modelOf(await u.next({ sharingLevel: '' }), 'group-form');
    expect(fieldOf(form, 'sharingLevel').error).toBe('«Hvem kan se rapporten?» må fylles ut.');
    expect((await stored(reportId)).answers['sharingLevel']).toBe('KS_OG_STAT');
    modelOf(await u.next(valid('sharing')), 'summary');

    // A draft saved before a field became required (simulated by removing the answer in the database).
    await harness.db.collection<ReportRecord>('reports').updateOne({ _id: reportId }, { $unset: { 'answers.sharingLevel': '' } });
    const summary = modelOf(await u.submit(), 'summary');
    expect(summary.errors).toEqual(['«Hvem kan se rapporten?» må fylles ut.']);
    expect(summary.groups.find((g) => g.id === 'sharing')?.items[0]?.value).toBe('Ikke besvart');
    expect((await stored(reportId)).state).toBe('UTKAST');
  });

  it('"update" on a submitted report creates version 2 as a draft with the answers copied, once', async () => {
    const u = newUser();
    const v1Id = await submitNew(u, 'Oppdaterbart prosjekt');
    const v1 = await stored(v1Id);

    // Double click on "Oppdater" in "mine rapporter".
    harness.holdWrites(2);
    const [a, b] = await Promise.all([u.press('report.update', { _report: v1Id }), u.press('report.update', { _report: v1Id })]);
    const forms = [a, b].map((i) => modelOf(only(i), 'group-form'));
    expect(forms.map((f) => f.notices.join('\n')).join('\n')).toContain('Du oppdaterer «Oppdaterbart prosjekt». Endringene blir versjon 2 når du sender inn; versjon 1 gjelder til da.');
    const v2Id = forms[0]!.control._report;
    expect(forms[1]!.control._report).toBe(v2Id);
    expect(v2Id).not.toBe(v1Id);

    // Pressed again later: still the same version 2.
    const later = modelOf(only(await u.press('report.update', { _report: v1Id })), 'group-form');
    expect(later.control._report).toBe(v2Id);

    const versions = (await harness.storedFor(u.actor.userId)).filter((r) => r.projectId === v1.projectId);
    expect(versions.map((r) => [r.reportVersion, r.state])).toEqual([
      [1, 'INNSENDT'],
      [2, 'UTKAST'],
    ]);
    const v2 = await stored(v2Id);
    expect(v2).toMatchObject({ reportVersion: 2, state: 'UTKAST', step: 'identification', basedOnReportId: v1Id, rev: 0, flags: [] });
    expect(v2.answers).toEqual(v1.answers);
    expect(v2.submittedAt).toBeUndefined();
    expect(await stored(v1Id)).toEqual(v1);
    expect(inputValue(later, 'projectName')).toBe('Oppdaterbart prosjekt');
  });
});

describe('commands', () => {
  it('"mine rapporter" lists the latest version per project with state labels', async () => {
    const lise = newUser({ name: 'Lise Liste' });
    const aId = await submitNew(lise, 'Prosjekt A');
    const a2 = modelOf(only(await lise.press('report.update', { _report: aId })), 'group-form');
    await submitNew(lise, 'Prosjekt B');
    await reachGroup(lise, 'description', { identification: { ...valid('identification'), projectName: 'Prosjekt C' } });
    const someoneElse = newUser();
    await reachGroup(someoneElse, 'description', { identification: { ...valid('identification'), projectName: 'Ikke mitt prosjekt' } });

    const list = modelOf(only(await lise.say('mine rapporter')), 'report-list');
    expect(list.title).toBe('Mine rapporter');
    expect(list.empty).toBe('');
    expect(list.items.map((i) => i.name)).toEqual(['Prosjekt C', 'Prosjekt B', 'Prosjekt A']);
    const [c, b, a] = list.items;
    expect(c?.line).toMatch(/^Versjon 1 · Utkast · sist endret /);
    expect(c).toMatchObject({ action: 'continue', actionTitle: 'Fortsett' });
    expect(b?.line).toMatch(/^Versjon 1 · Innsendt · sist endret /);
    expect(b).toMatchObject({ action: 'update', actionTitle: 'Oppdater' });
    expect(a?.line).toMatch(/^Versjon 2 · Utkast · sist endret /);
    expect(a).toMatchObject({ action: 'continue', reportId: a2.control._report });

    const empty = modelOf(only(await newUser().say('mine rapporter')), 'report-list');
    expect(empty.items).toEqual([]);
    expect(empty.empty).toBe('Du har ingen rapporter ennå. Skriv «ny rapport» for å starte.');
  });

  it('"fortsett" resumes the latest draft where it was left', async () => {
    const u = newUser();
    expect(modelOf(only(await u.say('fortsett')), 'notice').lines).toEqual(['Du har ikke noe utkast å fortsette på. Skriv «ny rapport» for å starte.']);
    await reachGroup(u, 'status-and-timeline', { identification: { ...valid('identification'), projectName: 'Eldre utkast' } });
    const latestId = await reachGroup(u, 'description', { identification: { ...valid('identification'), projectName: 'Nyeste utkast' } });
    const resumed = modelOf(only(await u.say('Fortsett!')), 'group-form');
    expect(resumed.control._report).toBe(latestId);
    expect(resumed.control._step).toBe('description');
    expect(resumed.progress).toBe('Steg 2 av 11');
    expect(resumed.notices).toEqual(['Her fortsetter du utkastet for «Nyeste utkast».']);
  });

  it('answers unknown text with the unknown-command message', async () => {
    const u = newUser();
    for (const text of ['hei bot, hva skjer?', '$where', 'x'.repeat(500)]) {
      expect(modelOf(only(await u.say(text)), 'notice').lines[0]).toBe('Det forsto jeg ikke. Skriv «hjelp» for å se hva jeg kan gjøre.');
    }
    expect(await harness.storedFor(u.actor.userId)).toEqual([]);
    const help = modelOf(only(await u.say('hjelp')), 'help');
    expect(help.commands.join('\n')).toContain('**ny rapport**');
  });

  it('speaks English to an English-locale user', async () => {
    const john = newUser({ name: 'John Smith', locale: 'en-US' });
    const form = modelOf(only(await john.say('new report')), 'group-form');
    expect(form.progress).toBe('Step 1 of 11');
    expect(form.title).toBe('A. Identification and ownership');
    expect(fieldOf(form, 'projectName').label).toBe('Project name');
    expect(form.buttons).toEqual({ next: 'Next', back: 'Back' });
    const bad = modelOf(await john.next({ ...valid('identification'), contactEmail: 'nope', projectName: ' ' }), 'group-form');
    expect(bad.errorsTitle).toBe('Some answers need fixing before you continue:');
    expect(fieldOf(bad, 'contactEmail').error).toContain('does not look like an e-mail address');
    expect(fieldOf(bad, 'projectName').error).toBe('"Project name" must be filled in.');
    await john.next(valid('identification'));
    await john.answerGroups(VALID_GROUP_INPUTS);
    const summary = john.summary();
    expect(summary.title).toBe('Summary: Digital byggesøknad');
    expect(summary.buttons).toEqual({ edit: 'Edit', submit: 'Submit', back: 'Back' });
    const submitted = modelOf(await john.submit(), 'submitted');
    expect(submitted.title).toBe('The report has been submitted');
    expect(submitted.flags).toEqual(['Costs not split by municipality size']);
    expect(modelOf(only(await john.say('what is this')), 'notice').lines[0]).toBe('I did not understand that. Type "help" to see what I can do.');
    const list = modelOf(only(await john.say('my reports')), 'report-list');
    expect(list.items[0]?.line).toMatch(/^Version 1 · Submitted · last changed /);
  });
});
