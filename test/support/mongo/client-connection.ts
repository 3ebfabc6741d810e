import type { Socket } from 'node:net';
import type { Document } from 'bson';
import { MessageReader } from './message-reader.js';
import { encodeReply, parseRequest, type CommandRequest } from './wire-protocol.js';

export type RequestHandler = (request: CommandRequest) => Document;

/**
 * One client socket. Messages are handled synchronously in arrival order, so every command
 * runs atomically with respect to all other connections (single JS thread, in-memory data).
 */
export class ClientConnection {
  private readonly reader = new MessageReader();

  constructor(
    private readonly socket: Socket,
    private readonly handle: RequestHandler,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.onSocketError(error));
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    try {
      for (const message of this.reader.push(chunk)) this.respond(parseRequest(message));
    } catch (error) {
      this.dropMalformed(error);
    }
  }

  private respond(request: CommandRequest): void {
    const reply = this.handle(request);
    if (!request.moreToCome && this.socket.writable) this.socket.write(encodeReply(request, reply));
  }

  /** A message we cannot parse cannot be answered: close the connection, as mongod does. */
  private dropMalformed(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`[in-process-mongo] closing connection after malformed message: ${reason}\n`);
    this.socket.destroy();
  }

  /** Resets by the client (or by pause()) are normal; the socket is just discarded. */
  private onSocketError(error: Error): void {
    if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') {
      process.stderr.write(`[in-process-mongo] socket error: ${error.message}\n`);
    }
    this.socket.destroy();
  }
}
