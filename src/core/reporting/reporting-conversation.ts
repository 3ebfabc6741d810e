import type { ActionEvent, Actor, InboundEvent } from '../events.js';
import { pick, type Locale } from '../i18n.js';
import { card, type OutboundIntent } from '../outbound.js';
import { ConcurrencyConflict, DuplicateKey, type Clock, type IdGenerator, type ReportRepository } from '../ports.js';
import type { BotTexts } from '../texts.js';
import { checksDuplicates, duplicateNotice, findPossibleDuplicates } from './duplicate-check.js';
import { buildGroupForm, buildSummary, projectName, type FormState } from './form-model.js';
import { firstStep, isGroupStep, nextStep, previousStep, resumableStep, SUBMITTED_STEP, SUMMARY_STEP } from './report-flow.js';
import type { ReportChanges, ReportRecord, ReportState } from './report.js';
import type { ReportFlag, ReportingContent } from './template-types.js';
import { validateGroupSubmission } from './validate-group.js';
import { validateReportForSubmit } from './validate-report.js';
import { charCount, isLikelyEmail, sanitizeText } from '../text/sanitize.js';

export const REPORT_VERBS = {
  next: 'report.next',
  back: 'report.back',
  edit: 'report.edit',
  submit: 'report.submit',
  resume: 'report.resume',
  update: 'report.update',
} as const;

/** Card data keys that steer the flow; every other key is a field input and goes through the allowlist. */
const CONTROL_KEYS = new Set(['_report', '_rev', '_step', '_goto']);

export interface ReportingDeps {
  reports: ReportRepository;
  content: ReportingContent;
  texts: BotTexts;
  clock: Clock;
  ids: IdGenerator;
  /** The approval workflow's part in the flow (issue 4); without it a submission is only stored. */
  workflow?: WorkflowHooks;
}

export interface WorkflowHooks {
  /** Extra fields stored with a submission: the owning ministry it is routed to, the change log. */
  beforeSubmit(report: ReportRecord): Promise<ReportChanges>;
  /** After the submission is stored: audit entry, reviewers notified. */
  afterSubmit(submitted: ReportRecord, actor: Actor, fromState: ReportState): Promise<void>;
  /** Notices shown when the reporter reopens a returned report (the ministry's comment). */
  returnedNotices(report: ReportRecord, locale: Locale): string[];
}

/** A returned report is edited like a draft and submitted again (reporting-template.md §7.3). */
const EDITABLE_STATES: ReadonlySet<ReportState> = new Set(['UTKAST', 'RETURNERT']);
const isEditable = (report: ReportRecord): boolean => EDITABLE_STATES.has(report.state);

export interface NoticeModel {
  title: string;
  lines: string[];
  actions: { verb: string; title: string; data: Record<string, unknown> }[];
}

/** The model of the 'submitted' card. */
export interface SubmittedModel {
  title: string;
  body: string;
  warningsTitle: string;
  warnings: string[];
  flagsTitle: string;
  flags: string[];
  reportId: string;
  buttons: { myReports: string; newReport: string };
}

export const notice = (lines: string[], title = ''): OutboundIntent => card<NoticeModel>('notice', { title, lines, actions: [] });

function today(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}

function ownedBy(report: ReportRecord, actor: Actor): boolean {
  return report.reporter.platform === actor.platform && report.reporter.userId === actor.userId;
}

function sameAnswers(a: ReportRecord['answers'], b: ReportRecord['answers']): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function fieldInputs(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([k]) => !CONTROL_KEYS.has(k)));
}

function prefilledAnswers(actor: Actor): ReportRecord['answers'] {
  const answers: ReportRecord['answers'] = {};
  // The profile name is user-controlled text too: cleaned and length-checked like a typed answer.
  const name = sanitizeText(actor.displayName).text;
  const length = charCount(name);
  if (length >= 2 && length <= 100) answers['contactName'] = name;
  if (actor.email && isLikelyEmail(actor.email)) answers['contactEmail'] = actor.email;
  return answers;
}

/**
 * The reporting conversation: each turn loads the draft with its `rev`, runs one step, saves with
 * the `rev` it read (a stale write is a conflict, never last-writer-wins), and answers with intents.
 */
