import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../settings/config-error.js';
import { keyedObject, loadJsonConfig, LocalizedSchema } from '../../settings/json-config.js';
import type { Organisations } from '../reporting/template-types.js';
import { APPROVAL_BUTTON_KEYS, APPROVAL_COMMAND_KEYS, APPROVAL_MESSAGE_KEYS, type ApprovalTexts } from './approval-texts.js';
import type { RolesConfig, UserMatcher } from './roles.js';

/** A platform user id: no spaces, no operators, bounded. */
const UserId = z.string().regex(/^[A-Za-z0-9:_.@-]{1,128}$/, 'must be a platform user id (letters, digits, : _ . @ -)');
const Label = z.string().trim().min(1).max(200).optional();

const MatcherSchema = z.union([
  z.strictObject({ teams: UserId, name: Label }),
  z.strictObject({ email: z.email().max(254), name: Label }),
  z.strictObject({ slack: z.string().regex(/^[UW][A-Z0-9]{2,31}$/, 'must be a Slack user id such as U123ABC'), name: Label }),
]);

const RolesSchema = z.strictObject({
  _note: z.string().optional(),
  reviewers: z.record(z.string().regex(/^[A-Z]{1,16}$/, 'must be a ministry id from organisations.json'), z.array(MatcherSchema)),
  coordinators: z.array(MatcherSchema),
  admins: z.array(MatcherSchema),
});

const Commands = z.array(z.string().trim().min(1)).min(1);
const ApprovalTextsSchema = z.strictObject({
  commands: keyedObject(APPROVAL_COMMAND_KEYS, Commands),
  messages: keyedObject(APPROVAL_MESSAGE_KEYS, LocalizedSchema),
  buttons: keyedObject(APPROVAL_BUTTON_KEYS, LocalizedSchema),
});

const ApprovalEnvSchema = z.object({
  ROLES_FILE: z.string().min(1).optional(),
  DEV_ROLES_ALL: z.enum(['', '0', '1', 'true', 'false']).optional(),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
});

export interface ApprovalSettings {
  roles: RolesConfig;
  rolesFile: string;
  /** DEV_ROLES_ALL: every user holds every role (never in production). */
  allRoles: boolean;
  /** Base address of the published overview, for links in chat; without it the path is shown as text. */
  publicBaseUrl?: string;
  texts: ApprovalTexts;
}

function matcherKey(m: UserMatcher): string {
  return 'teams' in m ? `teams:${m.teams}` : 'slack' in m ? `slack:${m.slack}` : `email:${m.email.toLowerCase()}`;
}

function crossCheckRoles(roles: RolesConfig, orgs: Organisations, file: string): string[] {
  const ministries = new Set(orgs.ministries.map((m) => m.id));
  const problems = Object.keys(roles.reviewers)
    .filter((id) => !ministries.has(id))
    .map((id) => `${file}: reviewers.${id}: no ministry with this id in organisations.json`);
  for (const [ministry, users] of Object.entries(roles.reviewers)) {
    const keys = users.map(matcherKey);
    const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
    problems.push(...twice.map((k) => `${file}: reviewers.${ministry}: ${k} is listed twice`));
  }
  return problems;
}

/**
 * Roles and approval texts, validated at start. `DEV_ROLES_ALL=1` with NODE_ENV=production stops
 * the start: in production only config/roles.json grants roles.
 */
export function loadApprovalSettings(configDir: string, env: NodeJS.ProcessEnv, nodeEnv: string, orgs: Organisations): ApprovalSettings {
  const parsed = ApprovalEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `environment ${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  const allRoles = parsed.data.DEV_ROLES_ALL === '1' || parsed.data.DEV_ROLES_ALL === 'true';
  if (allRoles && nodeEnv === 'production') {
    throw new ConfigError('DEV_ROLES_ALL is for local use only and is refused with NODE_ENV=production; grant roles in config/roles.json');
  }
  const rolesFile = parsed.data.ROLES_FILE ?? join(configDir, 'roles.json');
  const roles = loadJsonConfig(rolesFile, RolesSchema) as RolesConfig;
  const problems = crossCheckRoles(roles, orgs, rolesFile);
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  const texts = loadJsonConfig(join(configDir, 'approval-texts.json'), ApprovalTextsSchema) as ApprovalTexts;
  return { roles, rolesFile, allRoles, publicBaseUrl: parsed.data.PUBLIC_BASE_URL?.replace(/\/+$/, ''), texts };
}
