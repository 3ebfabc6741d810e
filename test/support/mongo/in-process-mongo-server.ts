import net from 'node:net';
import type { Document } from 'bson';
import { ClientConnection } from './client-connection.js';
import type { CommandContext } from './command-context.js';
import { runCommand } from './command-dispatcher.js';
import { CursorRegistry } from './cursor-registry.js';
import { Storage } from './storage.js';
import { DEFAULT_TTL_SWEEP_MS, TtlSweeper } from './ttl-sweeper.js';
import type { CommandRequest } from './wire-protocol.js';

export interface InProcessMongoServerOptions {
  /** TCP port on 127.0.0.1; 0 or omitted = ephemeral. */
  readonly port?: number;
  /** TTL monitor period in ms (default 60 000, like mongod; 0 disables the timer). */
  readonly ttlSweepMs?: number;
}

const HOST = '127.0.0.1';

/**
 * A MongoDB-wire-protocol server living in this process, built on `bson` (wire format) and
 * `mingo` (query, update and aggregation semantics). The official driver connects to `uri`.
 * Data lives in memory and survives pause()/resume().
 */
export class InProcessMongoServer {
  private readonly storage = new Storage();
  private readonly cursors = new CursorRegistry();
  private readonly connections = new Set<ClientConnection>();
  private readonly ttl: TtlSweeper;
  private readonly startedAt = new Date();
  private listener: net.Server | undefined;
  private port = 0;
  private totalConnections = 0;

  private constructor(options: InProcessMongoServerOptions) {
    this.ttl = new TtlSweeper(this.storage, options.ttlSweepMs ?? DEFAULT_TTL_SWEEP_MS);
  }

  static async start(options: InProcessMongoServerOptions = {}): Promise<InProcessMongoServer> {
    const server = new InProcessMongoServer(options);
    await server.listen(options.port ?? 0);
    server.ttl.start();
    return server;
  }

  /** Connection string for the driver (`directConnection=true`: a standalone server). */
  get uri(): string {
    return `mongodb://${HOST}:${this.port}/?directConnection=true`;
  }

  async stop(): Promise<void> {
    this.ttl.stop();
    await this.closeListener();
  }

  /** Runs the TTL monitor now (tests do not wait for the timer). */
  sweepTtlNow(): void {
    this.ttl.sweep();
  }

  /** Simulates an outage: stops listening and drops every client socket. Data is kept. */
  async pause(): Promise<void> {
    await this.closeListener();
  }

  /** Ends a simulated outage: listens again on the same port. */
  async resume(): Promise<void> {
    if (!this.listener) await this.listen(this.port);
  }

  private listen(port: number): Promise<void> {
    const listener = net.createServer((socket) => this.accept(socket));
    return new Promise((resolve, reject) => {
      listener.once('error', reject);
      listener.listen({ port, host: HOST }, () => {
        listener.off('error', reject);
        this.listener = listener;
        this.port = (listener.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  private accept(socket: net.Socket): void {
    this.totalConnections += 1;
    const connectionId = this.totalConnections;
    const connection = new ClientConnection(socket, (request) => this.handle(request, connectionId));
    this.connections.add(connection);
    socket.once('close', () => this.connections.delete(connection));
  }

  private handle(request: CommandRequest, connectionId: number): Document {
    const ctx: CommandContext = {
      dbName: request.db,
      storage: this.storage,
      cursors: this.cursors,
      connectionId,
      stats: () => ({
        startedAt: this.startedAt,
        currentConnections: this.connections.size,
        totalConnections: this.totalConnections,
      }),
    };
    return runCommand(request.command, ctx);
  }

  private async closeListener(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    for (const connection of this.connections) connection.close();
    this.connections.clear();
    if (!listener) return;
    await new Promise<void>((resolve, reject) => listener.close((error) => (error ? reject(error) : resolve())));
  }
}
