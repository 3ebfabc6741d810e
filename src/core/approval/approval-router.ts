import type { BotCore, HelpModel } from '../conversation/bot-core.js';
import { matchCommand } from '../conversation/commands.js';
import type { ActionEvent, InboundEvent } from '../events.js';
import type { CardIntent, OutboundIntent } from '../outbound.js';
import { awaitingApproval, coordinatorOverview } from './approval-chat.js';
import { APPROVAL_VERBS, type ApprovalDeps } from './approval-context.js';
import type { UserConversationIndex } from './approval-ports.js';
import { decide, openReview } from './review-actions.js';
import { withdraw } from './withdraw-actions.js';

function onAction(deps: ApprovalDeps, event: ActionEvent): Promise<OutboundIntent[]> | undefined {
  switch (event.verb) {
    case APPROVAL_VERBS.open:
      return openReview(deps, event);
    case APPROVAL_VERBS.approve:
      return decide(deps, event, 'GODKJENT');
    case APPROVAL_VERBS.return:
      return decide(deps, event, 'RETURNERT');
    case APPROVAL_VERBS.withdraw:
      return withdraw(deps, event, false);
    case APPROVAL_VERBS.withdrawConfirm:
      return withdraw(deps, event, true);
    case APPROVAL_VERBS.queue:
      return awaitingApproval(deps, event);
    default:
      return undefined;
  }
}

function onMessage(deps: ApprovalDeps, event: InboundEvent & { kind: 'message' }): Promise<OutboundIntent[]> | undefined {
  switch (matchCommand(event.text, deps.approvalTexts.commands)) {
    case 'awaitingApproval':
      return awaitingApproval(deps, event);
    case 'overview':
      return coordinatorOverview(deps, event);
    default:
      return undefined;
  }
}

/** Help lists the workflow's commands to those who hold the role. */
function withRoleHelp(deps: ApprovalDeps, event: InboundEvent, intents: OutboundIntent[]): OutboundIntent[] {
  const roles = deps.roles.rolesOf(event.actor);
  const m = deps.approvalTexts.messages;
  const extra = [
    ...(roles.reviewerFor.length > 0 ? [m.helpAwaiting[event.locale]] : []),
    ...(roles.coordinator || roles.admin ? [m.helpOverview[event.locale]] : []),
  ];
  if (extra.length === 0) return intents;
  return intents.map((i) => {
    if (i.kind !== 'card' || i.cardId !== 'help') return i;
    const help = (i as CardIntent<HelpModel>).data;
    return { ...i, data: { ...help, commands: [...help.commands, ...extra] } };
  });
}

/**
 * Remembers where each user talks to the bot in a personal chat (user → stored conversation
 * reference), so that reviewers and reporters can be notified proactively.
 */
function makeConversationMemory(index: UserConversationIndex) {
  const known = new Set<string>();
  return async (event: InboundEvent): Promise<void> => {
    if (event.conversation.kind !== 'personal') return;
    const userKey = `${event.actor.platform}:${event.actor.userId}`;
    const conversationKey = `${event.conversation.platform}:${event.conversation.id}`;
    const memo = `${userKey}|${conversationKey}|${event.locale}|${event.actor.email ?? ''}`;
    if (known.has(memo)) return;
    const email = event.actor.email?.toLowerCase();
    await index.remember({ _id: userKey, platform: event.actor.platform, userId: event.actor.userId, conversationKey, locale: event.locale, ...(email ? { email } : {}) });
    known.add(memo);
  };
}

/**
 * The approval workflow in front of the bot core: its commands ("til godkjenning", "oversikt")
 * and card verbs (approval.*) are answered here, everything else goes to the core unchanged.
 */
export function withApprovalWorkflow(inner: BotCore, deps: ApprovalDeps, index: UserConversationIndex): BotCore {
  const remember = makeConversationMemory(index);
  return {
    ...inner,
    async handle(event: InboundEvent): Promise<OutboundIntent[]> {
      await remember(event);
      const own = event.kind === 'message' ? onMessage(deps, event) : onAction(deps, event);
      if (own) return own;
      return withRoleHelp(deps, event, await inner.handle(event));
    },
  };
}
