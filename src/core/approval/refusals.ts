import { pick, type Locale } from '../i18n.js';
import type { RefusalReason } from './approval-ports.js';
import type { ApprovalMessageKey } from './approval-texts.js';
import type { ModelContext } from './review-model.js';

const MESSAGE_FOR: Record<RefusalReason, ApprovalMessageKey> = {
  'not-found': 'refusedNotFound',
  'not-reviewer': 'refusedNotReviewer',
  'own-report': 'refusedOwnReport',
  stale: 'refusedStale',
  'wrong-state': 'refusedWrongState',
  superseded: 'refusedSuperseded',
  'unexpected-data': 'refusedUnexpectedData',
  'invalid-payload': 'refusedInvalid',
  'comment-required': 'refusedCommentRequired',
  'comment-too-long': 'refusedCommentTooLong',
  'invalid-sharing-level': 'refusedSharingLevel',
  'not-owner-or-coordinator': 'refusedWithdraw',
  'not-coordinator': 'notCoordinator',
  // Refused overview queries are answered by the web page itself; chat never shows this one.
  'invalid-query': 'refusedInvalid',
};

/** The message a user reads when an action is refused, in their language. */
export function refusalText(ctx: ModelContext, reason: RefusalReason, locale: Locale, params: Record<string, string | number> = {}): string {
  return pick(ctx.approvalTexts.messages[MESSAGE_FOR[reason]], locale, params);
}