export function makeReportingConversation(deps: ReportingDeps) {
  const { reports, content, texts, clock, ids } = deps;
  const m = texts.messages;

  const renderStep = (report: ReportRecord, locale: Locale, state: FormState = {}): OutboundIntent => {
    const step = resumableStep(content, report.step);
    return step === SUMMARY_STEP
      ? card('summary', buildSummary(content, texts, report, locale, { notices: state.notices }))
      : card('group-form', buildGroupForm(content, texts, report, step, locale, state));
  };

  async function startReport(event: InboundEvent): Promise<OutboundIntent[]> {
    const existing = await reports.findLatestDraft(event.actor);
    const draft = await reports.insert({
      _id: ids.newId(),
      projectId: ids.newId(),
      reportVersion: 1,
      state: 'UTKAST',
      reporter: { platform: event.actor.platform, userId: event.actor.userId, displayName: event.actor.displayName, tenantId: event.actor.tenantId },
      answers: prefilledAnswers(event.actor),
      step: firstStep(content),
      returnToSummary: false,
      demo: false,
      flags: [],
    });
    const notices = existing ? [pick(m.otherDraftExists, event.locale, { name: projectName(existing, texts, event.locale) })] : [];
    return [renderStep(draft, event.locale, { notices })];
  }

  async function resumeLatest(event: InboundEvent): Promise<OutboundIntent[]> {
    const draft = await reports.findLatestDraft(event.actor);
    if (!draft) return [notice([m.noDraft[event.locale]])];
    return [renderStep(draft, event.locale, { notices: [pick(m.resumed, event.locale, { name: projectName(draft, texts, event.locale) })] })];
  }

  async function save(report: ReportRecord, changes: ReportChanges): Promise<ReportRecord> {
    return reports.update(report._id, report.rev, changes);
  }

  async function onNext(report: ReportRecord, event: ActionEvent, back: boolean): Promise<OutboundIntent[]> {
    const step = report.step;
    const v = validateGroupSubmission(content, step, fieldInputs(event.data), report.answers, { locale: event.locale, today: today(clock) });
    if (!v.ok && !back) {
      // Valid answers on an otherwise invalid card are kept; a card with nothing valid writes nothing.
      const saved = sameAnswers(v.answers, report.answers) ? report : await save(report, { answers: v.answers });
      return [renderStep(saved, event.locale, { errors: v.errors, rawEcho: v.rawEcho, notices: v.notices })];
    }
    const target = back ? previousStep(content, step) : nextStep(content, step, report.returnToSummary);
    // A1 duplicate warning (duplicate-check.ts): only when the card with the project name is
    // answered and the user moves on; the query runs alongside the save.
    const duplicates = !back && checksDuplicates(content, step) ? findPossibleDuplicates(deps, v.answers, report.projectId, event.actor) : Promise.resolve([]);
    const [saved, matches] = await Promise.all([
      save(report, { answers: v.answers, step: target, returnToSummary: target === SUMMARY_STEP ? false : report.returnToSummary }),
      duplicates,
    ]);
    const warning = duplicateNotice(texts, matches, event.locale);
    return [renderStep(saved, event.locale, { notices: warning ? [...v.notices, warning] : v.notices })];
  }

  async function onEdit(report: ReportRecord, event: ActionEvent): Promise<OutboundIntent[]> {
    const goto = event.data['_goto'];
    if (typeof goto !== 'string' || !isGroupStep(content, goto)) return [notice([m.unknownAction[event.locale]])];
    const saved = await save(report, { step: goto, returnToSummary: true });
    return [renderStep(saved, event.locale)];
  }

  async function onSubmit(report: ReportRecord, event: ActionEvent): Promise<OutboundIntent[]> {
    const ctx = { locale: event.locale, today: today(clock) };
    const result = validateReportForSubmit(content, report.answers, ctx);
    if (result.errors.length > 0) {
      return [card('summary', buildSummary(content, texts, report, event.locale, { errors: result.errors, warnings: result.warnings }))];
    }
    const routing = (await deps.workflow?.beforeSubmit(report)) ?? {};
    const saved = await save(report, { ...routing, state: 'INNSENDT', step: SUBMITTED_STEP, submittedAt: clock.now(), flags: result.flags });
    await deps.workflow?.afterSubmit(saved, event.actor, report.state);
    return [card('submitted', submittedModel(saved, result.warnings, event.locale))];
  }

  function submittedModel(report: ReportRecord, warnings: string[], locale: Locale): SubmittedModel {
    const when = (report.submittedAt ?? clock.now()).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
    return {
      title: m.submittedTitle[locale],
      body: pick(m.submittedBody, locale, { name: projectName(report, texts, locale), version: report.reportVersion, when }),
      warningsTitle: warnings.length > 0 ? m.warningsTitle[locale] : '',
      warnings,
      flagsTitle: report.flags.length > 0 ? m.flagsTitle[locale] : '',
      flags: report.flags.map((f) => content.messages.flags[f as ReportFlag]?.[locale] ?? f),
      reportId: report._id,
      buttons: { myReports: texts.buttons.myReports[locale], newReport: texts.buttons.newReport[locale] },
    };
  }

  async function onUpdate(report: ReportRecord, event: ActionEvent): Promise<OutboundIntent[]> {
    const latest = (await reports.findLatestVersion(report.projectId)) ?? report;
    if (latest.state === 'UTKAST') return [renderStep(latest, event.locale)];
    if (latest.state === 'RETURNERT') return reopenReturned(latest, event.locale);
    const nextVersion = latest.reportVersion + 1;
    try {
      const draft = await reports.insert({
        _id: ids.newId(),
        projectId: latest.projectId,
        reportVersion: nextVersion,
        state: 'UTKAST',
        reporter: latest.reporter,
        answers: latest.answers,
        step: firstStep(content),
        returnToSummary: false,
        basedOnReportId: latest._id,
        demo: false,
        flags: [],
      });
      const info = pick(m.updateStarted, event.locale, { name: projectName(latest, texts, event.locale), version: nextVersion, previous: latest.reportVersion });
      return [renderStep(draft, event.locale, { notices: [info] })];
    } catch (err) {
      if (!(err instanceof DuplicateKey)) throw err;
      // A double click created the new version already: show it instead of a second one.
      const current = await reports.findLatestVersion(latest.projectId);
      return current ? [renderStep(current, event.locale)] : [notice([m.notFound[event.locale]])];
    }
  }

  /** Opens a returned report at its summary, with the ministry's comment; it stays RETURNERT until resubmitted. */
  async function reopenReturned(report: ReportRecord, locale: Locale): Promise<OutboundIntent[]> {
    const notices = deps.workflow?.returnedNotices(report, locale) ?? [];
    if (report.step !== SUBMITTED_STEP) return [renderStep(report, locale, { notices })];
    try {
      return [renderStep(await save(report, { step: SUMMARY_STEP, returnToSummary: false }), locale, { notices })];
    } catch (err) {
      if (!(err instanceof ConcurrencyConflict)) throw err;
      const current = await reports.findById(report._id);
      return current ? [renderStep(current, locale, { notices: [m.staleCard[locale]] })] : [notice([m.notFound[locale]])];
    }
  }

  async function handleAction(event: ActionEvent): Promise<OutboundIntent[]> {
    const reportId = event.data['_report'];
    if (typeof reportId !== 'string' || reportId.length > 64) return [notice([m.notFound[event.locale]])];
    const report = await reports.findForCard(reportId, Number(event.data['_rev']));
    if (!report) return [notice([m.notFound[event.locale]])];
    if (!ownedBy(report, event.actor)) return [notice([m.notYours[event.locale]])];
    if (event.verb === REPORT_VERBS.update) return onUpdate(report, event);
    if (!isEditable(report)) {
      return [notice([pick(m.alreadySubmitted, event.locale, { version: report.reportVersion })])];
    }
    if (report.state === 'RETURNERT' && report.step === SUBMITTED_STEP) return reopenReturned(report, event.locale);
    if (event.verb === REPORT_VERBS.resume) return [renderStep(report, event.locale)];
    const stale = Number(event.data['_rev']) !== report.rev || event.data['_step'] !== report.step;
    if (stale) return [renderStep(report, event.locale, { notices: [m.staleCard[event.locale]] })];
    try {
      return await runStep(report, event);
    } catch (err) {
      if (!(err instanceof ConcurrencyConflict)) throw err;
      const current = await reports.findById(report._id);
      if (!current) return [notice([m.notFound[event.locale]])];
      // The other press may have submitted the report: never offer an editable summary for it.
      if (!isEditable(current)) return [notice([pick(m.alreadySubmitted, event.locale, { version: current.reportVersion })])];
      return [renderStep(current, event.locale, { notices: [m.staleCard[event.locale]] })];
    }
  }

  function runStep(report: ReportRecord, event: ActionEvent): Promise<OutboundIntent[]> {
    switch (event.verb) {
      case REPORT_VERBS.next:
        return isGroupStep(content, report.step) ? onNext(report, event, false) : Promise.resolve([renderStep(report, event.locale)]);
      case REPORT_VERBS.back:
        if (report.step === SUMMARY_STEP) return save(report, { step: previousStep(content, SUMMARY_STEP) }).then((r) => [renderStep(r, event.locale)]);
        return onNext(report, event, true);
      case REPORT_VERBS.edit:
        return onEdit(report, event);
      case REPORT_VERBS.submit:
        return report.step === SUMMARY_STEP ? onSubmit(report, event) : Promise.resolve([renderStep(report, event.locale)]);
      default:
        return Promise.resolve([notice([m.unknownAction[event.locale]])]);
    }
  }

  return { startReport, resumeLatest, handleAction };
}

export type ReportingConversation = ReturnType<typeof makeReportingConversation>;
