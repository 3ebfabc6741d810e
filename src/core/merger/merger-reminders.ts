import { pick } from '../i18n.js';
import { card } from '../outbound.js';
import type { Clock, ConversationRepository, ProactiveSender } from '../ports.js';
import type { MergerGuide } from './guide-types.js';
import { buildNext } from './merger-cards.js';
import type { MergerRepository, ReminderLog, TaskStateRepository } from './merger-ports.js';
import type { MergerTexts } from './merger-texts.js';
import type { Merger } from './merger-types.js';
import { addDays, daysUntil, toIsoDay } from './due-dates.js';
import { rankOpenTasks, type NextTaskItem } from './next-tasks.js';

export interface ReminderDeps {
  guide: MergerGuide;
  texts: MergerTexts;
  mergers: MergerRepository;
  taskStates: TaskStateRepository;
  conversations: ConversationRepository;
  log: ReminderLog;
  sender: ProactiveSender;
  clock: Clock;
  /** Tasks due within this many days are included (default 14). */
  windowDays: number;
  onError?: (mergerId: string, err: unknown) => void;
}

export interface ReminderRun {
  mergers: number;
  messages: number;
  tasks: number;
}

function dueSoonOrOverdue(items: NextTaskItem[], today: string, windowDays: number): NextTaskItem[] {
  const limit = addDays(today, windowDays);
  return items.filter((i) => i.why.overdueDays !== undefined || (i.due !== undefined && i.due <= limit));
}

/**
 * Sends each merger's conversation the tasks falling due within the window and the overdue ones,
 * once per task per day (a unique claim per merger, task and day), in the conversation's language.
 */
export async function sendMergerReminders(deps: ReminderDeps): Promise<ReminderRun> {
  const today = toIsoDay(deps.clock.now());
  const run: ReminderRun = { mergers: 0, messages: 0, tasks: 0 };
  for (const merger of await deps.mergers.listAll()) {
    run.mergers += 1;
    try {
      const sent = await remindOne(deps, merger, today);
      if (sent > 0) {
        run.messages += 1;
        run.tasks += sent;
      }
    } catch (err) {
      deps.onError?.(merger._id, err);
    }
  }
  return run;
}

/** The claim of a whole merger's run for a day: with several instances, one of them does it. */
export const WHOLE_MERGER_CLAIM = '*';

async function remindOne(deps: ReminderDeps, merger: Merger, today: string): Promise<number> {
  // Several instances run the job at the same moment (node-cron fires in each). Without this claim
  // they would split one merger's tasks between them and post two partial reminders.
  if (!(await deps.log.claim(merger._id, WHOLE_MERGER_CLAIM, today))) return 0;
  const states = new Map((await deps.taskStates.listForMerger(merger._id)).map((s) => [s.taskId, s]));
  const candidates = dueSoonOrOverdue(rankOpenTasks(deps.guide, merger, states, today), today, deps.windowDays);
  const claimed: NextTaskItem[] = [];
  for (const item of candidates) if (await deps.log.claim(merger._id, item.task.id, today)) claimed.push(item);
  if (claimed.length === 0) return 0;
  const locale = (await deps.conversations.find(merger.conversationKey))?.locale ?? merger.locale;
  const overdue = claimed.filter((i) => i.why.overdueDays !== undefined).length;
  const model = buildNext({ guide: deps.guide, texts: deps.texts }, merger, { items: claimed.slice(0, 10), total: claimed.length, overdue }, today, daysUntil(merger.mergerDate, today), locale, [], new Map());
  model.title = pick(deps.texts.messages.reminderTitle, locale, { name: merger.name });
  model.intro = pick(deps.texts.messages.reminderIntro, locale, { overdue, soon: claimed.length - overdue, days: deps.windowDays });
  await deps.sender.send(merger.conversationKey, [card('merger-next', model)]);
  return claimed.length;
}
