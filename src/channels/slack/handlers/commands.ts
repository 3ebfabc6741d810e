import type { App } from '@slack/bolt';
import { conversationKind, isSlackId, obj, plainMessageText, str } from '../slack-inbound.js';
import type { SlackChannelDeps, Turns } from '../slack-turn.js';
import { messageEvent, runTurn } from './events.js';

/**
 * The slash command (e.g. `/samhandling hva gjør vi nå?`): its text is a message to the core; an
 * empty command asks for help. A form answer opens a modal at once (the trigger is valid for 3 s).
 * Answers are posted into the command's channel; where the bot may not post (not a member), they
 * go to the command's response_url instead, visible to the user only.
 */
export function registerCommandHandlers(app: App, deps: SlackChannelDeps, turns: Turns): void {
  app.command(/.*/, async ({ ack, body, client, respond }) => {
    await ack();
    const b = obj(body);
    const userId = str(b['user_id']);
    const channel = str(b['channel_id']);
    if (!isSlackId(userId) || !isSlackId(channel)) return;
    const teamId = str(b['team_id']);
    const enterpriseId = str(b['enterprise_id']);
    const kind = str(b['channel_name']) === 'directmessage' ? 'personal' : conversationKind(channel);
    // Bolt builds `respond` from the payload's response_url; without one there is no other way back.
    const reply = str(b['response_url']) ? { channel, respond } : undefined;
    const turn = await turns.turnOf(client, { userId, ...(teamId ? { teamId } : {}), ...(enterpriseId ? { enterpriseId } : {}), fallbackName: str(b['user_name']) ?? '', conversation: { id: channel, kind }, ...(reply ? { reply } : {}) });
    const text = plainMessageText(str(b['text']) ?? '') || (deps.botTexts.commands.help[0] ?? 'hjelp');
    await runTurn(deps, turns, turn, { kind: 'trigger', triggerId: str(b['trigger_id']) ?? '', channel }, messageEvent(turn, text));
  });
}
