import type { ActionEvent, InboundEvent, MessageEvent } from '../events.js';
import { card, type OutboundIntent } from '../outbound.js';
import type { ReportRepository } from '../ports.js';
import { buildReportList } from '../reporting/report-list.js';
import { notice, REPORT_VERBS, type ReportingConversation } from '../reporting/reporting-conversation.js';
import type { BotTexts } from '../texts.js';
import { recognizeCommand } from './commands.js';

export const NAV_VERBS = { newReport: 'nav.newReport', myReports: 'nav.myReports', help: 'nav.help' } as const;

export interface BotCoreDeps {
  texts: BotTexts;
  reports: ReportRepository;
  reporting: ReportingConversation;
}

export interface HelpModel {
  title: string;
  intro: string;
  commands: string[];
  footer: string;
  buttons: { newReport: string; myReports: string };
}

/** The channel-agnostic entry point: one inbound event in, the intents to show out. */
export function makeBotCore(deps: BotCoreDeps) {
  const { texts, reports, reporting } = deps;
  const m = texts.messages;

  const help = (event: InboundEvent): OutboundIntent[] => {
    const l = event.locale;
    return [
      card<HelpModel>('help', {
        title: m.helpTitle[l],
        intro: m.helpIntro[l],
        commands: [m.helpNewReport[l], m.helpMyReports[l], m.helpContinue[l], m.helpHelp[l]],
        footer: m.helpFooter[l],
        buttons: { newReport: texts.buttons.newReport[l], myReports: texts.buttons.myReports[l] },
      }),
    ];
  };

  const myReports = async (event: InboundEvent): Promise<OutboundIntent[]> => {
    const records = await reports.listByReporter(event.actor, 50);
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
        return [notice([m.unknownCommand[event.locale]])];
    }
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
        return [notice([m.unknownAction[event.locale]])];
    }
  }

  return {
    handle: (event: InboundEvent): Promise<OutboundIntent[]> => (event.kind === 'message' ? onMessage(event) : onAction(event)),
  };
}

export type BotCore = ReturnType<typeof makeBotCore>;
