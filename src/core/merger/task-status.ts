/**
 * Status changes of a merger's task as pure transitions: the caller stores the returned change
 * (and keeps the history), or shows the error. Nothing invalid comes out of here.
 */
import { format, type Localized } from '../i18n.js';
import { charCount, sanitizeText } from '../text/sanitize.js';
import { addDays, parseDay, toIsoDay } from './due-dates.js';
import { allTasks } from './guide-lookup.js';
import type { GuideTask, MergerGuide } from './guide-types.js';
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

const MESSAGES = {
  wrong_merger: {
    nb: 'Denne oppgaven hører til en annen sammenslåing. Ingenting ble endret.',
    en: 'This task belongs to another merger. Nothing was changed.',
  },
  wrong_task: {
    nb: 'Statusen hører til en annen oppgave. Ingenting ble endret.',
    en: 'The status belongs to another task. Nothing was changed.',
  },
  reason_required: {
    nb: 'Skriv en kort begrunnelse for hvorfor oppgaven ikke er relevant.',
    en: 'Give a short reason why the task is not relevant.',
  },
  reason_too_long: {
    nb: 'Begrunnelsen har {count} tegn; den kan ha høyst {max}.',
    en: 'The reason has {count} characters; it can have at most {max}.',
  },
  later_date_invalid: {
    nb: '«{raw}» er ikke en dato. Skriv datoen som dd.mm.åååå.',
    en: '"{raw}" is not a date. Write the date as dd.mm.yyyy.',
  },
  later_date_past: {
    nb: 'Datoen for «senere» kan ikke være før i dag ({today}).',
    en: 'The "later" date cannot be before today ({today}).',
  },
  unknown_alternative: {
    nb: '«{raw}» er ikke et alternativ for denne oppgaven. Velg ett av: {choices}.',
    en: '"{raw}" is not an alternative for this task. Choose one of: {choices}.',
  },
  openDependencies: {
    nb: 'Merket som ferdig, men dette bygger på oppgaver som ikke er ferdige: {list}.',
    en: 'Marked as done, but it builds on tasks that are not finished: {list}.',
  },
} satisfies Record<string, Localized>;

type MessageKey = keyof typeof MESSAGES;

function message(key: MessageKey, params: { nb?: Record<string, string | number>; en?: Record<string, string | number> } = {}): Localized {
  return { nb: format(MESSAGES[key].nb, params.nb), en: format(MESSAGES[key].en, params.en) };
}

const fail = (code: StatusChangeErrorCode, error: Localized = message(code)): StatusChangeResult => ({ ok: false, code, error });

const both = (params: Record<string, string | number>) => ({ nb: params, en: params });

/** The "done, but dependencies are open" warning, listing the open tasks by title. */
export function openDependenciesWarning(open: readonly BlockingDependency[]): Localized {
  return message('openDependencies', {
    nb: { list: open.map((d) => d.title.nb).join('; ') },
    en: { list: open.map((d) => d.title.en).join('; ') },
  });
}

type Checked<T> = { ok: true; value: T } | { ok: false; result: StatusChangeResult };

function checkReason(change: TaskStatusChange): Checked<string | undefined> {
  const reason = change.reason === undefined ? '' : sanitizeText(change.reason).text;
  if (reason === '' && change.status === 'not_relevant') return { ok: false, result: fail('reason_required') };
  const count = charCount(reason);
  if (count > MAX_REASON_LENGTH) {
    return { ok: false, result: fail('reason_too_long', message('reason_too_long', both({ count, max: MAX_REASON_LENGTH }))) };
  }
  return { ok: true, value: reason === '' ? undefined : reason };
}

function checkLaterUntil(change: TaskStatusChange): Checked<string | undefined> {
  if (change.status !== 'later') return { ok: true, value: undefined };
  const today = toIsoDay(change.at);
  const raw = change.laterUntil?.trim() ?? '';
  if (raw === '') return { ok: true, value: addDays(today, DEFAULT_LATER_DAYS) };
  const day = parseDay(raw);
  if (!day) return { ok: false, result: fail('later_date_invalid', message('later_date_invalid', both({ raw: [...raw].slice(0, 40).join('') }))) };
  if (day < today) return { ok: false, result: fail('later_date_past', message('later_date_past', both({ today }))) };
  return { ok: true, value: day };
}

function checkAlternative(change: TaskStatusChange, task: GuideTask): Checked<string | undefined> {
  const raw = change.alternative?.trim() ?? '';
  if (change.status !== 'done' || raw === '') return { ok: true, value: undefined };
  const alternatives = task.alternatives ?? [];
  if (alternatives.some((a) => a.id === raw)) return { ok: true, value: raw };
  const error = message('unknown_alternative', {
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
 * `merger` (its condition answers) lets dependencies ruled out by the conditions count as finished.
 */
export function applyStatusChange(
  state: TaskState | undefined,
  request: StatusChangeRequest,
  task: GuideTask,
  guide: MergerGuide,
  states: TaskStates,
  merger: Pick<Merger, 'conditions'> = { conditions: {} },
): StatusChangeResult {
  if (state && state.mergerId !== request.mergerId) return fail('wrong_merger');
  if (state && state.taskId !== task.id) return fail('wrong_task');
  const reason = checkReason(request);
  if (!reason.ok) return reason.result;
  const laterUntil = checkLaterUntil(request);
  if (!laterUntil.ok) return laterUntil.result;
  const alternative = checkAlternative(request, task);
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
    if (open.length > 0) warnings.push(openDependenciesWarning(open));
  }
  const changed = !sameAsCurrent(state, change);
  const unchanged = state ?? { mergerId: request.mergerId, taskId: task.id, status: 'open' as const, history: [] };
  return { ok: true, state: changed ? nextState(state, request, task.id, change) : unchanged, change, changed, warnings };
}
