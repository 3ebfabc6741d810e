import type { App } from '@slack/bolt';
import type { ActionEvent } from '../../../core/events.js';
import type { NextModel, TaskCardItem } from '../../../core/merger/merger-cards.js';
import type { OutboundIntent } from '../../../core/outbound.js';
import type { ReviewCardModel } from '../../../core/approval/review-model.js';
import type { SlackViewRecord } from '../../../data/slack-view-repository.js';
import { verbOfActionId } from '../blocks/kit.js';
import { SLACK_VERBS } from '../blocks/messages.js';
import { decisionModal, detailsModal, reasonModal, renderModal, type RenderedModal } from '../blocks/modals.js';
import { buttonData, conversationKind, isSlackId, obj, str } from '../slack-inbound.js';
import type { SlackChannelDeps, Surface, Turn, Turns, WebClient } from '../slack-turn.js';
import { readValues } from '../slack-values.js';

const MAX_VERB_LENGTH = 64;
/** Buttons whose data the modal's stored record completes (control data never comes from the button). */
const MODAL_INPUT_VERBS = new Set(['report.back', 'report.next']);

interface Click {
  verb: string;
  data: Record<string, unknown>;
  triggerId: string;
  body: Record<string, unknown>;
}

function readClick(body: Record<string, unknown>): Click | undefined {
  const [action] = Array.isArray(body['actions']) ? (body['actions'] as unknown[]) : [];
  const a = obj(action);
  const verb = verbOfActionId(str(a['action_id']) ?? '');
  const data = a['value'] === undefined ? {} : buttonData(a['value']);
  const triggerId = str(body['trigger_id']) ?? '';
  if (!verb || verb.length > MAX_VERB_LENGTH || !data) return undefined;
  return { verb, data, triggerId, body };
}

/**
 * The ts of the clicked message, if the bot can update it: not for an ephemeral message (a slash
 * command's answer through its response_url), which chat.update cannot reach.
 */
function updatableMessageTs(body: Record<string, unknown>): string | undefined {
  if (obj(body['container'])['is_ephemeral'] === true) return undefined;
  return str(obj(body['message'])['ts']);
}

function firstCard<T>(intents: OutboundIntent[], cardId: string): T | undefined {
  const [first] = intents;
  return first?.kind === 'card' && first.cardId === cardId ? (first.data as T) : undefined;
}

