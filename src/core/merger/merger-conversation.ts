import type { ActionEvent, InboundEvent } from '../events.js';
import { format, pick, type Locale } from '../i18n.js';
import { card, type OutboundIntent } from '../outbound.js';
import { ConcurrencyConflict, DuplicateKey, type Clock, type IdGenerator } from '../ports.js';
import type { MergerGuide, MergerPhaseId } from './guide-types.js';
import { MERGER_PHASE_IDS } from './guide-types.js';
import { findTask } from './guide-lookup.js';
import { buildNext, buildPhaseConfirm, buildProgress, buildRegisterForm, buildTopic } from './merger-cards.js';
import type { MergerRepository, TaskStateRepository } from './merger-ports.js';
import { CONDITION_PREFIX, readRegistrationInput, validateRegistration, type Registration } from './merger-registration.js';
import type { MergerTexts } from './merger-texts.js';
import type { Merger, TaskState, TaskStatusValue } from './merger-types.js';
import type { MunicipalityIndex } from './municipalities.js';
import { daysUntil, proposePhase, toIsoDay, addMonths } from './due-dates.js';
import { whatNext } from './next-tasks.js';
import { progressOf } from './progress.js';
import { projectsByArea, type StateProjectSource } from './state-projects.js';
import { applyStatusChange, MAX_REASON_LENGTH } from './task-status.js';
import { searchTopics, suggestTopics } from './topic-search.js';

export const MERGER_VERBS = {
  register: 'merger.register',
  confirm: 'merger.confirm',
  task: 'merger.task',
  next: 'merger.next',
  progress: 'merger.progress',
  advance: 'merger.advance',
} as const;

const TASK_OPS: Record<string, TaskStatusValue> = { done: 'done', not_relevant: 'not_relevant', later: 'later' };
const REASON_PREFIX = 'reason__';

export interface MergerDeps {
  guide: MergerGuide;
  texts: MergerTexts;
  municipalities: MunicipalityIndex;
  mergers: MergerRepository;
  taskStates: TaskStateRepository;
  stateProjects: StateProjectSource;
  areaServiceAreas: Record<string, string[]>;
  clock: Clock;
  ids: IdGenerator;
  /** How many tasks one "what next" answer shows. */
  nextLimit?: number;
}

export const conversationKeyOf = (event: InboundEvent): string => `${event.conversation.platform}:${event.conversation.id}`;

