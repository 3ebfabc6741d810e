/**
 * Reporting template row A1: "Warn on a possible duplicate (same agency + similar name)", through
 * the channel-free conversation core with the real content, texts and MongoDB repository. What a
 * reporter notices: the card after the identification card warns about existing projects of the
 * same agency with a similar name, and the report goes on as usual.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logging/logger.js';
import { loadDemoProjects } from '../../src/data/demo-projects-loader.js';
import { formErrors, modelOf, only, startConversationHarness, type ConversationHarness, type HarnessUser, type UserOptions } from '../support/conversation-harness.js';
import { newDraft, VALID_GROUP_INPUTS } from '../support/report-answers.js';

let harness: ConversationHarness;
const GROUPS = Object.keys(VALID_GROUP_INPUTS);
const WARNING_NB = 'Er prosjektet rapportert fra før?';
const WARNING_EN = 'Has this project been reported already?';

let userSeq = 0;
function newUser(over: Partial<UserOptions> = {}): HarnessUser {
  userSeq += 1;
  return harness.user({ userId: `aad-dup-${userSeq}`, name: 'Kari Nordmann', locale: 'nb', ...over });
}

/** Identification inputs with this name and agency (no short name, so only the name can match). */
function identification(projectName: string, agency: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...VALID_GROUP_INPUTS['identification'], projectName, shortName: '', agency, ...extra };
}

/** "ny rapport", and the identification card answered: returns the next card's notices. */
async function answerIdentification(u: HarnessUser, projectName: string, agency: string, extra: Record<string, string> = {}): Promise<string[]> {
  modelOf(only(await u.say('ny rapport')), 'group-form');
  const next = modelOf(await u.next(identification(projectName, agency, extra)), 'group-form');
  expect(formErrors(next)).toEqual([]);
  // Never blocking: the next card is the second group, and the draft is stored there.
  expect(next.control._step).toBe(GROUPS[1]);
  expect((await harness.stored(next.control._report))?.step).toBe(GROUPS[1]);
  return next.notices;
}

async function submitReport(u: HarnessUser, projectName: string, agency: string, extra: Record<string, string> = {}): Promise<void> {
  modelOf(only(await u.say('ny rapport')), 'group-form');
  const inputs = Object.fromEntries(GROUPS.map((g) => [g, { ...VALID_GROUP_INPUTS[g] }]));
  inputs['identification'] = identification(projectName, agency, extra);
  await u.answerGroups(inputs);
  modelOf(await u.submit(), 'submitted');
}

const warningsIn = (notices: string[], marker = WARNING_NB): string[] => notices.filter((n) => n.includes(marker));

beforeAll(async () => {
  harness = await startConversationHarness({ prefix: 'duplicate_warning' });
});

afterAll(async () => {
  await harness?.close();
});

describe('a possible duplicate of another reporter\'s project', () => {
  let a: HarnessUser;

  beforeAll(async () => {
    a = newUser({ userId: 'aad-dup-anne', name: 'Anne Kartverket' });
    await submitReport(a, 'Felles kartløsning for kommunene', 'KARTVERKET');
  });

  it('warns on the next card, naming the project and its state, and saying what to do', async () => {
    const b = newUser();
    const [warning, ...more] = warningsIn(await answerIdentification(b, 'Felles kartløsning kommunene', 'KARTVERKET'));
    expect(more).toEqual([]);
    expect(warning).toContain('«Felles kartløsning for kommunene» (Innsendt)');
    expect(warning).toContain('velg «Oppdater» på det under «Mine rapporter»');
  });

  it('in English for an English-speaking user', async () => {
    const b = newUser({ locale: 'en-GB' });
    const [warning] = warningsIn(await answerIdentification(b, 'FELLES KARTLØSNING FOR KOMMUNENE', 'KARTVERKET'), WARNING_EN);
    expect(warning).toContain('"Felles kartløsning for kommunene" (Submitted)');
    expect(warning).toContain('choose "Update" on it under "My reports"');
  });

  it('does not warn for the same name under another agency', async () => {
    const b = newUser();
    expect(warningsIn(await answerIdentification(b, 'Felles kartløsning kommunene', 'NAV'))).toEqual([]);
  });

  it('does not warn again on later cards', async () => {
    const b = newUser();
    expect(warningsIn(await answerIdentification(b, 'Felles kartløsning kommunene', 'KARTVERKET'))).toHaveLength(1);
    const third = modelOf(await b.next(VALID_GROUP_INPUTS[GROUPS[1] as string]), 'group-form');
    expect(third.control._step).toBe(GROUPS[2]);
    expect(warningsIn(third.notices)).toEqual([]);
  });

  it('warns on the summary when the name is changed to a similar one with "Endre"', async () => {
    const b = newUser();
    modelOf(only(await b.say('ny rapport')), 'group-form');
    const inputs = Object.fromEntries(GROUPS.map((g) => [g, { ...VALID_GROUP_INPUTS[g] }]));
    inputs['identification'] = identification('Tilskuddsportal for friluftsliv', 'KARTVERKET');
    await b.answerGroups(inputs);
    expect(warningsIn(b.summary().notices)).toEqual([]);
    modelOf(await b.edit('identification'), 'group-form');
    const summary = modelOf(await b.next({ projectName: 'Felles kartløsning for kommunene' }), 'summary');
    expect(warningsIn(summary.notices).join('\n')).toContain('«Felles kartløsning for kommunene» (Innsendt)');
  });
});

