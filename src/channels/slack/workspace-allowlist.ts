import type { Localized } from '../../core/i18n.js';

/**
 * The Slack workspaces (team ids `T…`) and Enterprise Grid organisations (`E…`) whose requests
 * the bot serves (SLACK_ALLOWED_WORKSPACES). Empty: every workspace. Checked on the verified body
 * before it is acknowledged or queued, so nothing of a refused request is processed, stored or
 * posted; also checked before an OAuth installation is stored and before a token is handed out.
 */
export interface WorkspaceAllowlist {
  readonly enabled: boolean;
  /** Why a Slack request (Events API, slash command, interactivity) is refused, or undefined when it may pass. */
  refusal(body: Record<string, unknown>): WorkspaceRefusal | undefined;
  /** Whether one workspace may use the bot: its team id or its organisation's id is on the list. */
  allows(ids: { teamId?: string | null | undefined; enterpriseId?: string | null | undefined }): boolean;
}

export interface WorkspaceRefusal {
  reason: 'no-workspace' | 'workspace-not-allowed';
  /**
   * What is logged besides the reason: workspace and organisation ids, which name organisations,
   * not people. User ids, names and message text of a refused request are never logged.
   */
  teamIds: string[];
  enterpriseIds: string[];
}

export interface WorkspaceIds {
  teamIds: string[];
  enterpriseIds: string[];
}

/** Longer strings are no Slack id; they are cut for comparison and logging (they never match). */
const MAX_ID_LENGTH = 40;
/** Slack sends one authorization per event; more are not looked at. */
const MAX_AUTHORIZATIONS = 10;

function field(value: unknown, ...path: string[]): unknown {
  let node = value;
  for (const key of path) {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function idOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().toUpperCase().slice(0, MAX_ID_LENGTH) : undefined;
}

function distinct(values: unknown[]): string[] {
  return [...new Set(values.map(idOf).filter((id): id is string => id !== undefined))];
}

/**
 * Every workspace and organisation a request names, whatever its kind:
 * - Events API (JSON, including `app_uninstalled` and `tokens_revoked`): `team_id`,
 *   `enterprise_id`, `context_team_id`, `context_enterprise_id`, `authorizations[]`, and the
 *   sender's workspace in the event (`event.team`, `event.user_team`, `event.source_team`);
 * - slash commands (form fields): `team_id`, `enterprise_id`;
 * - interactivity (`payload` JSON: block actions, view submissions and closings, shortcuts):
 *   `team.id`, `user.team_id`, `enterprise.id`, `view.team_id`, `view.app_installed_team_id`.
 */
export function workspaceIdsOf(body: Record<string, unknown>): WorkspaceIds {
  const authorizations = Array.isArray(body['authorizations']) ? (body['authorizations'] as unknown[]).slice(0, MAX_AUTHORIZATIONS) : [];
  const teamIds = distinct([
    body['team_id'],
    body['context_team_id'],
    field(body, 'team', 'id'),
    field(body, 'user', 'team_id'),
    field(body, 'view', 'team_id'),
    field(body, 'view', 'app_installed_team_id'),
    field(body, 'event', 'team'),
    field(body, 'event', 'user_team'),
    field(body, 'event', 'source_team'),
    ...authorizations.map((a) => field(a, 'team_id')),
  ]);
  const enterpriseIds = distinct([
    body['enterprise_id'],
    body['context_enterprise_id'],
    field(body, 'enterprise', 'id'),
    ...authorizations.map((a) => field(a, 'enterprise_id')),
  ]);
  return { teamIds, enterpriseIds };
}

/**
 * A request passes when it names at least one workspace or organisation and either every
 * organisation it names is on the list (an organisation on the list admits its workspaces) or
 * every workspace it names is. So a request naming a workspace that is not on the list — a user
 * of another workspace in a shared channel included — is refused unless its organisation is.
 */
export function makeWorkspaceAllowlist(allowed: readonly string[]): WorkspaceAllowlist {
  const set = new Set(allowed.map((id) => id.trim().toUpperCase()).filter((id) => id !== ''));
  if (set.size === 0) return { enabled: false, refusal: () => undefined, allows: () => true };
  const has = (id: string | null | undefined): boolean => typeof id === 'string' && set.has(id.trim().toUpperCase());
  return {
    enabled: true,
    refusal(body) {
      const { teamIds, enterpriseIds } = workspaceIdsOf(body);
      if (teamIds.length === 0 && enterpriseIds.length === 0) return { reason: 'no-workspace', teamIds, enterpriseIds };
      if (enterpriseIds.length > 0 && enterpriseIds.every(has)) return undefined;
      if (teamIds.length > 0 && teamIds.every(has)) return undefined;
      return { reason: 'workspace-not-allowed', teamIds, enterpriseIds };
    },
    allows: ({ teamId, enterpriseId }) => has(teamId) || has(enterpriseId),
  };
}

/** A slash command: a plain form with a `command` field (interactivity comes as a `payload` with a `type`). */
export function isSlashCommand(body: Record<string, unknown>): boolean {
  return typeof body['command'] === 'string' && body['type'] === undefined;
}

/** What kind of request it is, for the log: a Slack type name, never content. */
export function requestKind(body: Record<string, unknown>): string {
  if (isSlashCommand(body)) return 'slash_command';
  const type = typeof body['type'] === 'string' ? body['type'] : 'unknown';
  const eventType = field(body, 'event', 'type');
  const kind = type === 'event_callback' && typeof eventType === 'string' ? `event_callback:${eventType}` : type;
  return kind.replace(/[^A-Za-z0-9_.:-]/g, '').slice(0, 60);
}

/** The refusal for people who do not know which language the workspace speaks: both. */
export function bilingual(text: Localized): string {
  return `${text.nb} / ${text.en}`;
}
