import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Db } from 'mongodb';
import type { Clock } from '../core/ports.js';

export const SLACK_INSTALLATIONS = 'slack_installations';

interface InstallationDoc {
  /** `enterprise:<id>` for org-wide installs, else `team:<id>`. */
  _id: string;
  installation: Installation<'v1' | 'v2', boolean>;
  updatedAt: Date;
}

function keyOf(q: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }): string {
  if (q.isEnterpriseInstall && q.enterpriseId) return `enterprise:${q.enterpriseId}`;
  if (q.teamId) return `team:${q.teamId}`;
  throw new Error('installation query names neither a team nor an enterprise');
}

function keyOfInstallation(i: Installation<'v1' | 'v2', boolean>): string {
  return keyOf({ isEnterpriseInstall: i.isEnterpriseInstall, enterpriseId: i.enterprise?.id, teamId: i.team?.id });
}

/**
 * OAuth installations, one document per workspace (or per Enterprise Grid org for org-wide
 * installs). The bot token is stored as Slack hands it over, like every Bolt installation store;
 * protect the database accordingly.
 */
export function makeMongoSlackInstallationStore(db: Db, clock: Clock): InstallationStore {
  const col = db.collection<InstallationDoc>(SLACK_INSTALLATIONS);
  return {
    async storeInstallation(installation) {
      const _id = keyOfInstallation(installation);
      await col.updateOne({ _id }, { $set: { installation, updatedAt: clock.now() } }, { upsert: true });
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const doc = await col.findOne({ _id: keyOf(query) });
      if (!doc) throw new Error('no Slack installation for this workspace');
      return doc.installation;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await col.deleteOne({ _id: keyOf(query) });
    },
  };
}
