import type { PublishableSharingLevel } from '../overview/published-filter.js';
import type { DigestTexts } from './digest-texts.js';

/** What the digest shows and how much of it (config/digest-settings.json). */
export interface DigestContentSettings {
  /** Final sharing levels a digest may show; never wider than APEN and KS_OG_STAT. */
  sharingLevels: PublishableSharingLevel[];
  /** Fields whose change makes a project "Endret" (§8: "only again when a material field changes"). */
  materialFields: string[];
  projectsPerPage: number;
  /** Project cards per digest; the rest are counted and linked to the overview. */
  maxProjectsPerDigest: number;
  calendarMonths: number;
  calendarMaxLinesPerMonth: number;
  /** FRIST_INNEN_6_MND: a deadline within this many months. */
  soonMonths: number;
  /** Follow-up question "nye prosjekter": first shared within this many days. */
  newWithinDays: number;
  deliveryLogSize: number;
  answerMaxProjects: number;
}

export interface DigestDeliverySettings {
  /** Overall messages per second across all instances (Teams allows 50 per tenant). */
  ratePerSecond: number;
  /** Minimum spacing of two messages into one conversation. */
  conversationIntervalMs: number;
  concurrency: number;
  /** Failed attempts of one message before the entry is marked failed. */
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a claim on a slot or an outbox entry holds without being renewed. */
  leaseMs: number;
  pollMs: number;
  startupDelayMs: number;
  /** Budget of one message as the platform counts it (Teams: UTF-16 bytes of the activity). */
  maxMessageBytes: number;
  /** Test hook (NODE_ENV=test only): the process kills itself after recording this many parts. */
  crashAfterParts?: number;
}

export interface AreaGroup {
  words: string[];
  areas: string[];
}

export interface DigestSettings {
  schedule: { cron: string; timezone: string };
  delivery: DigestDeliverySettings;
  content: DigestContentSettings;
  /** Conversation keys (`teams:<id>`) of KS channels: delivered first. */
  ksConversations: string[];
  /** Service area id → words that name it in commands and questions. */
  areaWords: Record<string, string[]>;
  /** Phrases that name several areas ("helse og velferd" = HELSE_OMSORG ∪ VELFERD, §4.2). */
  areaGroups: AreaGroup[];
  publicBaseUrl?: string;
  texts: DigestTexts;
}