export function makeMergerConversation(deps: MergerDeps) {
  const { guide, texts, mergers, taskStates, clock } = deps;
  const m = texts.messages;
  const today = () => toIsoDay(clock.now());
  const say = (lines: string[]): OutboundIntent => card('notice', { title: '', lines, actions: [] });

  async function statesOf(merger: Merger): Promise<Map<string, TaskState>> {
    return new Map((await taskStates.listForMerger(merger._id)).map((s) => [s.taskId, s]));
  }

  /** State projects with municipal deadlines between today and the end of the merger's transition phase. */
  async function projectsInWindow(merger: Merger): Promise<Map<string, string[]>> {
    return projectsByArea(await deps.stateProjects.projectsWithDeadlines(), deps.areaServiceAreas, today(), addMonths(merger.mergerDate, 24));
  }

  async function nextCard(merger: Merger, locale: Locale, notices: string[] = []): Promise<OutboundIntent> {
    const states = await statesOf(merger);
    const day = today();
    const result = whatNext(guide, merger, states, day, deps.nextLimit ?? 5);
    const projects = await projectsInWindow(merger);
    return card('merger-next', buildNext({ guide, texts }, merger, result, day, daysUntil(merger.mergerDate, day), locale, notices, projects));
  }

  async function progressCard(merger: Merger, locale: Locale): Promise<OutboundIntent> {
    const progress = progressOf(guide, merger, await statesOf(merger), today());
    return card('merger-progress', buildProgress({ guide, texts }, merger, progress, locale));
  }

  async function withMerger(event: InboundEvent, run: (merger: Merger) => Promise<OutboundIntent[]>): Promise<OutboundIntent[]> {
    const merger = await mergers.findByConversation(conversationKeyOf(event));
    return merger ? run(merger) : [say([m.noMerger[event.locale]])];
  }

  async function startRegistration(event: InboundEvent): Promise<OutboundIntent[]> {
    const existing = await mergers.findByConversation(conversationKeyOf(event));
    if (existing) return [say([pick(m.alreadyRegistered, event.locale, { name: existing.name, date: existing.mergerDate })])];
    return [card('merger-register', buildRegisterForm({ guide, texts }, event.locale))];
  }

  function registrationData(r: Registration): Record<string, string> {
    const data: Record<string, string> = { name: r.name, municipalities: r.municipalities.map((x) => x.number).join(', '), mergerDate: r.mergerDate };
    for (const c of guide.conditions) {
      const v = r.conditions[c.id];
      data[`${CONDITION_PREFIX}${c.id}`] = v === undefined ? '' : String(v);
    }
    return data;
  }

  function validateCard(data: Record<string, unknown>, locale: Locale, extraKeys: string[] = []) {
    const fields = Object.fromEntries(Object.entries(data).filter(([k]) => !extraKeys.includes(k)));
    const input = readRegistrationInput(fields, guide);
    return input ? validateRegistration(input, deps.municipalities, texts, locale) : null;
  }

  async function onRegister(event: ActionEvent): Promise<OutboundIntent[]> {
    const result = validateCard(event.data, event.locale);
    if (!result) return [say([m.invalidCard[event.locale]])];
    if (!result.ok) return [card('merger-register', buildRegisterForm({ guide, texts }, event.locale, result.input, result.errors))];
    const proposed = proposePhase(result.value.mergerDate, today(), guide);
    const days = daysUntil(result.value.mergerDate, today());
    return [card('merger-phase', buildPhaseConfirm({ guide, texts }, event.locale, registrationData(result.value), proposed, days, result.value.mergerDate))];
  }

  async function onConfirm(event: ActionEvent): Promise<OutboundIntent[]> {
    const phase = event.data['phase'];
    const result = validateCard(event.data, event.locale, ['phase']);
    if (!result || typeof phase !== 'string' || !(MERGER_PHASE_IDS as readonly string[]).includes(phase)) return [say([m.invalidCard[event.locale]])];
    if (!result.ok) return [card('merger-register', buildRegisterForm({ guide, texts }, event.locale, result.input, result.errors))];
    try {
      const merger = await mergers.insert({
        _id: deps.ids.newId(),
        conversationKey: conversationKeyOf(event),
        ...result.value,
        phase: phase as MergerPhaseId,
        locale: event.locale,
        createdBy: { userId: event.actor.userId, displayName: event.actor.displayName },
      });
      return [await nextCard(merger, event.locale, [pick(m.registered, event.locale, { name: merger.name })])];
    } catch (err) {
      if (!(err instanceof DuplicateKey)) throw err;
      const existing = await mergers.findByConversation(conversationKeyOf(event));
      return existing ? [await nextCard(existing, event.locale, [pick(m.alreadyRegistered, event.locale, { name: existing.name, date: existing.mergerDate })])] : [];
    }
  }

  function readTaskAction(data: Record<string, unknown>): { mergerId: string; taskId: string; op: TaskStatusValue; reason: string } | null {
    for (const [key, value] of Object.entries(data)) {
      const known = key === '_merger' || key === '_task' || key === '_op' || key.startsWith(REASON_PREFIX);
      if (!known || typeof value !== 'string') return null;
    }
    const { _merger: mergerId, _task: taskId, _op: op } = data;
    if (typeof mergerId !== 'string' || typeof taskId !== 'string' || typeof op !== 'string' || !TASK_OPS[op]) return null;
    const reason = data[`${REASON_PREFIX}${taskId}`];
    return { mergerId, taskId: taskId.slice(0, 64), op: TASK_OPS[op] as TaskStatusValue, reason: typeof reason === 'string' ? reason : '' };
  }

  async function onTask(event: ActionEvent): Promise<OutboundIntent[]> {
    const action = readTaskAction(event.data);
    if (!action) return [say([m.invalidCard[event.locale]])];
    return withMerger(event, async (merger) => {
      if (action.mergerId !== merger._id) return [say([m.otherMerger[event.locale]])];
      const found = findTask(guide, action.taskId);
      if (!found) return [say([pick(m.taskUnknown, event.locale, { id: action.taskId.slice(0, 40) })])];
      const states = await statesOf(merger);
      const by = { userId: event.actor.userId, displayName: event.actor.displayName };
      const request = { mergerId: merger._id, status: action.op, by, at: clock.now(), ...(action.op === 'not_relevant' ? { reason: action.reason } : {}) };
      const result = applyStatusChange(states.get(found.task.id), request, found.task, guide, states, texts.engine, merger);
      if (!result.ok) {
        const message = format(result.error[event.locale], { count: [...action.reason.trim()].length, max: MAX_REASON_LENGTH });
        return [await nextCard(merger, event.locale, [message])];
      }
      if (result.changed) await taskStates.applyChange(merger._id, found.task.id, result.change);
      const title = found.task.title[event.locale];
      const confirmation =
        action.op === 'done' ? pick(m.markedDone, event.locale, { task: title })
        : action.op === 'not_relevant' ? pick(m.markedNotRelevant, event.locale, { task: title })
        : pick(m.markedLater, event.locale, { task: title, date: result.change.laterUntil ?? '' });
      return [await nextCard(merger, event.locale, [confirmation, ...result.warnings.map((w) => w[event.locale])])];
    });
  }

  async function onAdvance(event: ActionEvent): Promise<OutboundIntent[]> {
    return withMerger(event, async (merger) => {
      if (event.data['_merger'] !== merger._id) return [say([m.otherMerger[event.locale]])];
      const progress = progressOf(guide, merger, await statesOf(merger), today());
      const target = event.data['_phase'];
      if (Number(event.data['_rev']) !== merger.rev || !progress.proposeNextPhase || target !== progress.nextPhase) {
        return [say([m.staleMerger[event.locale]]), await progressCard(merger, event.locale)];
      }
      try {
        const moved = await mergers.update(merger._id, merger.rev, { phase: target as MergerPhaseId });
        const name = guide.phases.find((p) => p.id === moved.phase)?.name[event.locale] ?? moved.phase;
        return [await nextCard(moved, event.locale, [pick(m.advanced, event.locale, { phase: name })])];
      } catch (err) {
        if (!(err instanceof ConcurrencyConflict)) throw err;
        const current = await mergers.findById(merger._id);
        return current ? [say([m.staleMerger[event.locale]]), await progressCard(current, event.locale)] : [];
      }
    });
  }

  /** Free text: a topic question answered from the guide, with this conversation's status where a merger exists. */
  async function answerTopic(event: InboundEvent, query: string): Promise<OutboundIntent[] | undefined> {
    const hits = searchTopics(guide, query, event.locale, texts.engine);
    if (hits.tooLong) return [say([pick(m.questionTooLong, event.locale, { count: hits.length, max: hits.max })])];
    if (hits.areas.length + hits.tasks.length + hits.solutions.length === 0) return undefined;
    const merger = await mergers.findByConversation(conversationKeyOf(event));
    const states = merger ? await statesOf(merger) : new Map<string, TaskState>();
    const projects = merger ? await projectsInWindow(merger) : new Map<string, string[]>();
    return [card('merger-topic', buildTopic({ guide, texts }, query, hits, merger, states, event.locale, projects))];
  }

  /** What to suggest when nothing in the guide matches the question. */
  function noTopicMatch(event: InboundEvent, query: string): string {
    const shown = [...query.trim()].slice(0, 60).join('');
    return pick(m.topicNoMatch, event.locale, { query: shown, topics: suggestTopics(guide, event.locale).join(', ') });
  }

  async function handleAction(event: ActionEvent): Promise<OutboundIntent[]> {
    switch (event.verb) {
      case MERGER_VERBS.register:
        return onRegister(event);
      case MERGER_VERBS.confirm:
        return onConfirm(event);
      case MERGER_VERBS.task:
        return onTask(event);
      case MERGER_VERBS.next:
        return withMerger(event, async (merger) => [await nextCard(merger, event.locale)]);
      case MERGER_VERBS.progress:
        return withMerger(event, async (merger) => [await progressCard(merger, event.locale)]);
      case MERGER_VERBS.advance:
        return onAdvance(event);
      default:
        return [say([m.invalidCard[event.locale]])];
    }
  }

  return {
    startRegistration,
    whatNext: (event: InboundEvent) => withMerger(event, async (merger) => [await nextCard(merger, event.locale)]),
    progress: (event: InboundEvent) => withMerger(event, async (merger) => [await progressCard(merger, event.locale)]),
    answerTopic,
    noTopicMatch,
    handleAction,
    isMergerVerb: (verb: string) => (Object.values(MERGER_VERBS) as string[]).includes(verb),
  };
}

export type MergerConversation = ReturnType<typeof makeMergerConversation>;
