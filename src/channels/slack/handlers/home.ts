import type { ActionEvent } from '../../../core/events.js';
import { pick } from '../../../core/i18n.js';
import { context, divider, esc, header, LIMITS, textLines, type Block } from '../blocks/kit.js';
import { renderMessage } from '../blocks/messages.js';
import type { SlackChannelDeps, Turn } from '../slack-turn.js';
import { isSlackId } from '../slack-inbound.js';

const MERGERS_SHOWN = 3;

function action(turn: Turn, verb: string, conversation: { id: string; kind: 'personal' | 'channel' }): ActionEvent {
  return { kind: 'action', verb, data: {}, actor: turn.actor, conversation: { platform: 'slack', ...conversation }, locale: turn.locale };
}

async function reportBlocks(deps: SlackChannelDeps, turn: Turn): Promise<Block[]> {
  const [first] = await deps.core.handle(action(turn, 'nav.myReports', { id: turn.conversation.id, kind: 'personal' }));
  if (!first || first.kind !== 'card') return [];
  return renderMessage(first).blocks.filter((b) => b.type !== 'header');
}

/** The progress of the mergers this user registered, each read through the core in its own channel. */
async function mergerBlocks(deps: SlackChannelDeps, turn: Turn): Promise<Block[]> {
  const m = deps.texts.messages;
  const mergers = await deps.home.mergersRegisteredBy(turn.userId, MERGERS_SHOWN);
  if (mergers.length === 0) return textLines([m.homeNoMergers[turn.locale]]);
  const out: Block[] = [];
  for (const merger of mergers) {
    const channel = merger.conversationKey.slice('slack:'.length);
    const [first] = await deps.core.handle(action(turn, 'merger.progress', { id: channel, kind: 'channel' }));
    if (!first || first.kind !== 'card') continue;
    out.push(...renderMessage(first).blocks.filter((b) => b.type !== 'actions'));
    if (isSlackId(channel)) out.push(...context([pick(m.homeMergerIn, turn.locale, { channel })]));
  }
  return out;
}

/** The App Home tab: the user's reports (with their buttons) and their mergers' progress. */
export async function buildHome(deps: SlackChannelDeps, turn: Turn): Promise<Record<string, unknown>> {
  const m = deps.texts.messages;
  const l = turn.locale;
  const blocks: Block[] = [
    header(m.homeTitle[l]),
    ...context([esc(pick(m.homeIntro, l, { command: deps.command }))]),
    divider(),
    header(m.homeReports[l]),
    ...(await reportBlocks(deps, turn)),
    divider(),
    header(m.homeMergers[l]),
    ...(await mergerBlocks(deps, turn)),
  ];
  const fitted = blocks.length > LIMITS.viewBlocks ? [...blocks.slice(0, LIMITS.viewBlocks - 1), ...context([esc(m.truncated[l])])] : blocks;
  return { type: 'home', blocks: fitted };
}

export async function publishHome(deps: SlackChannelDeps, turn: Turn): Promise<void> {
  await turn.client.views.publish({ user_id: turn.userId, view: (await buildHome(deps, turn)) as never });
}
