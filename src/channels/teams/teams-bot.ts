import { ActivityHandler, CardFactory, TurnContext, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type InvokeResponse } from 'botbuilder';
import type { BotCore } from '../../core/conversation/bot-core.js';
import type { ActionEvent, Actor, ConversationInfo, MessageEvent } from '../../core/events.js';
import { toLocale, type Locale } from '../../core/i18n.js';
import type { OutboundIntent } from '../../core/outbound.js';
import type { InboundDedupe, ConversationRepository } from '../../core/ports.js';
import type { BotTexts } from '../../core/texts.js';
import type { Logger } from '../../logging/logger.js';
import type { AdaptiveCard, CardRenderer } from './card-renderer.js';
import type { MemberEmailLookup } from './teams-member-email.js';

const MAX_VERB_LENGTH = 64;
const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export interface TeamsBotDeps {
  core: BotCore;
  renderer: CardRenderer;
  dedupe: InboundDedupe;
  conversations: ConversationRepository;
  texts: BotTexts;
  logger: Logger;
  /**
   * The sender's e-mail from their member profile. Given only when the roles match users by
   * e-mail; without it no turn asks the connector for member profiles.
   */
  memberEmail?: MemberEmailLookup;
}

async function actorOf(context: TurnContext, memberEmail: MemberEmailLookup | undefined): Promise<Actor> {
  const a = context.activity;
  const tenantId = a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  const email = memberEmail ? await memberEmail(context) : undefined;
  return {
    platform: 'teams',
    userId: String(a.from?.aadObjectId || a.from?.id || 'unknown'),
    displayName: String(a.from?.name ?? ''),
    tenantId: tenantId ? String(tenantId) : undefined,
    ...(email ? { email } : {}),
  };
}

function isExecuteAction(value: unknown): boolean {
  const action = value && typeof value === 'object' ? (value as { action?: unknown }).action : undefined;
  return !!action && typeof action === 'object' && (action as { type?: unknown }).type === 'Action.Execute';
}

/** A channel thread ("19:…;messageid=…") belongs to its channel: everyone there shares its data. */
export function teamsConversationId(rawId: string | undefined): string {
  return String(rawId ?? '').split(';')[0] ?? '';
}

function conversationOf(context: TurnContext): ConversationInfo {
  const c = context.activity.conversation;
  const kind = c?.conversationType === 'channel' ? 'channel' : c?.conversationType === 'groupChat' || c?.isGroup ? 'groupChat' : 'personal';
  return { platform: 'teams', id: teamsConversationId(c?.id), kind };
}

/**
 * The Teams adapter: activity → InboundEvent → core → Adaptive Cards. Card actions are
 * Action.Execute invokes whose response carries the next card, which Teams shows in place.
 */
export class TeamsBot extends ActivityHandler {
  /** Conversations whose reference (with this locale) this process has stored already. */
  private readonly knownConversations = new Set<string>();

  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.rememberConversation(context);
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdate(async (context, next) => {
      await this.rememberConversation(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.rememberConversation(context);
      await next();
    });
  }

  /**
   * Stores the conversation reference for proactive messages (reminders, digests) on install and
   * first contact. Teams omits the locale on membersAdded, so a later message refreshes it.
   */
  private async rememberConversation(context: TurnContext): Promise<void> {
    const a = context.activity;
    const locale = toLocale(a.locale);
    const id = teamsConversationId(a.conversation?.id);
    const memo = `${id}|${a.locale ? locale : '-'}`;
    if (!id || this.knownConversations.has(memo)) return;
    const reference = TurnContext.getConversationReference(a);
    reference.conversation = { ...reference.conversation!, id };
    try {
      const existing = a.locale ? undefined : await this.deps.conversations.find(`teams:${id}`);
      await this.deps.conversations.upsert({ _id: `teams:${id}`, platform: 'teams', locale: existing?.locale ?? locale, reference: reference as Record<string, unknown> });
      this.knownConversations.add(memo);
    } catch (err) {
      this.deps.logger.warn('could not store conversation reference', { err: (err as Error).message });
    }
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const locale = toLocale(context.activity.locale);
    const key = `teams:message:${context.activity.conversation?.id}:${context.activity.id}`;
    try {
      if (context.activity.id && !(await this.deps.dedupe.firstSeen(key))) {
        this.deps.logger.info('duplicate delivery ignored', { activityId: context.activity.id });
        return;
      }
      const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
      const event: MessageEvent = { kind: 'message', text: String(text), actor: await actorOf(context, this.deps.memberEmail), conversation: conversationOf(context), locale };
      await this.send(context, await this.deps.core.handle(event));
    } catch (err) {
      this.deps.logger.error('message turn failed', { err, activityId: context.activity.id });
      await context.sendActivity(this.deps.texts.messages.tryAgain[locale]);
    }
  }

  /**
   * botbuilder answers a malformed card action (no value, not Action.Execute) itself, in English
   * and naming its internals; the user gets the same localized "unknown button" as for a bad verb.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action' && !isExecuteAction(context.activity.value)) {
      return { status: 400, body: this.errorResponse(400, this.deps.texts.messages.unknownAction[toLocale(context.activity.locale)]) };
    }
    return super.onInvokeActivity(context);
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const locale = toLocale(context.activity.locale);
    const verb = invokeValue.action?.verb;
    const data = invokeValue.action?.data;
    if (typeof verb !== 'string' || verb.length > MAX_VERB_LENGTH || !data || typeof data !== 'object' || Array.isArray(data)) {
      return this.errorResponse(400, this.deps.texts.messages.unknownAction[locale]);
    }
    try {
      const event: ActionEvent = { kind: 'action', verb, data: data as Record<string, unknown>, actor: await actorOf(context, this.deps.memberEmail), conversation: conversationOf(context), locale };
      const intents = await this.deps.core.handle(event);
      const [first, ...rest] = intents;
      if (rest.length > 0) await this.send(context, rest);
      if (!first) return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: '' as never };
      return { statusCode: 200, type: CARD_CONTENT_TYPE, value: this.toCard(first) as never };
    } catch (err) {
      this.deps.logger.error('card action failed', { err, verb });
      return this.errorResponse(500, this.deps.texts.messages.tryAgain[locale]);
    }
  }

  private errorResponse(status: number, message: string): AdaptiveCardInvokeResponse {
    return { statusCode: status, type: 'application/vnd.microsoft.error', value: { code: String(status), message } as never };
  }

  private toCard(intent: OutboundIntent): AdaptiveCard {
    if (intent.kind === 'card') return this.deps.renderer.render(intent);
    return this.deps.renderer.render({ kind: 'card', cardId: 'notice', data: { title: '', lines: [intent.text], actions: [] } });
  }

  private async send(context: TurnContext, intents: OutboundIntent[]): Promise<void> {
    for (const intent of intents) {
      if (intent.kind === 'text') await context.sendActivity(intent.text);
      else await context.sendActivity({ attachments: [CardFactory.adaptiveCard(this.deps.renderer.render(intent))] });
    }
  }
}

export type { Locale };
