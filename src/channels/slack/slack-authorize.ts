import type { AuthorizeResult, InstallationStore, Logger as SlackLogger, webApi } from '@slack/bolt';
import { InstallProvider } from '@slack/oauth';
import type { SlackSettings } from './slack-settings.js';

const CACHE_TTL_MS = 60_000;

export type SlackAuthorize = (source: { teamId?: string; enterpriseId?: string; isEnterpriseInstall: boolean }) => Promise<AuthorizeResult>;

export function makeInstaller(settings: SlackSettings, store: InstallationStore, logger: SlackLogger): InstallProvider | undefined {
  const o = settings.oauth;
  if (!o) return undefined;
  return new InstallProvider({
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    stateSecret: o.stateSecret,
    installationStore: store,
    installUrlOptions: { scopes: o.scopes },
    logger,
    ...(settings.apiUrl ? { clientOptions: { slackApiUrl: settings.apiUrl } } : {}),
  });
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
 * workspace token — which is used only for its own workspace.
 */
export function makeSlackAuthorize(settings: SlackSettings, client: webApi.WebClient, installer: InstallProvider | undefined): SlackAuthorize {
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

  return async (source) => {
    if (!installer) return fromToken(source);
    try {
      return await fromInstallation(source);
    } catch (err) {
      if (!single) throw err;
      return fromToken(source);
    }
  };
}