describe('"other agency"', () => {
  it('matches the typed agency name ignoring case, and only that agency', async () => {
    const a = newUser();
    await submitReport(a, 'Nasjonal vegdatabank (NVDB)', 'ANNEN', { agencyOther: 'Statens vegvesen' });
    const b = newUser();
    const [warning] = warningsIn(await answerIdentification(b, 'Nasjonal vegdatabank', 'ANNEN', { agencyOther: 'STATENS VEGVESEN' }));
    expect(warning).toContain('«Nasjonal vegdatabank (NVDB)» (Innsendt)');
    const c = newUser();
    expect(warningsIn(await answerIdentification(c, 'Nasjonal vegdatabank', 'ANNEN', { agencyOther: 'Statens.vegvesen' }))).toEqual([]);
  });
});

describe('drafts', () => {
  it('the user\'s own earlier draft with a similar name is named', async () => {
    const b = newUser();
    expect(warningsIn(await answerIdentification(b, 'Digitalt foretaksarkiv for kommunene', 'BRREG'))).toEqual([]);
    const [warning] = warningsIn(await answerIdentification(b, 'Digitalt foretaksarkiv kommunene', 'BRREG'));
    expect(warning).toContain('«Digitalt foretaksarkiv for kommunene» (Utkast)');
    expect(warning).toContain('«Fortsett»');
  });

  it('another user\'s draft is private: no warning until it is submitted', async () => {
    const a = newUser();
    await answerIdentification(a, 'Digitalt tilsynsregister for skoler', 'UDIR');
    const b = newUser();
    expect(warningsIn(await answerIdentification(b, 'Digitalt tilsynsregister skoler', 'UDIR'))).toEqual([]);
  });
});

describe('an agency with many reports', () => {
  it('finds an old project with a similar name behind 600 newer unrelated ones, reading only candidates', async () => {
    const old = newDraft({ state: 'INNSENDT', reporter: { platform: 'teams', userId: 'aad-archivist', displayName: 'Arne Arkiv' }, answers: { agency: 'ARKIVVERKET', projectName: 'Felles arkivløsning for fylkeskommunene' } });
    await harness.reports.insert(old);
    for (let i = 0; i < 600; i++) {
      harness.clock.advance(1_000);
      await harness.reports.insert(newDraft({ state: 'INNSENDT', reporter: { platform: 'teams', userId: `aad-many-${i}`, displayName: 'X' }, answers: { agency: 'ARKIVVERKET', projectName: `Tiltak ${i}` } }));
    }
    const [warning] = warningsIn(await answerIdentification(newUser(), 'Felles arkivløsning fylkeskommunene', 'ARKIVVERKET'));
    expect(warning).toContain('«Felles arkivløsning for fylkeskommunene» (Innsendt)');
  });
});

describe('projects shared only within the state (KUN_STAT)', () => {
  it('another reporter\'s KUN_STAT project is never named; the reporter\'s own is', async () => {
    const a = newUser();
    modelOf(only(await a.say('ny rapport')), 'group-form');
    const inputs = Object.fromEntries(GROUPS.map((g) => [g, { ...VALID_GROUP_INPUTS[g] }]));
    inputs['identification'] = identification('Nasjonal beredskapsportal for kommunene', 'IMDI');
    inputs['sharing'] = { ...inputs['sharing'], sharingLevel: 'KUN_STAT' };
    await a.answerGroups(inputs);
    modelOf(await a.submit(), 'submitted');
    expect(warningsIn(await answerIdentification(newUser(), 'Nasjonal beredskapsportal kommunene', 'IMDI'))).toEqual([]);
    const [own] = warningsIn(await answerIdentification(a, 'Nasjonal beredskapsportal kommunene', 'IMDI'));
    expect(own).toContain('«Nasjonal beredskapsportal for kommunene»');
  });
});

describe('the projects of the 2016 survey (demo records)', () => {
  it('a demo project with a similar name is named, marked as from the survey', async () => {
    const raw: unknown = JSON.parse(readFileSync(new URL('../../../shared/data/state-projects-2016.json', import.meta.url), 'utf8'));
    const agencyIds = harness.content.organisations.agencies.map((a) => a.id);
    expect(await loadDemoProjects(harness.reports, raw, silentLogger, agencyIds)).toBe(29);
    // The appendix says "Kartverket"; the demo record carries the configured id.
    expect((await harness.stored('demo-2016-22'))?.answers).toMatchObject({ projectName: 'Felles Kartdatabase (FKB)', agency: 'KARTVERKET' });
    const b = newUser();
    const [warning] = warningsIn(await answerIdentification(b, 'Felles kartdatabase', 'KARTVERKET'));
    expect(warning).toContain('«Felles Kartdatabase (FKB)» (Innsendt i kartleggingen i 2016)');
  });
});
