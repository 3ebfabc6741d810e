/**
 * Reporting template row A1 over HTTP in Teams: after the identification card, the next Adaptive
 * Card warns about a project of the same agency with a similar name, with the project name
 * escaped as card text. The bot runs as in production (main.ts), with the 2016 demo projects loaded.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useBotOverHttp } from '../support/bot-over-http.js';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';
import { actionsOf, cardOf, TeamsTestClient, visibleTexts } from '../support/teams-client.js';

const DEMO_DATA_FILE = fileURLToPath(new URL('../../../shared/data/state-projects-2016.json', import.meta.url));
const http = useBotOverHttp({ env: { DEMO_DATA_FILE } });
const GROUPS = Object.keys(VALID_GROUP_INPUTS);

const user = (id: string, name: string, locale = 'nb-NO') => ({ id: `29:${id}`, aadObjectId: `aad-${id}`, name, locale });

function control(card: any): Record<string, unknown> {
  const next = actionsOf(card).find((a) => a.verb === 'report.next' || a.verb === 'report.submit');
  if (!next) throw new Error(`card has no next/submit button: ${JSON.stringify(visibleTexts(card)).slice(0, 300)}`);
  return next.data;
}

async function press(client: TeamsTestClient, verb: string, data: Record<string, unknown>): Promise<any> {
  const res = await client.press(verb, data);
  expect(res.status).toBe(200);
  expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
  return res.body.value;
}

/** "ny rapport" and the identification card answered; returns the texts of the next card. */
async function answerIdentification(client: TeamsTestClient, projectName: string, agency = 'KARTVERKET'): Promise<string> {
  const first = cardOf((await client.say('ny rapport'))[0]);
  const next = await press(client, 'report.next', { ...control(first), ...VALID_GROUP_INPUTS['identification'], projectName, shortName: '', agency });
  const texts = visibleTexts(next).join('\n');
  // Not blocking: the second card is shown.
  expect(texts).toMatch(/Steg 2 av 11|Step 2 of 11/);
  return texts;
}

describe('duplicate warning on the Teams card after the identification card', () => {
  it('names the other reporter\'s submitted project, escaped as card text, and says what to do', async () => {
    const anne = http.client(user('anne', 'Anne Kart'));
    let card = cardOf((await anne.say('ny rapport'))[0]);
    for (const group of GROUPS) {
      const inputs = { ...VALID_GROUP_INPUTS[group] } as Record<string, string>;
      if (group === 'identification') Object.assign(inputs, { projectName: 'Felles kartløsning for kommunene [FKK]', shortName: '' });
      card = await press(anne, 'report.next', { ...control(card), ...inputs });
    }
    expect(visibleTexts(await press(anne, 'report.submit', control(card))).join('\n')).toContain('Rapporten er sendt inn');

    const texts = await answerIdentification(http.client(user('bjorn', 'Bjørn Hansen')), 'Felles kartløsning for kommunene');
    expect(texts).toContain('Er prosjektet rapportert fra før?');
    // Markdown characters of the stored name are escaped on the card (reporting-template.md §6).
    expect(texts).toContain('«Felles kartløsning for kommunene \\[FKK\\]» \\(Innsendt\\)');
    expect(texts).toContain('velg «Oppdater» på det under «Mine rapporter»');
  });

  it('names a 2016 demo project in English for an English Teams user', async () => {
    const texts = await answerIdentification(http.client(user('john', 'John Smith', 'en-US')), 'Felles kartdatabase');
    expect(texts).toContain('Has this project been reported already?');
    expect(texts).toContain('"Felles Kartdatabase \\(FKB\\)" \\(Submitted in the 2016 survey\\)');
    expect(texts).toContain('choose "Update" on it under "My reports"');
  });

  it('shows no warning for an unrelated name', async () => {
    const texts = await answerIdentification(http.client(user('kari', 'Kari Nordmann')), 'Tilskuddsportal for friluftsliv');
    expect(texts).not.toContain('Er prosjektet rapportert fra før?');
  });
});
