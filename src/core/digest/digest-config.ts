import { join } from 'node:path';
import cron from 'node-cron';
import { z } from 'zod';
import { ConfigError } from '../../settings/config-error.js';
import { keyedObject, loadJsonConfig, LocalizedSchema } from '../../settings/json-config.js';
import { PUBLISHABLE_SHARING_LEVELS } from '../overview/published-filter.js';
import type { ReportingContent } from '../reporting/template-types.js';
import { choicesFor, findField } from '../reporting/template-lookup.js';
import type { DigestSettings } from './digest-settings.js';
import {
  DIGEST_BUTTON_KEYS,
  DIGEST_COMMAND_KEYS,
  DIGEST_LABEL_KEYS,
  DIGEST_MESSAGE_KEYS,
  DIGEST_PREFIX_COMMAND_KEYS,
  DIGEST_QUESTION_KEYS,
  type DigestTexts,
} from './digest-texts.js';

const Words = z.array(z.string().trim().min(1).max(60)).min(1);

const DigestTextsSchema = z.strictObject({
  _note: z.string().optional(),
  commands: keyedObject([...DIGEST_COMMAND_KEYS, ...DIGEST_PREFIX_COMMAND_KEYS], Words),
  questions: keyedObject(DIGEST_QUESTION_KEYS, z.array(Words).min(1)),
  monthWords: Words,
  stopWords: Words,
  messages: keyedObject(DIGEST_MESSAGE_KEYS, LocalizedSchema),
  labels: keyedObject(DIGEST_LABEL_KEYS, LocalizedSchema),
  buttons: keyedObject(DIGEST_BUTTON_KEYS, LocalizedSchema),
});

const count = (min: number, max: number) => z.number().int().min(min).max(max);

const DigestFileSchema = z.strictObject({
  _note: z.string().optional(),
  ksConversations: z.array(z.string().regex(/^(teams|slack):[^\s]{1,200}$/, 'must be a conversation key such as teams:19:…@thread.tacv2')),
  sharingLevels: z.array(z.enum(PUBLISHABLE_SHARING_LEVELS)).min(1),
  materialFields: z.array(z.string().min(1)).min(1),
  projectsPerPage: count(1, 20),
  maxProjectsPerDigest: count(1, 200),
  calendarMonths: count(1, 36),
  calendarMaxLinesPerMonth: count(1, 50),
  soonMonths: count(1, 36),
  newWithinDays: count(1, 366),
  deliveryLogSize: count(1, 100),
  answerMaxProjects: count(1, 50),
  areaWords: z.record(z.string(), Words),
  areaGroups: z.array(z.strictObject({ words: Words, areas: z.array(z.string()).min(1) })),
});

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const DigestEnvSchema = z.object({
  DIGEST_CRON: z.string().default('0 8 * * 1'),
  DIGEST_TIMEZONE: z.string().default('Europe/Oslo'),
  DIGEST_RATE_PER_SECOND: int(1, 50, 10),
  DIGEST_CONVERSATION_INTERVAL_MS: int(0, 60_000, 1_000),
  DIGEST_CONCURRENCY: int(1, 32, 4),
  DIGEST_MAX_ATTEMPTS: int(1, 50, 8),
  DIGEST_RETRY_BASE_MS: int(10, 600_000, 2_000),
  DIGEST_RETRY_MAX_MS: int(100, 86_400_000, 600_000),
  DIGEST_LEASE_MS: int(500, 3_600_000, 60_000),
  DIGEST_POLL_MS: int(100, 3_600_000, 15_000),
  DIGEST_STARTUP_DELAY_MS: int(0, 3_600_000, 3_000),
  DIGEST_MAX_MESSAGE_KB: int(4, 100, 80),
  DIGEST_CRASH_AFTER_PARTS: z.coerce.number().int().min(1).optional(),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
});

type DigestEnv = z.infer<typeof DigestEnvSchema>;
type DigestFile = z.infer<typeof DigestFileSchema>;

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch (err) {
    return !(err instanceof RangeError);
  }
}

