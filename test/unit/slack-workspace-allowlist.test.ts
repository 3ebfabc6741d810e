import { describe, expect, it } from 'vitest';
import { describeSlackSettings, loadSlackSettings } from '../../src/channels/slack/slack-settings.js';
import { bilingual, isSlashCommand, makeWorkspaceAllowlist, requestKind, workspaceIdsOf } from '../../src/channels/slack/workspace-allowlist.js';
import { ConfigError } from '../../src/settings/config-error.js';

const SLACK = { SLACK_SIGNING_SECRET: 'signing-secret-value', SLACK_BOT_TOKEN: 'xoxb-secret-value' };

describe('SLACK_ALLOWED_WORKSPACES', () => {
  it('is empty (every workspace) when unset or blank', () => {
    expect(loadSlackSettings('config', SLACK)?.allowedWorkspaces).toEqual([]);
    expect(loadSlackSettings('config', { ...SLACK, SLACK_ALLOWED_WORKSPACES: ' , ' })?.allowedWorkspaces).toEqual([]);
  });

  it('takes workspace (T…) and Enterprise Grid (E…) ids separated by commas, trimmed, upper-cased and without repeats', () => {
    const s = loadSlackSettings('config', { ...SLACK, SLACK_ALLOWED_WORKSPACES: ' T0123ABCD, E0GRID01 ,t0123abcd,,TXYZ9' });
    expect(s?.allowedWorkspaces).toEqual(['T0123ABCD', 'E0GRID01', 'TXYZ9']);
  });

  it('refuses a malformed id with a config error naming the variable, never a secret', () => {
    for (const bad of ['C0123ABCD', 'T0123-ABCD', 'T0123ABCD E0GRID01', 'https://example.slack.com', 'T', `T${'A'.repeat(40)}`]) {
      let error: unknown;
      try {
        loadSlackSettings('config', { ...SLACK, SLACK_ALLOWED_WORKSPACES: `T0OK1,${bad}` });
      } catch (err) {
        error = err;
      }
      expect(error, bad).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('SLACK_ALLOWED_WORKSPACES');
      expect(message).toMatch(/workspace ids \(T…\) or Enterprise Grid ids \(E…\)/);
      expect(message).not.toContain('xoxb-secret-value');
      expect(message).not.toContain('signing-secret-value');
    }
  });

  it('is checked even when Slack is otherwise off', () => {
    expect(() => loadSlackSettings('config', { SLACK_ALLOWED_WORKSPACES: 'not-an-id' })).toThrow(/SLACK_ALLOWED_WORKSPACES/);
  });

  it('is shown in the start-up description (ids, no secrets)', () => {
    const all = describeSlackSettings(loadSlackSettings('config', SLACK));
    const some = describeSlackSettings(loadSlackSettings('config', { ...SLACK, SLACK_ALLOWED_WORKSPACES: 'T0123ABCD' }));
    expect(all['allowedWorkspaces']).toBe('all');
    expect(some['allowedWorkspaces']).toEqual(['T0123ABCD']);
    expect(JSON.stringify(some)).not.toContain('secret-value');
  });

  it('has the bilingual refusal text in config/slack-texts.json', () => {
    const texts = loadSlackSettings('config', SLACK)!.texts.messages.workspaceNotAllowed;
    expect(bilingual(texts)).toBe('Denne boten er ikke åpnet for dette arbeidsområdet. / This bot is not enabled for this workspace.');
  });
});

