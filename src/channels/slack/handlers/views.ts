import { createHash } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { ReviewCardModel } from '../../../core/approval/review-model.js';
import type { ActionEvent } from '../../../core/events.js';
import type { OutboundIntent } from '../../../core/outbound.js';
import type { SlackViewRecord } from '../../../data/slack-view-repository.js';
import { textLines } from '../blocks/kit.js';
import { isFormCard, messageModal, renderModal, reviewErrors, workingModal, type RenderedModal } from '../blocks/modals.js';
import { obj, str } from '../slack-inbound.js';
import type { SlackChannelDeps, Turn, Turns, WebClient } from '../slack-turn.js';
import { readValues } from '../slack-values.js';

/** The core gets this long before the modal is answered with a "saving" view and updated later (Slack's limit: 3 s). */
const CORE_DEADLINE_MS = 2_000;
const DUPLICATE_WAIT_MS = 1_000;
/**
 * A submission not answered by then (MongoDB unreachable: the driver waits up to 5 s to select a
 * server) is answered "try again" beside its first input, so the modal stays open with the user's
 * answers. It must come before the receiver's own 2.8 s answer, an empty 200, which would close the
 * modal without a word.
 */
const SUBMIT_DEADLINE_MS = 2_400;
/** The core is not started later than this, and answers with a "saving" modal by then, so the two deadlines never cross. */
const CORE_LAST_START_MS = SUBMIT_DEADLINE_MS - 300;
/** Claims of submissions whose work failed in this process, remembered so that a repeat can run (bounded). */
const MAX_ABANDONED_CLAIMS = 10_000;

type ViewResponse = Record<string, unknown>;

interface Submission {
  viewId: string;
  key: string;
  state: unknown;
  userId: string;
  teamId?: string;
  enterpriseId?: string;
  userName: string;
  /** The submitted view as Slack sent it: the form shown again, with a notice, when late work fails. */
  view: Record<string, unknown>;
  /** When it arrived (ms): the core's own deadline is what is left of the submission's. */
  receivedAt: number;
}

function readSubmission(body: Record<string, unknown>): Submission | undefined {
  const view = obj(body['view']);
  const viewId = str(view['id']);
  const user = obj(body['user']);
  const userId = str(user['id']);
  if (!viewId || !userId) return undefined;
  const key = createHash('sha256').update(`${str(view['hash']) ?? ''}\n${JSON.stringify(obj(view['state'])['values'] ?? {})}`).digest('hex').slice(0, 32);
  const teamId = str(obj(body['team'])['id']) ?? str(user['team_id']);
  const enterpriseId = str(obj(body['enterprise'])['id']);
  return { viewId, key, state: view['state'], userId, userName: str(user['name']) ?? '', view, receivedAt: Date.now(), ...(teamId ? { teamId } : {}), ...(enterpriseId ? { enterpriseId } : {}) };
}

const update = (modal: RenderedModal): ViewResponse => ({ response_action: 'update', view: modal.view });
const errors = (errs: Record<string, string>): ViewResponse => ({ response_action: 'errors', errors: errs });

/** The submitted form again with `notice` above it (same block ids, so Slack keeps what was typed), for a `views.update`. */
function formWithNotice(view: Record<string, unknown>, notice: string): Record<string, unknown> {
  const blocks = (Array.isArray(view['blocks']) ? (view['blocks'] as Record<string, unknown>[]) : []).filter((b) => b['block_id'] !== NOTICE_BLOCK_ID);
  const keep = ['type', 'callback_id', 'title', 'submit', 'close', 'private_metadata', 'clear_on_close', 'notify_on_close'];
  const out: Record<string, unknown> = {};
  for (const k of keep) if (view[k] !== undefined) out[k] = view[k];
  out['blocks'] = [{ type: 'section', block_id: NOTICE_BLOCK_ID, text: { type: 'mrkdwn', text: `:warning: ${notice}` } }, ...blocks].slice(0, 100);
  return out;
}
const NOTICE_BLOCK_ID = 'samhandling.notice';

/** The first input block of a view as Slack sent it (where a `response_action: errors` can be shown). */
function firstInputOf(view: Record<string, unknown>): string | undefined {
  const blocks = Array.isArray(view['blocks']) ? (view['blocks'] as Record<string, unknown>[]) : [];
  return blocks.map((b) => (b['type'] === 'input' ? str(b['block_id']) : undefined)).find((id) => id !== undefined);
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<{ done: true; value: T } | { done: false }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ done: false }>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  return Promise.race([work.then((value) => ({ done: true as const, value })), late]).finally(() => clearTimeout(timer));
}

