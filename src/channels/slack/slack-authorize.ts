import type { ServerResponse } from 'node:http';
import { webApi, type AuthorizeResult, type InstallationStore, type Logger as SlackLogger } from '@slack/bolt';
import { InstallProvider, type CallbackOptions, type Installation } from '@slack/oauth';
import type { Logger } from '../../logging/logger.js';
import type { SlackSettings } from './slack-settings.js';
import { makeWorkspaceAllowlist, type WorkspaceAllowlist } from './workspace-allowlist.js';

const CACHE_TTL_MS = 60_000;

export type SlackAuthorize = (source: { teamId?: string; enterpriseId?: string; isEnterpriseInstall: boolean }) => Promise<AuthorizeResult>;

type AnyInstallation = Pick<Installation, 'team' | 'enterprise'>;

function workspaceOf(installation: AnyInstallation): { teamId?: string; enterpriseId?: string } {
  return { ...(installation.team?.id ? { teamId: installation.team.id } : {}), ...(installation.enterprise?.id ? { enterpriseId: installation.enterprise.id } : {}) };
}

/**
 * The installation store, refusing to store an installation for a workspace not on the allow-list
 * (defence in depth: the OAuth callback refuses it before; an error here ends on the failure page).
 */
function guardedStore(store: InstallationStore, allowlist: WorkspaceAllowlist): InstallationStore {
  if (!allowlist.enabled) return store;
  return {
    ...store,
    storeInstallation: async (installation, logger) => {
      if (!allowlist.allows(workspaceOf(installation))) throw new Error('Slack installation refused: workspace not on the allow-list');
      await store.storeInstallation(installation, logger);
    },
  };
}

export function makeInstaller(settings: SlackSettings, store: InstallationStore, logger: SlackLogger, allowlist = makeWorkspaceAllowlist(settings.allowedWorkspaces)): InstallProvider | undefined {
  const o = settings.oauth;
  if (!o) return undefined;
  return new InstallProvider({
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    stateSecret: o.stateSecret,
    installationStore: guardedStore(store, allowlist),
    installUrlOptions: { scopes: o.scopes },
    logger,
    ...(settings.apiUrl ? { clientOptions: { slackApiUrl: settings.apiUrl } } : {}),
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function refusalPage(res: ServerResponse, text: { nb: string; en: string }): void {
  if (res.headersSent) return;
  res.writeHead(403, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Samhandlingsbot</title></head><body><p lang="nb">${escapeHtml(text.nb)}</p><p lang="en">${escapeHtml(text.en)}</p></body></html>`);
}

export interface InstallCallbackDeps {
  settings: SlackSettings;
  allowlist: WorkspaceAllowlist;
  logger: Logger;
  /** Web API client options (the base URL of a stand-in in tests), for revoking refused tokens. */
  clientOptions?: webApi.WebClientOptions;
}

/**
 * The hooks of the OAuth callback: an installation into a workspace not on the allow-list is not
 * stored. Its tokens — already issued by Slack when the workspace becomes known — are revoked
 * (as Slack's OAuth documentation suggests), and the installing user gets a page in both languages.
 */
export function makeInstallCallbackOptions(deps: InstallCallbackDeps): CallbackOptions | undefined {
  const { allowlist, logger } = deps;
  if (!allowlist.enabled) return undefined;
  return {
    afterInstallation: async (installation, _options, _req, res) => {
      const workspace = workspaceOf(installation);
      if (allowlist.allows(workspace)) return true;
      logger.warn('slack installation refused: workspace not on the allow-list', { teamId: workspace.teamId, enterpriseId: workspace.enterpriseId });
      const tokens = [installation.bot?.token, installation.user?.token].filter((t): t is string => typeof t === 'string' && t !== '');
      for (const token of tokens) {
        await new webApi.WebClient(token, { ...deps.clientOptions, retryConfig: { retries: 1 } }).auth.revoke().catch((err: unknown) => {
          logger.warn('slack token of a refused installation not revoked', { err: (err as Error).message });
        });
      }
      refusalPage(res, deps.settings.texts.messages.workspaceNotAllowed);
      return false;
    },
  };
}

function singleToken(client: webApi.WebClient, token: string): () => Promise<AuthorizeResult> {
  let pending: Promise<AuthorizeResult> | undefined;
  return () =>
    (pending ??= client.auth.test({ token }).then(
      (r) => ({ botToken: token, botId: r.bot_id, botUserId: r.user_id, teamId: r.team_id, enterpriseId: r.enterprise_id }),
      (err: unknown) => {
        pending = undefined;
        throw err;
      },
    ));
}

/**
 * Tokens per request: the workspace's OAuth installation (cached for a minute), else the single
 * workspace token — which is used only for its own workspace. No token for a workspace that is
 * not on the allow-list (the receiver refuses its requests before; this covers proactive sends).
 */
export function makeSlackAuthorize(settings: SlackSettings, client: webApi.WebClient, installer: InstallProvider | undefined, allowlist = makeWorkspaceAllowlist(settings.allowedWorkspaces)): SlackAuthorize {
  const single = settings.botToken ? singleToken(client, settings.botToken) : undefined;
  const cache = new Map<string, { at: number; result: AuthorizeResult }>();

  async function fromInstallation(source: Parameters<SlackAuthorize>[0]): Promise<AuthorizeResult> {
    if (!installer) throw new Error('no OAuth installer');
    const key = `${source.isEnterpriseInstall ? 'E' : 'T'}:${source.enterpriseId ?? ''}:${source.teamId ?? ''}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.result;
    const result = await installer.authorize({ teamId: source.teamId, enterpriseId: source.enterpriseId, isEnterpriseInstall: source.isEnterpriseInstall } as never);
    cache.set(key, { at: Date.now(), result });
    return result;
  }

  async function fromToken(source: Parameters<SlackAuthorize>[0]): Promise<AuthorizeResult> {
    if (!single) throw new Error('no Slack installation for this workspace');
    const result = await single();
    if (source.teamId && result.teamId && source.teamId !== result.teamId) throw new Error('request from a workspace the bot token does not belong to');
    return result;
  }

  async function tokens(source: Parameters<SlackAuthorize>[0]): Promise<AuthorizeResult> {
    if (!installer) return fromToken(source);
    try {
      return await fromInstallation(source);
    } catch (err) {
      if (!single) throw err;
      return fromToken(source);
    }
  }

  if (!allowlist.enabled) return tokens;
  const refused = () => new Error('Slack workspace not on the allow-list');
  return async (source) => {
    const listed = allowlist.allows(source);
    if (!listed && source.enterpriseId !== undefined) throw refused();
    const result = await tokens(source);
    // A source naming only its workspace (proactive sends): the installation names its organisation.
    if (!listed && !allowlist.allows({ teamId: source.teamId ?? result.teamId, enterpriseId: result.enterpriseId })) throw refused();
    return result;
  };
}
