/**
 * Status changes of a merger's task as pure transitions: the caller stores the returned change
 * (and keeps the history), or shows the error. Nothing invalid comes out of here.
 */
import { format, type Localized } from '../i18n.js';
import { charCount, sanitizeText } from '../text/sanitize.js';
import { addDays, parseDay, toIsoDay } from './due-dates.js';
import { allTasks } from './guide-lookup.js';
import type { GuideTask, MergerGuide } from './guide-types.js';
import type { MergerEngineKey, MergerEngineTexts } from './merger-texts.js';
import type { Merger, TaskState, TaskStates, TaskStatusChange } from './merger-types.js';
import { openDependencies, type BlockingDependency } from './next-tasks.js';

export const MAX_REASON_LENGTH = 300;
export const DEFAULT_LATER_DAYS = 7;

/** A change as requested for one merger. */
export interface StatusChangeRequest extends TaskStatusChange {
  mergerId: string;
}

export type StatusChangeErrorCode =
  | 'wrong_merger'
  | 'wrong_task'
  | 'reason_required'
  | 'reason_too_long'
  | 'later_date_invalid'
  | 'later_date_past'
  | 'unknown_alternative';

export type StatusChangeResult =
  | {
      ok: true;
      /** The state after the change, history included. */
      state: TaskState;
      /** The change as it is to be stored (trimmed reason, resolved later date). */
      change: TaskStatusChange;
      /** True unless the change repeats the current status with the same details. */
      changed: boolean;
      warnings: Localized[];
    }
  | { ok: false; code: StatusChangeErrorCode; error: Localized };

const MESSAGE_KEYS = {
  wrong_merger: 'statusWrongMerger',
  wrong_task: 'statusWrongTask',
  reason_required: 'statusReasonRequired',
  reason_too_long: 'statusReasonTooLong',
  later_date_invalid: 'statusLaterDateInvalid',
  later_date_past: 'statusLaterDatePast',
  unknown_alternative: 'statusUnknownAlternative',
  openDependencies: 'statusOpenDependencies',
} as const satisfies Record<string, MergerEngineKey>;

type MessageKey = keyof typeof MESSAGE_KEYS;

function message(
  texts: MergerEngineTexts,
  key: MessageKey,
  params: { nb?: Record<string, string | number>; en?: Record<string, string | number> } = {},
): Localized {
  const text = texts[MESSAGE_KEYS[key]];
  return { nb: format(text.nb, params.nb), en: format(text.en, params.en) };
}

const fail = (code: StatusChangeErrorCode, error: Localized): StatusChangeResult => ({ ok: false, code, error });

const both = (params: Record<string, string | number>) => ({ nb: params, en: params });

/** The "done, but dependencies are open" warning, listing the open tasks by title. */
export function openDependenciesWarning(open: readonly BlockingDependency[], texts: MergerEngineTexts): Localized {
  return message(texts, 'openDependencies', {
    nb: { list: open.map((d) => d.title.nb).join('; ') },
    en: { list: open.map((d) => d.title.en).join('; ') },
  });
}

type Checked<T> = { ok: true; value: T } | { ok: false; result: StatusChangeResult };

function checkReason(change: TaskStatusChange, texts: MergerEngineTexts): Checked<string | undefined> {
  const reason = change.reason === undefined ? '' : sanitizeText(change.reason).text;
  if (reason === '' && change.status === 'not_relevant') return { ok: false, result: fail('reason_required', message(texts, 'reason_required')) };
  const count = charCount(reason);
  if (count > MAX_REASON_LENGTH) {
    return { ok: false, result: fail('reason_too_long', message(texts, 'reason_too_long', both({ count, max: MAX_REASON_LENGTH }))) };
  }
  return { ok: true, value: reason === '' ? undefined : reason };
}

function checkLaterUntil(change: TaskStatusChange, texts: MergerEngineTexts): Checked<string | undefined> {
  if (change.status !== 'later') return { ok: true, value: undefined };
  const today = toIsoDay(change.at);
  const raw = change.laterUntil?.trim() ?? '';
  if (raw === '') return { ok: true, value: addDays(today, DEFAULT_LATER_DAYS) };
  const day = parseDay(raw);
  if (!day) return { ok: false, result: fail('later_date_invalid', message(texts, 'later_date_invalid', both({ raw: [...raw].slice(0, 40).join('') }))) };
  if (day < today) return { ok: false, result: fail('later_date_past', message(texts, 'later_date_past', both({ today }))) };
  return { ok: true, value: day };
}