export function registerViewHandlers(app: App, deps: SlackChannelDeps, turns: Turns): void {
  /**
   * A submission whose work failed after its claim (`dedupe.firstSeen`) was taken, e.g. MongoDB went
   * away in the middle: without this, the user's repeat of the same answers would be refused as
   * "already received" for as long as the claim is kept. In memory: a repeat reaching another
   * instance is still refused until the user changes an answer.
   */
  const abandoned = new Set<string>();
  const abandon = (claim: string) => {
    abandoned.add(claim);
    if (abandoned.size > MAX_ABANDONED_CLAIMS) abandoned.delete(abandoned.values().next().value as string);
  };

  /** A refusal: beside the first input when the modal has one, else in place of the modal. */
  function refusal(turn: Turn, record: SlackViewRecord | null, message: string, blockId?: string): ViewResponse {
    const target = blockId ?? record?.inputs[0];
    if (target) return errors({ [target]: message });
    return update(turns.modalOf(turn, { kind: 'text', text: message }));
  }

  /** Result cards that are forms stay in the modal: the same step with errors as `errors`, the next one as `update`. */
  async function formResponse(turn: Turn, sub: Submission, record: SlackViewRecord, intent: OutboundIntent & { kind: 'card' }): Promise<ViewResponse> {
    const modal = renderModal(turns.modalContext(turn), intent) as RenderedModal;
    await turns.rememberModal(turn, sub.viewId, modal, record.message);
    if (modal.errors && modal.step === record.step) return errors(modal.errors);
    return update(modal);
  }

  /** Merger and approval modals close; their result goes to the clicked message or the conversation. */
  async function closeAndPost(turn: Turn, record: SlackViewRecord, intents: OutboundIntent[]): Promise<ViewResponse> {
    const [first, ...rest] = intents;
    const work = record.message && first
      ? deps.poster.update(turn.client, record.message.channel, record.message.ts, first, turn.locale, turns.owner(turn)).then(() => turns.postTo(turn, record.message?.channel, rest))
      : turns.postTo(turn, undefined, intents);
    work.catch((err: unknown) => deps.logger.error('slack: posting a modal result failed', { err: (err as Error).message }));
    return { response_action: 'clear' };
  }

  async function responseFor(turn: Turn, sub: Submission, record: SlackViewRecord, intents: OutboundIntent[]): Promise<ViewResponse> {
    const [first, ...rest] = intents;
    if (!first) return { response_action: 'clear' };
    const review = first.kind === 'card' && first.cardId === 'review-card' ? reviewErrors(first.data as ReviewCardModel) : undefined;
    if (review && record.verb.startsWith('approval.')) return errors(review);
    let response: ViewResponse;
    if (first.kind === 'card' && isFormCard(first)) response = await formResponse(turn, sub, record, first);
    else if (record.verb.startsWith('report.') || !turn.conversation.id) {
      const modal = turns.modalOf(turn, first);
      await turns.rememberModal(turn, sub.viewId, modal);
      response = update(modal);
    } else return closeAndPost(turn, record, intents);
    await turns.postTo(turn, record.message?.channel, rest);
    return response;
  }

  async function run(turn: Turn, sub: Submission, record: SlackViewRecord, values: Record<string, string>): Promise<ViewResponse | 'late'> {
    const event: ActionEvent = {
      kind: 'action',
      verb: record.verb,
      data: { ...record.data, ...values },
      actor: turn.actor,
      conversation: { platform: 'slack', id: turn.conversation.id, kind: turn.conversation.kind },
      locale: turn.locale,
    };
    const work = deps.core.handle(event).then((intents) => responseFor(turn, sub, record, intents));
    const left = Math.max(0, Math.min(CORE_DEADLINE_MS, CORE_LAST_START_MS + 100 - (Date.now() - sub.receivedAt)));
    const outcome = await withDeadline(work, left);
    if (outcome.done) return outcome.value;
    void work
      .then(
        (response) => lateUpdate(turn, sub, response),
        async (err: unknown) => {
          deps.logger.error('slack: late view submission failed', { err: (err as Error).message });
          // The "saving" modal must not stay: the form comes back with "try again" above it.
          await turn.client.views.update({ view_id: sub.viewId, view: formWithNotice(sub.view, deps.botTexts.messages.tryAgain[turn.locale]) as never });
        },
      )
      .catch((err: unknown) => deps.logger.error('slack: late view update failed', { err: (err as Error).message }));
    return 'late';
  }

  /** The core took longer than the deadline: the "saving" modal is replaced by the answer now. */
  async function lateUpdate(turn: Turn, sub: Submission, response: ViewResponse): Promise<void> {
    const problems = Object.values(obj(response['errors'])).map(String).join('\n');
    const view = response['view'] ?? turns.modalOf(turn, { kind: 'text', text: problems || '✓' }).view;
    await turn.client.views.update({ view_id: sub.viewId, view: view as never });
  }

  async function waitForReplay(sub: Submission): Promise<ViewResponse | undefined> {
    const until = Date.now() + DUPLICATE_WAIT_MS;
    while (Date.now() < until) {
      const record = await deps.views.find(sub.viewId);
      if (record?.last?.key === sub.key) return record.last.response as ViewResponse;
      await new Promise((r) => setTimeout(r, 50));
    }
    return undefined;
  }

  async function submit(client: WebClient, sub: Submission): Promise<ViewResponse> {
    const record = await deps.views.find(sub.viewId);
    const conversation = record?.conversation ?? { id: '', kind: 'personal' as const };
    const turn = await turns.turnOf(client, { userId: sub.userId, ...(sub.teamId ? { teamId: sub.teamId } : {}), ...(sub.enterpriseId ? { enterpriseId: sub.enterpriseId } : {}), fallbackName: sub.userName, conversation });
    const m = deps.texts.messages;
    if (!record || !record.verb) return refusal(turn, record, m.formExpired[turn.locale]);
    if (record.userId !== sub.userId) return refusal(turn, record, m.notYourForm[turn.locale]);
    if (record.last?.key === sub.key) return record.last.response as ViewResponse;
    const read = readValues(sub.state, record.inputs, deps.texts, turn.locale);
    if (!read.ok) return refusal(turn, record, read.message, read.blockId);
    const claim = `slack:view:${sub.viewId}:${sub.key}`;
    if (!(await deps.dedupe.firstSeen(claim)) && !abandoned.delete(claim)) return (await waitForReplay(sub)) ?? refusal(turn, record, m.alreadyReceived[turn.locale]);
    try {
      // Past this the request is (about to be) answered "try again": the core must not apply it unseen.
      if (Date.now() - sub.receivedAt > CORE_LAST_START_MS) throw new Error('view submission past its deadline before the core started');
      const response = await run(turn, sub, record, read.values);
      if (response === 'late') return update(workingModal(turns.modalContext(turn)));
      await deps.views.setLast(sub.viewId, sub.key, response);
      return response;
    } catch (err) {
      abandon(claim);
      throw err;
    }
  }

  /** "Try again" in the user's language (their profile comes from Slack, cached; never from MongoDB), beside the first input. */
  async function tryAgain(client: WebClient, sub: Submission): Promise<ViewResponse> {
    const locale = await deps.users.get(client, sub.userId, sub.userName).then(
      (info) => info.locale,
      (err: unknown) => {
        deps.logger.warn('slack: no locale for the try-again answer', { err: (err as Error).message });
        return 'nb' as const;
      },
    );
    const text = deps.botTexts.messages.tryAgain[locale];
    const input = firstInputOf(sub.view);
    if (input) return errors({ [input]: text });
    return update(messageModal({ texts: deps.texts, botTexts: deps.botTexts, locale }, { text: '', blocks: textLines([text]) }));
  }

  app.view(/.*/, async ({ ack, body, client }) => {
    const sub = readSubmission(body as unknown as Record<string, unknown>);
    if (!sub) return ack();
    // Whatever comes first answers the request: the submission's own answer, or "try again" at the
    // deadline (the work goes on; if it completes, its answer is stored and a repeat gets it).
    const work = submit(client, sub);
    const outcome = await withDeadline(work, SUBMIT_DEADLINE_MS).catch((err: unknown) => ({ done: false as const, err }));
    if (outcome.done) return ack(outcome.value as never);
    if ('err' in outcome) deps.logger.error('slack view submission failed', { err: (outcome.err as Error).message });
    else {
      deps.logger.warn('slack view submission not answered in time; the user is asked to try again');
      work.catch((err: unknown) => deps.logger.error('slack view submission failed after its deadline', { err: (err as Error).message }));
    }
    await ack((await tryAgain(client, sub)) as never);
  });
}
