import type { Db } from 'mongodb';
import { initInboundDedupeCollection } from './inbound-dedupe-repository.js';
import { initMergerCollection } from './merger-repository.js';
import { initReminderLogCollection } from './reminder-log-repository.js';
import { initReportCollection } from './report-repository.js';
import { initTaskStateCollection } from './task-state-repository.js';

/** Creates collections, validators and indexes; safe to run on every start. */
export async function initCollections(db: Db): Promise<void> {
  await initReportCollection(db);
  await initInboundDedupeCollection(db);
  await initMergerCollection(db);
  await initTaskStateCollection(db);
  await initReminderLogCollection(db);
}
