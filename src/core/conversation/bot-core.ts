import type { ActionEvent, InboundEvent, MessageEvent } from '../events.js';
import type { Locale } from '../i18n.js';
import type { ReportRecord } from '../reporting/report.js';
import { card, type OutboundIntent } from '../outbound.js';
import type { ReportRepository } from '../ports.js';
import { buildReportList } from '../reporting/report-list.js';
import { notice, REPORT_VERBS, type ReportingConversation } from '../reporting/reporting-conversation.js';
import type { BotTexts } from '../texts.js';
import { matchCommand, recognizeCommand } from './commands.js';
import type { MergerConversation } from '../merger/merger-conversation.js';
import type { MergerCommandKey } from '../merger/merger-texts.js';

export const NAV_VERBS = { newReport: 'nav.newReport', myReports: 'nav.myReports', help: 'nav.help' } as const;

export interface BotCoreDeps {
  texts: BotTexts;
  reports: ReportRepository;
  reporting: ReportingConversation;
  merger: MergerConversation;
  mergerCommands: Record<MergerCommandKey, string[]>;
  /** "Mine rapporter" with the approval workflow's buttons (issue 4); default: the plain list. */
  myReportsCard?: (records: ReportRecord[], locale: Locale) => OutboundIntent;
}

export interface HelpModel {
  title: string;
  intro: string;
  commands: string[];
  topics: string;
  footer: string;
  buttons: { newReport: string; myReports: string };
}

/** The channel-agnostic entry point: one inbound event in, the intents to show out. */
export function makeBotCore(deps: BotCoreDeps) {
  const { texts, reports, reporting, merger } = deps;
  const m = texts.messages;

  const help = (event: InboundEvent): OutboundIntent[] => {
    const l = event.locale;
    return [
      card<HelpModel>('help', {
        title: m.helpTitle[l],
        intro: m.helpIntro[l],
        commands: [m.helpNewReport[l], m.helpMyReports[l], m.helpContinue[l], m.helpMergerRegister[l], m.helpWhatNext[l], m.helpProgress[l], m.helpHelp[l]],
        topics: m.helpTopics[l],
        footer: m.helpFooter[l],
        buttons: { newReport: texts.buttons.newReport[l], myReports: texts.buttons.myReports[l] },
      }),
    ];
  };

  const myReports = async (event: InboundEvent): Promise<OutboundIntent[]> => {
    const records = await reports.listByReporter(event.actor, 50);
    if (deps.myReportsCard) return [deps.myReportsCard(records, event.locale)];
    return [card('report-list', buildReportList(records, texts, event.locale))];
  };

  async function onMessage(event: MessageEvent): Promise<OutboundIntent[]> {
    switch (recognizeCommand(event.text, texts)) {
      case 'newReport':
        return reporting.startReport(event);
      case 'myReports':
        return myReports(event);
      case 'continue':
        return reporting.resumeLatest(event);
      case 'help':
        return help(event);
      default:
        return onOtherText(event);
    }
  }

  /** Merger commands, then a topic question answered from the merger guide; never a guess. */
  async function onOtherText(event: MessageEvent): Promise<OutboundIntent[]> {
    switch (matchCommand(event.text, deps.mergerCommands)) {
      case 'registerMerger':
        return merger.startRegistration(event);
      case 'whatNext':
        return merger.whatNext(event);
      case 'progress':
        return merger.progress(event);
      default:
        break;
    }
    const query = event.text.replace(/<at>[^<]*<\/at>/g, ' ').trim();
    const answer = await merger.answerTopic(event, query);
    if (answer) return answer;
    const looksLikeQuestion = query.includes('?') || query.split(/\s+/).length >= 2;
    const lines = [m.unknownCommand[event.locale], ...(looksLikeQuestion ? [merger.noTopicMatch(event, query)] : [])];
    return [notice(lines)];
  }

  async function onAction(event: ActionEvent): Promise<OutboundIntent[]> {
    switch (event.verb) {
      case NAV_VERBS.newReport:
        return reporting.startReport(event);
      case NAV_VERBS.myReports:
        return myReports(event);
      case NAV_VERBS.help:
        return help(event);
      default:
        if (Object.values(REPORT_VERBS).includes(event.verb as never)) return reporting.handleAction(event);
        if (merger.isMergerVerb(event.verb)) return merger.handleAction(event);
        return [notice([m.unknownAction[event.locale]])];
    }
  }

  return {
    handle: (event: InboundEvent): Promise<OutboundIntent[]> => (event.kind === 'message' ? onMessage(event) : onAction(event)),
  };
}

export type BotCore = ReturnType<typeof makeBotCore>;
