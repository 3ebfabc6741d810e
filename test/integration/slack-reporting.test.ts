import { describe, expect, it } from 'vitest';
import { VALID_GROUP_INPUTS } from '../support/report-answers.js';
import { useSlackBot } from '../support/slack-bot.js';
import { blockTexts } from '../support/slack-client.js';

const slack = useSlackBot();
const GROUPS = Object.keys(VALID_GROUP_INPUTS);

describe('Slack: reporting through modals over real HTTP', () => {
  it('takes a report from the slash command through every modal to INNSENDT', async () => {
    const kari = slack.client({ id: 'UKARI', name: 'Kari Nordmann' });
    const ack = await kari.command('ny rapport');
    expect(ack.status).toBe(200);
    const [opened] = await slack.api.waitFor('views.open', 1, (c) => c.args['view'] && blockTexts(c.args['view'].blocks).includes('Steg 1 av 11'));
    let view = opened!.result['view'];
    const viewId = view.id as string;
    expect(blockTexts(view.blocks)).toContain('Steg 1 av 11');
    const contact = view.blocks.find((b: any) => b.block_id === 'contactName');
    expect(contact.element.initial_value).toBe('Kari Nordmann');

    for (const group of GROUPS) {
      const res = await kari.submit(view, VALID_GROUP_INPUTS[group] as Record<string, string>);
      expect(res.status).toBe(200);
      expect(res.body.response_action, JSON.stringify(res.body).slice(0, 500)).toBe('update');
      view = { ...res.body.view, id: viewId, hash: `h-${group}` };
    }
    const summary = blockTexts(view.blocks);
    expect(summary).toContain('Oppsummering: Digital byggesøknad');
    expect(summary).toContain('45 000 000 kr');

    const done = await kari.submit(view, {});
    expect(done.body.response_action).toBe('update');
    expect(blockTexts(done.body.view.blocks)).toContain('Rapporten er sendt inn');
    const stored = await slack.db.collection('reports').findOne({ 'reporter.userId': 'UKARI' });
    expect(stored).toMatchObject({ state: 'INNSENDT', reportVersion: 1, reporter: { platform: 'slack', userId: 'UKARI', displayName: 'Kari Nordmann', tenantId: 'T0TEST' } });
  });
});
