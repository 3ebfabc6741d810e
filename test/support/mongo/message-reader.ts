import { WireProtocolError } from './wire-protocol.js';

/** Largest message accepted (mongod's maxMessageSizeBytes). */
const MAX_MESSAGE_BYTES = 48_000_000;

/** Reassembles length-prefixed wire messages from TCP chunks. */
export class MessageReader {
  private buffered: Buffer = Buffer.alloc(0);

  /** Adds a chunk and returns every message it completed. */
  push(chunk: Buffer): Buffer[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const messages: Buffer[] = [];
    for (let next = this.nextMessage(); next; next = this.nextMessage()) messages.push(next);
    return messages;
  }

  private nextMessage(): Buffer | undefined {
    if (this.buffered.length < 4) return undefined;
    const length = this.buffered.readInt32LE(0);
    if (length < 16 || length > MAX_MESSAGE_BYTES) throw new WireProtocolError(`invalid message length ${length}`);
    if (this.buffered.length < length) return undefined;
    const message = this.buffered.subarray(0, length);
    this.buffered = this.buffered.subarray(length);
    return message;
  }
}