describe('the workspaces a Slack request names', () => {
  it('reads events, slash commands, interactivity and view submissions', () => {
    expect(workspaceIdsOf({ type: 'event_callback', team_id: 'T1', enterprise_id: 'E1', authorizations: [{ team_id: 'T1', enterprise_id: 'E1' }], event: { type: 'message', team: 'T1' } })).toEqual({ teamIds: ['T1'], enterpriseIds: ['E1'] });
    expect(workspaceIdsOf({ type: 'event_callback', team_id: 'T1', event: { type: 'app_uninstalled' } })).toEqual({ teamIds: ['T1'], enterpriseIds: [] });
    expect(workspaceIdsOf({ type: 'event_callback', team_id: 'T1', event: { type: 'message', user_team: 'T2', source_team: 'T2' } }).teamIds).toEqual(['T1', 'T2']);
    expect(workspaceIdsOf({ command: '/samhandling', team_id: 'T1', enterprise_id: 'E1' })).toEqual({ teamIds: ['T1'], enterpriseIds: ['E1'] });
    expect(workspaceIdsOf({ type: 'block_actions', team: { id: 'T1' }, user: { id: 'U1', team_id: 'T3' }, enterprise: null })).toEqual({ teamIds: ['T1', 'T3'], enterpriseIds: [] });
    expect(workspaceIdsOf({ type: 'view_submission', team: null, enterprise: { id: 'E1' }, user: { team_id: 'T1' }, view: { team_id: 'T1', app_installed_team_id: 't4' } })).toEqual({ teamIds: ['T1', 'T4'], enterpriseIds: ['E1'] });
    expect(workspaceIdsOf({ type: 'block_actions', team: { id: 42 }, user: 'x' })).toEqual({ teamIds: [], enterpriseIds: [] });
  });

  it('tells slash commands from interactivity and names the kind without content', () => {
    expect(isSlashCommand({ command: '/samhandling', text: 'hjelp' })).toBe(true);
    expect(isSlashCommand({ type: 'block_actions', command: 'x' })).toBe(false);
    expect(requestKind({ command: '/samhandling', text: 'secret text' })).toBe('slash_command');
    expect(requestKind({ type: 'event_callback', event: { type: 'message', text: 'hello' } })).toBe('event_callback:message');
    expect(requestKind({ type: 'view_submission' })).toBe('view_submission');
  });
});

describe('the workspace allow-list', () => {
  const list = makeWorkspaceAllowlist(['T0OK', 'E0ORG']);

  it('lets every request pass when empty', () => {
    const open = makeWorkspaceAllowlist([]);
    expect(open.enabled).toBe(false);
    expect(open.refusal({ type: 'event_callback', team_id: 'TANY' })).toBeUndefined();
    expect(open.refusal({})).toBeUndefined();
    expect(open.allows({ teamId: 'TANY' })).toBe(true);
  });

  it('passes a listed workspace, and any workspace of a listed organisation', () => {
    expect(list.refusal({ type: 'event_callback', team_id: 'T0OK' })).toBeUndefined();
    expect(list.refusal({ command: '/samhandling', team_id: 'T0OK', enterprise_id: 'E0OTHER' })).toBeUndefined();
    expect(list.refusal({ type: 'event_callback', team_id: 'T0GRIDWS', enterprise_id: 'E0ORG', event: { type: 'message', team: 'T0GRIDWS2' } })).toBeUndefined();
    expect(list.refusal({ type: 'view_submission', team: null, enterprise: { id: 'E0ORG' }, user: { team_id: 'T0GRIDWS' } })).toBeUndefined();
    expect(list.allows({ teamId: 'T0OK' })).toBe(true);
    expect(list.allows({ teamId: 'T0GRIDWS', enterpriseId: 'E0ORG' })).toBe(true);
    expect(list.allows({ enterpriseId: 'E0ORG' })).toBe(true);
  });

  it('refuses another workspace, a user of another workspace, and a request naming none', () => {
    expect(list.refusal({ type: 'event_callback', team_id: 'T0EVIL' })).toEqual({ reason: 'workspace-not-allowed', teamIds: ['T0EVIL'], enterpriseIds: [] });
    expect(list.refusal({ command: '/samhandling', team_id: 'T0EVIL', enterprise_id: 'E0EVIL' })).toMatchObject({ reason: 'workspace-not-allowed', enterpriseIds: ['E0EVIL'] });
    // A shared channel of a listed workspace, the message from a user of another workspace.
    expect(list.refusal({ type: 'event_callback', team_id: 'T0OK', event: { type: 'message', user_team: 'T0EVIL' } })).toMatchObject({ reason: 'workspace-not-allowed', teamIds: ['T0OK', 'T0EVIL'] });
    expect(list.refusal({ type: 'block_actions', team: { id: 'T0OK' }, user: { team_id: 'T0EVIL' } })).toMatchObject({ reason: 'workspace-not-allowed' });
    expect(list.refusal({ type: 'block_actions', user: { id: 'U1' } })).toEqual({ reason: 'no-workspace', teamIds: [], enterpriseIds: [] });
    expect(list.allows({ teamId: 'T0EVIL' })).toBe(false);
    expect(list.allows({ teamId: 'T0EVIL', enterpriseId: 'E0EVIL' })).toBe(false);
    expect(list.allows({})).toBe(false);
  });
});
