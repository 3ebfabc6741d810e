import type { Localized } from '../i18n.js';

export const APPROVAL_COMMAND_KEYS = ['awaitingApproval', 'overview'] as const;
export type ApprovalCommandKey = (typeof APPROVAL_COMMAND_KEYS)[number];

export const APPROVAL_MESSAGE_KEYS = [
  'helpAwaiting', 'helpOverview',
  'queueTitle', 'queueIntro', 'queueEmpty', 'queueLine', 'notReviewer', 'notCoordinator',
  'overviewTitle', 'overviewIntro', 'overviewEmpty', 'overviewTotal', 'overviewLink', 'noMinistry',
  'reviewTitle', 'factVersion', 'factAgency', 'factMinistry', 'factReporter', 'factSubmitted', 'factState',
  'factProposal', 'changesTitle', 'noChanges', 'decisionLine', 'decisionSharing', 'decisionComment',
  'sharingLabel', 'commentLabel', 'commentPlaceholder', 'ownReportNote', 'readOnlyNote',
  'approved', 'returned', 'withdrawConfirmTitle', 'withdrawConfirmBody', 'withdrawn', 'returnedNotice', 'returnedLine',
  'refusedNotFound', 'refusedNotReviewer', 'refusedOwnReport', 'refusedStale', 'refusedWrongState', 'refusedSuperseded',
  'refusedUnexpectedData', 'refusedInvalid', 'refusedCommentRequired', 'refusedCommentTooLong', 'refusedSharingLevel',
  'refusedWithdraw',
  'notifySubmittedTitle', 'notifyReturnedTitle', 'notifyReturnedBody', 'notifyReturnedHint', 'notifyApprovedTitle',
  'notifyApprovedBody', 'notifyCoordinatorTitle', 'notifyCoordinatorBody', 'notifyWithdrawnTitle', 'notifyWithdrawnBody',
] as const;
export type ApprovalMessageKey = (typeof APPROVAL_MESSAGE_KEYS)[number];

export const APPROVAL_BUTTON_KEYS = [
  'approve', 'return', 'open', 'withdraw', 'withdrawConfirm', 'cancel', 'fixAndResubmit', 'overviewWeb', 'awaitingApproval',
] as const;
export type ApprovalButtonKey = (typeof APPROVAL_BUTTON_KEYS)[number];

/** The approval workflow's texts (config/approval-texts.json), validated at start: every key in nb and en. */
export interface ApprovalTexts {
  commands: Record<ApprovalCommandKey, string[]>;
  messages: Record<ApprovalMessageKey, Localized>;
  buttons: Record<ApprovalButtonKey, Localized>;
}
