import type { Db } from 'mongodb';
import type { ApprovalSettings } from '../core/approval/approval-config.js';
import type { ApprovalDeps } from '../core/approval/approval-context.js';
import { withApprovalWorkflow } from '../core/approval/approval-router.js';
import { myReportsCard } from '../core/approval/my-reports-model.js';
import { makeConfigRoleResolver } from '../core/approval/roles.js';
import { makeWorkflowHooks } from '../core/approval/submission-workflow.js';
import { makeUserNotifier, type NotifierLog } from '../core/approval/user-notifier.js';
import type { BotCore } from '../core/conversation/bot-core.js';
import type { Clock, IdGenerator, ProactiveSender, ReportRepository } from '../core/ports.js';
import type { ReportingContent } from '../core/reporting/template-types.js';
import type { BotTexts } from '../core/texts.js';
import { initApprovalCollections, makeMongoApprovalQueries, makeMongoAuditLog, makeMongoUserConversationIndex } from './approval-repository.js';

export interface ApprovalWiringOptions {
  db: Db;
  settings: ApprovalSettings;
  reports: ReportRepository;
  content: ReportingContent;
  texts: BotTexts;
  clock: Clock;
  ids: IdGenerator;
  sender: ProactiveSender;
  log: NotifierLog;
}

/**
 * The approval workflow (issue 4) on MongoDB, ready for main.ts: hooks for the reporting
 * conversation, the "mine rapporter" card with withdraw buttons, and the bot-core wrapper that
 * answers the workflow's commands and card actions.
 */
export async function makeApprovalWorkflow(o: ApprovalWiringOptions) {
  await initApprovalCollections(o.db);
  const userConversations = makeMongoUserConversationIndex(o.db, o.clock);
  const orgs = o.content.organisations;
  const deps: ApprovalDeps = {
    content: o.content,
    texts: o.texts,
    approvalTexts: o.settings.texts,
    reports: o.reports,
    queries: makeMongoApprovalQueries(o.db, orgs),
    audit: makeMongoAuditLog(o.db, o.clock, o.ids),
    roles: makeConfigRoleResolver(o.settings.roles, orgs.ministries.map((m) => m.id), { allRoles: o.settings.allRoles }),
    notifier: makeUserNotifier(userConversations, o.sender, o.log),
    clock: o.clock,
    publicBaseUrl: o.settings.publicBaseUrl,
  };
  return {
    hooks: makeWorkflowHooks(deps),
    myReportsCard: myReportsCard(deps),
    wrap: (core: BotCore): BotCore => withApprovalWorkflow(core, deps, userConversations),
    notifier: deps.notifier,
    audit: deps.audit,
  };
}