export function registerActionHandlers(app: App, deps: SlackChannelDeps, turns: Turns): void {
  const event = (turn: Turn, verb: string, data: Record<string, unknown>): ActionEvent => ({
    kind: 'action',
    verb,
    data,
    actor: turn.actor,
    conversation: { platform: 'slack', id: turn.conversation.id, kind: turn.conversation.kind },
    locale: turn.locale,
  });

  async function dmChannel(client: WebClient, userId: string): Promise<string> {
    const res = await client.conversations.open({ users: userId });
    return str(res.channel?.id) ?? '';
  }

  /** Where the click happened: a message (its channel), a modal (its record's conversation) or the App Home (the user's DM). */
  async function turnFor(client: WebClient, click: Click, record: SlackViewRecord | null): Promise<Turn> {
    const body = click.body;
    const user = obj(body['user']);
    const userId = str(user['id']) ?? '';
    const teamId = str(obj(body['team'])['id']);
    const enterpriseId = str(obj(body['enterprise'])['id']);
    const channel = str(obj(body['channel'])['id']) ?? str(obj(body['container'])['channel_id']);
    const homeView = obj(body['view'])['type'] === 'home';
    const conversation = record?.conversation ?? (channel && isSlackId(channel) ? { id: channel, kind: conversationKind(channel) } : homeView ? { id: await dmChannel(client, userId), kind: 'personal' as const } : { id: '', kind: 'personal' as const });
    return turns.turnOf(client, { userId, ...(teamId ? { teamId } : {}), ...(enterpriseId ? { enterpriseId } : {}), fallbackName: str(user['name']) ?? '', conversation });
  }

  function surfaceOf(click: Click, turn: Turn, record: SlackViewRecord | null): Surface {
    const view = obj(click.body['view']);
    const viewId = str(view['id']);
    if (view['type'] === 'modal' && viewId && record) return { kind: 'modal', viewId, ...(str(view['hash']) ? { hash: str(view['hash']) } : {}), record };
    const ts = updatableMessageTs(click.body);
    const channel = turn.conversation.id;
    return { kind: 'trigger', triggerId: click.triggerId, ...(ts && channel ? { message: { channel, ts } } : {}) };
  }

  async function nextItem(turn: Turn, taskId: unknown): Promise<{ model: NextModel; item: TaskCardItem } | OutboundIntent[]> {
    const intents = await deps.core.handle(event(turn, 'merger.next', {}));
    const model = firstCard<NextModel>(intents, 'merger-next');
    const item = model?.items.find((i) => i.taskId === taskId);
    return model && item ? { model, item } : intents;
  }

  async function openOrShow(turn: Turn, click: Click, modal: RenderedModal | undefined, fallback: OutboundIntent[] | RenderedModal): Promise<void> {
    const ts = updatableMessageTs(click.body);
    const message = ts && turn.conversation.id ? { channel: turn.conversation.id, ts } : undefined;
    if (modal) return turns.openModal(turn, click.triggerId, modal, message);
    if (Array.isArray(fallback)) return turns.deliver(turn, { kind: 'trigger', triggerId: click.triggerId }, fallback);
    return turns.openModal(turn, click.triggerId, fallback);
  }

  /** Buttons the Slack adapter answers by opening a modal (Teams shows these inline in the card). */
  async function onSlackVerb(turn: Turn, click: Click): Promise<void> {
    const ctx = turns.modalContext(turn);
    switch (click.verb) {
      case SLACK_VERBS.openForm: {
        const record = await deps.views.find(String(click.data['f'] ?? ''));
        if (!record?.intent) return turns.openModal(turn, click.triggerId, turns.noticeModal(turn, 'formExpired'));
        if (record.userId !== turn.userId) return turns.openModal(turn, click.triggerId, turns.noticeModal(turn, 'notYourForm'));
        const modal = renderModal(ctx, { kind: 'card', cardId: record.intent.cardId as never, data: record.intent.data });
        return openOrShow(turn, click, modal, turns.noticeModal(turn, 'formExpired'));
      }
      case SLACK_VERBS.decide: {
        const verb = click.data['_verb'] === 'approval.return' ? 'approval.return' : 'approval.approve';
        const intents = await deps.core.handle(event(turn, 'approval.open', { _report: click.data['_report'] }));
        const review = firstCard<ReviewCardModel>(intents, 'review-card');
        return openOrShow(turn, click, review?.canDecide ? decisionModal(ctx, review, verb) : undefined, intents);
      }
      case SLACK_VERBS.reason:
      case SLACK_VERBS.details: {
        const found = await nextItem(turn, click.data['_task']);
        if (Array.isArray(found)) return openOrShow(turn, click, undefined, turns.noticeModal(turn, 'taskGone'));
        const modal = click.verb === SLACK_VERBS.reason ? reasonModal(ctx, found.model.mergerId, found.item, found.model.buttons.confirm) : detailsModal(ctx, found.item);
        return openOrShow(turn, click, modal, []);
      }
      default:
        return undefined;
    }
  }

  /** A button inside a modal: the control data come from the stored record, typed values from the view. */
  function modalData(click: Click, record: SlackViewRecord, turn: Turn): Record<string, unknown> | string {
    if (click.verb === 'report.edit') return { ...record.data, _goto: click.data['_goto'] };
    if (!MODAL_INPUT_VERBS.has(click.verb)) return click.data;
    const read = readValues(obj(click.body['view'])['state'], record.inputs, deps.texts, turn.locale);
    return read.ok ? { ...record.data, ...read.values } : read.message;
  }

  async function onClick(client: WebClient, click: Click): Promise<void> {
    const view = obj(click.body['view']);
    const record = view['type'] === 'modal' ? await deps.views.find(str(view['id']) ?? '') : null;
    const turn = await turnFor(client, click, record);
    if (view['type'] === 'modal' && !record) return turns.updateModal(turn, String(view['id']), undefined, turns.noticeModal(turn, 'formExpired'));
    if (record && record.userId !== turn.userId) return turns.updateModal(turn, String(view['id']), undefined, turns.noticeModal(turn, 'notYourForm'));
    if (Object.values(SLACK_VERBS).includes(click.verb as never)) return onSlackVerb(turn, click);
    const data = record ? modalData(click, record, turn) : click.data;
    const surface = surfaceOf(click, turn, record);
    if (typeof data === 'string') return turns.deliver(turn, surface, [{ kind: 'text', text: data }]);
    await turns.deliver(turn, surface, await deps.core.handle(event(turn, click.verb, data)));
  }

  app.action(/.*/, async ({ ack, body, client }) => {
    await ack();
    const click = readClick(body as unknown as Record<string, unknown>);
    if (!click || click.verb === 'overview.link') return;
    try {
      await onClick(client, click);
    } catch (err) {
      deps.logger.error('slack action failed', { err: (err as Error).message, verb: click.verb });
    }
  });
}
