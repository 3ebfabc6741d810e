import type { Locale } from '../i18n.js';
import type { CardIntent } from '../outbound.js';
import type { SharingLevel } from '../reporting/report.js';

/*
 * The weekly digest's records. A publication event gets a sequence number when a report version
 * becomes published or is withdrawn; each subscription has a watermark (the last sequence number
 * its digests covered); a digest covers the events in (watermark, slot sequence number].
 */

export interface SubscriptionFilters {
  /** Service area ids (reporting-template.md §4.2); empty = all. */
  serviceAreas: string[];
  /** Owning ministry ids (organisations.json); empty = all. */
  ministries: string[];
}

export interface Subscription {
  /** A fresh id per subscription: a conversation that unsubscribes and subscribes again starts a new chain. */
  _id: string;
  /** `platform:conversationId`, the key of the stored conversation reference. Unique. */
  conversationKey: string;
  platform: 'teams' | 'slack';
  conversationKind: 'personal' | 'groupChat' | 'channel';
  locale: Locale;
  filters: SubscriptionFilters;
  /** Marked as a KS channel by a coordinator (or listed in config): delivered first. */
  ks: boolean;
  /** The last publication sequence number covered by a composed digest. */
  watermark: number;
  /** Digests composed so far: the next outbox entry is number `digests + 1` of this subscription. */
  digests: number;
  /** Slot time of the last composed digest: the next digest's period starts here. */
  lastDigestAt?: Date;
  createdBy: { platform: 'teams' | 'slack'; userId: string; displayName: string };
  createdAt: Date;
  updatedAt: Date;
}

export type PublicationKind = 'published' | 'withdrawn';

/** A version whose publication or withdrawal has no event yet (from the reports collection). */
export interface PendingPublication {
  kind: PublicationKind;
  projectId: string;
  reportId: string;
  reportVersion: number;
  /** The ministry's final sharing level of the version (published events). */
  sharingLevel?: SharingLevel;
  /** approvedAt or withdrawnAt of the version. */
  eventAt: Date;
}

export interface PublicationEvent extends PendingPublication {
  /** The sequence number: gapless, in the order the events were recorded. */
  _id: number;
  recordedAt: Date;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

/** One message of a digest. Recorded as sent (with the platform's id) before the next is posted. */
export interface OutboxPart {
  card: CardIntent;
  /** Size as the platform counts it when composed. */
  bytes: number;
  state: 'pending' | 'sent';
  /** Set just before posting: a part with attemptedAt and no sentAt was interrupted mid-post. */
  attemptedAt?: Date;
  sentAt?: Date;
  activityId?: string;
  /** Posted again after an interrupted attempt whose outcome was unknown. */
  resent?: boolean;
}

export interface DeliveryAttempt {
  at: Date;
  part: number;
  outcome: 'sent' | 'retry' | 'failed' | 'cancelled';
  statusCode?: number;
  error?: string;
}

export interface DigestCounts {
  newProjects: number;
  changed: number;
  withdrawn: number;
}

/** One digest for one subscription and one slot (unique), with its delivery state. */
export interface OutboxEntry {
  /** `subscriptionId|slotKey` */
  _id: string;
  subscriptionId: string;
  conversationKey: string;
  platform: 'teams' | 'slack';
  /** 0 for KS channels (delivered first), 1 otherwise. */
  priority: number;
  /** The slot's time as ISO text, or `manual-<id>` for "send now". */
  slotKey: string;
  slotAt: Date;
  manual: boolean;
  /** Position in the subscription's chain of digests (unique per subscription). */
  chain: number;
  fromSeq: number;
  toSeq: number;
  locale: Locale;
  counts: DigestCounts;
  parts: OutboxPart[];
  status: OutboxStatus;
  /** Posts tried (successful or not). */
  attempts: number;
  /** Failures in a row of the current part (reset by a success). */
  failures: number;
  lastError?: string;
  lastStatusCode?: number;
  nextAttemptAt: Date;
  leaseOwner?: string;
  leaseUntil: Date;
  history: DeliveryAttempt[];
  createdAt: Date;
  updatedAt: Date;
  completedAt?: Date;
}

/** A scheduled slot, claimed once across instances. */
export interface SlotClaim {
  /** `job|slotISO` */
  _id: string;
  job: string;
  slotAt: Date;
  status: 'composing' | 'composed';
  owner: string;
  leaseUntil: Date;
  /** The publication sequence number the slot covers up to; fixed at the first claim. */
  slotSeq?: number;
  entries?: number;
  createdAt: Date;
  composedAt?: Date;
}
