import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface RecordedActivity {
  conversationId: string;
  method: string;
  activity: Record<string, any>;
}

/** A member profile as the connector's GET …/members/{memberId} returns it (TeamsChannelAccount). */
export interface ConnectorMember {
  id: string;
  name?: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
}

/**
 * A local HTTP endpoint at the activity's `serviceUrl` that records what the bot sends through the
 * Bot Connector v3 REST API (replies, updates). Integration tests read the bot's messages from it.
 * It also answers member lookups (TeamsInfo.getMember) with the profiles given to `setMember`, else 404.
 */
export class RecordingConnector {
  readonly received: RecordedActivity[] = [];
  /** Every member lookup (GET /v3/conversations/{conversationId}/members/{memberId}) the bot made. */
  readonly memberRequests: { conversationId: string; memberId: string }[] = [];
  private readonly members = new Map<string, ConnectorMember>();
  private waiters: (() => void)[] = [];

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<RecordingConnector> {
    let self: RecordingConnector | undefined;
    const server = createServer((req, res) => {
      void readJson(req).then((body) => {
        const member = /\/v3\/conversations\/([^/]+)\/members\/([^/?]+)/.exec(req.url ?? '');
        if (member && req.method === 'GET' && self) {
          const memberId = decodeURIComponent(member[2] ?? '');
          self.memberRequests.push({ conversationId: decodeURIComponent(member[1] ?? ''), memberId });
          const found = self.members.get(memberId);
          res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
          res.end(JSON.stringify(found ?? { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found.' } }));
          return;
        }
        const match = /\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
        if (match && self) {
          self.received.push({ conversationId: decodeURIComponent(match[1] ?? ''), method: req.method ?? '', activity: body });
          self.waiters.splice(0).forEach((w) => w());
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `act-${Date.now()}-${Math.random().toString(36).slice(2, 8)}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    self = new RecordingConnector(server, `http://127.0.0.1:${port}`);
    return self;
  }

  /** Sets (or, with undefined, removes) the profile served for a member id such as "29:…". */
  setMember(memberId: string, member: ConnectorMember | undefined): void {
    if (member) this.members.set(memberId, member);
    else this.members.delete(memberId);
  }

  /** Waits until at least `count` activities were recorded for the conversation. */
  async waitFor(conversationId: string, count: number, timeoutMs = 5_000): Promise<RecordedActivity[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.filter((r) => r.conversationId === conversationId);
      if (found.length >= count) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} activities in ${conversationId}, got ${found.length}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, any>) : {};
}
