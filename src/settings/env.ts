import { z } from 'zod';

/**
 * The process environment, validated once at start. Secrets are kept in `settings.secrets` and are
 * never part of what `describeSettings` returns for the start-up log.
 */
const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    HOST: z.string().default('0.0.0.0'),
    MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI'),
    MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/).default('samhandlingsbot'),
    CONFIG_DIR: z.string().default('config'),
    CARDS_DIR: z.string().default('cards'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    MicrosoftAppId: z.string().default(''),
    MicrosoftAppPassword: z.string().default(''),
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: z.string().default(''),
    DEMO_DATA_FILE: z.string().optional(),
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
    REMINDER_CRON: z.string().default('0 7 * * *'),
    REMINDER_TIMEZONE: z.string().default('Europe/Oslo'),
    REMINDER_WINDOW_DAYS: z.coerce.number().int().min(0).max(365).default(14),
    JOBS_ENABLED: z.enum(['true', 'false']).default('true'),
    TEAMS_ALLOWED_TENANTS: z
      .string()
      .default('')
      .refine((v) => v.split(',').every((id) => id.trim() === '' || /^[A-Za-z0-9._-]{1,128}$/.test(id.trim())), 'must be tenant ids separated by commas'),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(10_000).default(20),
  })
  .superRefine((env, ctx) => {
    const hasCredentials = env.MicrosoftAppId !== '' && env.MicrosoftAppPassword !== '';
    if (env.NODE_ENV === 'production' && !hasCredentials) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppId'],
        message: 'NODE_ENV=production requires MicrosoftAppId and MicrosoftAppPassword (unauthenticated local traffic is for development only)',
      });
    }
  });

export interface Settings {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  mongo: { uri: string; dbName: string };
  configDir: string;
  cardsDir: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  demoDataFile?: string;
  shutdownGraceMs: number;
  reminders: { cron: string; timezone: string; windowDays: number };
  jobsEnabled: boolean;
  /** Teams tenants allowed to use the bot (lower case); empty: all. */
  teamsAllowedTenants: string[];
  /** Expensive commands (lists, searches) per user per minute and instance; 0: no limit. */
  rateLimitPerMinute: number;
  microsoftApp: { appId: string; appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI'; tenantId: string; authenticated: boolean };
  secrets: { microsoftAppPassword: string };
}

export class EnvError extends Error {
  override name = 'EnvError';
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    // Issue paths and messages only: never the offending values, which may be secrets.
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    mongo: { uri: e.MONGODB_URI, dbName: e.MONGODB_DB },
    configDir: e.CONFIG_DIR,
    cardsDir: e.CARDS_DIR,
    logLevel: e.LOG_LEVEL,
    demoDataFile: e.DEMO_DATA_FILE,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    reminders: { cron: e.REMINDER_CRON, timezone: e.REMINDER_TIMEZONE, windowDays: e.REMINDER_WINDOW_DAYS },
    jobsEnabled: e.JOBS_ENABLED === 'true',
    teamsAllowedTenants: [...new Set(e.TEAMS_ALLOWED_TENANTS.split(',').map((id) => id.trim().toLowerCase()).filter((id) => id !== ''))],
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    microsoftApp: {
      appId: e.MicrosoftAppId,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
      authenticated: e.MicrosoftAppId !== '' && e.MicrosoftAppPassword !== '',
    },
    secrets: { microsoftAppPassword: e.MicrosoftAppPassword },
  };
}

/** What may be logged at start: everything except secrets (the Mongo URI loses its credentials). */
export function describeSettings(s: Settings): Record<string, unknown> {
  const { secrets: _secrets, ...rest } = s;
  return { ...rest, mongo: { ...s.mongo, uri: s.mongo.uri.replace(/\/\/[^@/]+@/, '//***@') } };
}