/** Five fields (minute precision: one slot per matching minute) that node-cron accepts. */
function envProblems(env: DigestEnv, nodeEnv: string): string[] {
  const problems: string[] = [];
  if (env.DIGEST_CRON.trim().split(/\s+/).length !== 5 || !cron.validate(env.DIGEST_CRON)) {
    problems.push('environment DIGEST_CRON: must be a five-field cron expression such as "0 8 * * 1"');
  }
  if (!validTimeZone(env.DIGEST_TIMEZONE)) problems.push('environment DIGEST_TIMEZONE: unknown time zone');
  if (env.DIGEST_CRASH_AFTER_PARTS !== undefined && nodeEnv !== 'test') problems.push('environment DIGEST_CRASH_AFTER_PARTS: a test hook, refused unless NODE_ENV=test');
  if (nodeEnv === 'production' && env.DIGEST_CONVERSATION_INTERVAL_MS < 1_000) problems.push('environment DIGEST_CONVERSATION_INTERVAL_MS: at least 1000 in production (one message per second per conversation)');
  if (env.DIGEST_RETRY_MAX_MS < env.DIGEST_RETRY_BASE_MS) problems.push('environment DIGEST_RETRY_MAX_MS: must not be below DIGEST_RETRY_BASE_MS');
  return problems;
}

/** Config entries that must name what the reporting template defines. */
function crossCheck(file: DigestFile, content: ReportingContent, path: string): string[] {
  const areaField = findField(content, 'serviceAreas');
  const areas = new Set(areaField ? choicesFor(areaField, content).map((c) => c.value) : []);
  const fields = new Set(content.template.fields.map((f) => f.id));
  return [
    ...file.materialFields.filter((f) => !fields.has(f)).map((f) => `${path}: materialFields: ${f} is not a field of the reporting template`),
    ...Object.keys(file.areaWords).filter((a) => !areas.has(a)).map((a) => `${path}: areaWords.${a}: not a service area of the reporting template`),
    ...file.areaGroups.flatMap((g, i) => g.areas.filter((a) => !areas.has(a)).map((a) => `${path}: areaGroups.${i}: ${a} is not a service area`)),
  ];
}

function deliveryOf(env: DigestEnv): DigestSettings['delivery'] {
  return {
    ratePerSecond: env.DIGEST_RATE_PER_SECOND,
    conversationIntervalMs: env.DIGEST_CONVERSATION_INTERVAL_MS,
    concurrency: env.DIGEST_CONCURRENCY,
    maxAttempts: env.DIGEST_MAX_ATTEMPTS,
    retryBaseMs: env.DIGEST_RETRY_BASE_MS,
    retryMaxMs: env.DIGEST_RETRY_MAX_MS,
    leaseMs: env.DIGEST_LEASE_MS,
    pollMs: env.DIGEST_POLL_MS,
    startupDelayMs: env.DIGEST_STARTUP_DELAY_MS,
    maxMessageBytes: env.DIGEST_MAX_MESSAGE_KB * 1024,
    ...(env.DIGEST_CRASH_AFTER_PARTS === undefined ? {} : { crashAfterParts: env.DIGEST_CRASH_AFTER_PARTS }),
  };
}

/**
 * The digest's environment, config/digest-settings.json and config/digest-texts.json, validated
 * at start: a problem stops the start with the file (or variable), the path and what is wrong.
 */
export function loadDigestSettings(configDir: string, envVars: NodeJS.ProcessEnv, nodeEnv: string, content: ReportingContent): DigestSettings {
  const parsed = DigestEnvSchema.safeParse(envVars);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `environment ${i.path.join('.')}: ${i.message}`).join('\n'));
  const env = parsed.data;
  const settingsPath = join(configDir, 'digest-settings.json');
  const file = loadJsonConfig(settingsPath, DigestFileSchema);
  const texts = loadJsonConfig(join(configDir, 'digest-texts.json'), DigestTextsSchema) as DigestTexts;
  const problems = [...envProblems(env, nodeEnv), ...crossCheck(file, content, settingsPath)];
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  const { ksConversations, areaWords, areaGroups, _note, ...contentSettings } = file;
  return {
    schedule: { cron: env.DIGEST_CRON.trim(), timezone: env.DIGEST_TIMEZONE },
    delivery: deliveryOf(env),
    content: contentSettings,
    ksConversations,
    areaWords,
    areaGroups,
    ...(env.PUBLIC_BASE_URL ? { publicBaseUrl: env.PUBLIC_BASE_URL.replace(/\/+$/, '') } : {}),
    texts,
  };
}
