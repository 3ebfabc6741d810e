import { join } from 'node:path';
import { z } from 'zod';
import type { Localized } from '../../core/i18n.js';
import { ConfigError } from '../../settings/config-error.js';
import { keyedObject, loadJsonConfig, LocalizedSchema } from '../../settings/json-config.js';

export const SLACK_MESSAGE_KEYS = [
  'modalReport', 'modalMerger', 'modalReview', 'modalDetails', 'modalReason', 'modalNotice', 'close', 'cancel', 'toSummary',
  'openForm', 'formInMessage', 'working', 'continuedInThread', 'truncated', 'formExpired', 'notYourForm', 'unknownInput',
  'valueTooLong', 'alreadyReceived', 'reasonLabel', 'decisionIntro', 'taskGone', 'homeTitle', 'homeIntro', 'homeReports',
  'homeMergers', 'homeNoMergers', 'homeMergerIn', 'workspaceNotAllowed', 'notInChannel',
] as const;
export type SlackMessageKey = (typeof SLACK_MESSAGE_KEYS)[number];

export interface SlackTexts {
  messages: Record<SlackMessageKey, Localized>;
}

/** Modal titles and modal button labels: Slack refuses more than 24 characters. */
const MODAL_LABEL_KEYS: SlackMessageKey[] = ['modalReport', 'modalMerger', 'modalReview', 'modalDetails', 'modalReason', 'modalNotice', 'close', 'cancel', 'toSummary'];

const SlackTextsSchema = z
  .strictObject({ _note: z.string().optional(), messages: keyedObject(SLACK_MESSAGE_KEYS, LocalizedSchema) })
  .superRefine((file, ctx) => {
    const messages = file.messages as Record<string, Localized>;
    for (const key of MODAL_LABEL_KEYS) {
      for (const locale of ['nb', 'en'] as const) {
        if ([...(messages[key]?.[locale] ?? '')].length > 24) ctx.addIssue({ code: 'custom', path: ['messages', key, locale], message: 'at most 24 characters (Slack modal label)' });
      }
    }
  });

const optional = z.string().trim().optional().transform((v) => (v === '' ? undefined : v));

/** A Slack workspace (team) id `T…` or an Enterprise Grid organisation id `E…`; upper case, as Slack writes them. */
export const SLACK_WORKSPACE_ID = /^[TE][A-Z0-9]{2,31}$/;

/** Comma-separated ids, blanks ignored; the message never repeats the value. */
const workspaceIds = z
  .string()
  .default('')
  .transform((v) => v.split(',').map((id) => id.trim().toUpperCase()).filter((id) => id !== ''))
  .refine((ids) => ids.every((id) => SLACK_WORKSPACE_ID.test(id)), 'must be Slack workspace ids (T…) or Enterprise Grid ids (E…) separated by commas')
  .transform((ids) => [...new Set(ids)]);

const SlackEnvSchema = z.object({
  SLACK_SIGNING_SECRET: optional,
  SLACK_BOT_TOKEN: optional,
  SLACK_CLIENT_ID: optional,
  SLACK_CLIENT_SECRET: optional,
  SLACK_STATE_SECRET: optional,
  SLACK_SCOPES: z.string().default('app_mentions:read,chat:write,commands,im:history,im:read,im:write,users:read,users:read.email'),
  SLACK_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  SLACK_COMMAND: z.string().regex(/^\/[a-z0-9_-]{1,31}$/).default('/samhandling'),
  SLACK_ALLOWED_WORKSPACES: workspaceIds,
});

export interface SlackSettings {
  /** How requests are authorised: one workspace with a bot token, or many through OAuth installations. */
  mode: 'single' | 'oauth';
  signingSecret: string;
  botToken?: string;
  oauth?: { clientId: string; clientSecret: string; stateSecret: string; scopes: string[] };
  /** The Web API base (tests and local runs point it at a stand-in). */
  apiUrl?: string;
  command: string;
  /**
   * The workspaces (`T…`) and Enterprise Grid organisations (`E…`) that may use the bot
   * (SLACK_ALLOWED_WORKSPACES). Empty: every workspace.
   */
  allowedWorkspaces: string[];
  texts: SlackTexts;
}

function oauthOf(env: z.infer<typeof SlackEnvSchema>): SlackSettings['oauth'] | 'partial' | undefined {
  const parts = [env.SLACK_CLIENT_ID, env.SLACK_CLIENT_SECRET, env.SLACK_STATE_SECRET];
  if (parts.every((p) => p === undefined)) return undefined;
  if (parts.some((p) => p === undefined)) return 'partial';
  const scopes = env.SLACK_SCOPES.split(',').map((s) => s.trim()).filter(Boolean);
  return { clientId: env.SLACK_CLIENT_ID!, clientSecret: env.SLACK_CLIENT_SECRET!, stateSecret: env.SLACK_STATE_SECRET!, scopes };
}

/**
 * Slack is enabled when the signing secret and either a bot token (one workspace) or the OAuth
 * triple (several workspaces) are set; with none of them it is off (undefined). Half a
 * configuration stops the start with the variables that are missing, never their values.
 */
export function loadSlackSettings(configDir: string, envVars: NodeJS.ProcessEnv): SlackSettings | undefined {
  const parsed = SlackEnvSchema.safeParse(envVars);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `environment ${i.path.join('.')}: ${i.message}`).join('\n'));
  const env = parsed.data;
  const oauth = oauthOf(env);
  if (!env.SLACK_SIGNING_SECRET && !env.SLACK_BOT_TOKEN && oauth === undefined) return undefined;
  const problems: string[] = [];
  if (!env.SLACK_SIGNING_SECRET) problems.push('environment SLACK_SIGNING_SECRET: required when Slack is configured');
  if (oauth === 'partial') problems.push('environment SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET: set all three for OAuth installation, or none');
  if (!env.SLACK_BOT_TOKEN && oauth === undefined) problems.push('environment SLACK_BOT_TOKEN: set it (one workspace) or the OAuth variables (several workspaces)');
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  const texts = loadJsonConfig(join(configDir, 'slack-texts.json'), SlackTextsSchema) as unknown as SlackTexts;
  return {
    mode: oauth && oauth !== 'partial' ? 'oauth' : 'single',
    signingSecret: env.SLACK_SIGNING_SECRET!,
    ...(env.SLACK_BOT_TOKEN ? { botToken: env.SLACK_BOT_TOKEN } : {}),
    ...(oauth && oauth !== 'partial' ? { oauth } : {}),
    ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL.endsWith('/') ? env.SLACK_API_URL : `${env.SLACK_API_URL}/` } : {}),
    command: env.SLACK_COMMAND,
    allowedWorkspaces: env.SLACK_ALLOWED_WORKSPACES,
    texts,
  };
}

/** What may be logged at start: no secrets. */
export function describeSlackSettings(s: SlackSettings | undefined): Record<string, unknown> {
  if (!s) return { enabled: false };
  return {
    enabled: true,
    mode: s.mode,
    singleWorkspaceToken: s.botToken !== undefined,
    command: s.command,
    apiUrl: s.apiUrl ?? 'default',
    // Workspace ids name organisations, not people, and are no secret.
    allowedWorkspaces: s.allowedWorkspaces.length === 0 ? 'all' : s.allowedWorkspaces,
  };
}