function checkAlternative(change: TaskStatusChange, task: GuideTask, texts: MergerEngineTexts): Checked<string | undefined> {
  const raw = change.alternative?.trim() ?? '';
  if (change.status !== 'done' || raw === '') return { ok: true, value: undefined };
  const alternatives = task.alternatives ?? [];
  if (alternatives.some((a) => a.id === raw)) return { ok: true, value: raw };
  const error = message(texts, 'unknown_alternative', {
    nb: { raw: [...raw].slice(0, 40).join(''), choices: alternatives.map((a) => a.label.nb).join(', ') || '–' },
    en: { raw: [...raw].slice(0, 40).join(''), choices: alternatives.map((a) => a.label.en).join(', ') || '–' },
  });
  return { ok: false, result: fail('unknown_alternative', error) };
}

function sameAsCurrent(state: TaskState | undefined, change: TaskStatusChange): boolean {
  const current = state ?? { status: 'open' as const };
  return (
    current.status === change.status &&
    (state?.reason ?? undefined) === change.reason &&
    (state?.alternative ?? undefined) === change.alternative &&
    (state?.laterUntil ?? undefined) === change.laterUntil
  );
}

function nextState(state: TaskState | undefined, request: StatusChangeRequest, taskId: string, change: TaskStatusChange): TaskState {
  const entry = { status: change.status, by: change.by, at: change.at, ...(change.reason ? { reason: change.reason } : {}) };
  return {
    mergerId: request.mergerId,
    taskId,
    status: change.status,
    ...(change.reason !== undefined ? { reason: change.reason } : {}),
    ...(change.alternative !== undefined ? { alternative: change.alternative } : {}),
    ...(change.laterUntil !== undefined ? { laterUntil: change.laterUntil } : {}),
    history: [...(state?.history ?? []), entry],
  };
}

/**
 * Applies a status change to a task's state (undefined = never changed, i.e. open).
 * - done: allowed with open dependencies, with a warning naming them; an alternative, when
 *   given, must be one of the task's alternatives;
 * - not_relevant: needs a reason of at most 300 characters;
 * - later: needs a day on or after today (the day of `change.at`); none given = 7 days ahead;
 * - a state of another merger or another task is refused.
 * `texts` are the engine's texts (config/merger-texts.json, `engine`); `merger` (its condition answers) lets dependencies ruled out by the conditions count as finished.
 */
export function applyStatusChange(
  state: TaskState | undefined,
  request: StatusChangeRequest,
  task: GuideTask,
  guide: MergerGuide,
  states: TaskStates,
  texts: MergerEngineTexts,
  merger: Pick<Merger, 'conditions'> = { conditions: {} },
): StatusChangeResult {
  if (state && state.mergerId !== request.mergerId) return fail('wrong_merger', message(texts, 'wrong_merger'));
  if (state && state.taskId !== task.id) return fail('wrong_task', message(texts, 'wrong_task'));
  const reason = checkReason(request, texts);
  if (!reason.ok) return reason.result;
  const laterUntil = checkLaterUntil(request, texts);
  if (!laterUntil.ok) return laterUntil.result;
  const alternative = checkAlternative(request, task, texts);
  if (!alternative.ok) return alternative.result;

  const change: TaskStatusChange = {
    status: request.status,
    by: request.by,
    at: request.at,
    ...(reason.value !== undefined ? { reason: reason.value } : {}),
    ...(alternative.value !== undefined ? { alternative: alternative.value } : {}),
    ...(laterUntil.value !== undefined ? { laterUntil: laterUntil.value } : {}),
  };
  const warnings: Localized[] = [];
  if (change.status === 'done') {
    const byId = new Map(allTasks(guide).map((t) => [t.task.id, t]));
    const open = openDependencies(task, byId, merger, states);
    if (open.length > 0) warnings.push(openDependenciesWarning(open, texts));
  }
  const changed = !sameAsCurrent(state, change);
  const unchanged = state ?? { mergerId: request.mergerId, taskId: task.id, status: 'open' as const, history: [] };
  return { ok: true, state: changed ? nextState(state, request, task.id, change) : unchanged, change, changed, warnings };
}
