import { deserialize, serialize, type Document } from 'bson';

/** Opcodes of the MongoDB wire protocol that this server reads or writes. */
export const OpCode = {
  REPLY: 1,
  QUERY: 2004,
  COMPRESSED: 2012,
  MSG: 2013,
} as const;

const HEADER_SIZE = 16;
const MSG_FLAG_CHECKSUM_PRESENT = 1 << 0;
const MSG_FLAG_MORE_TO_COME = 1 << 1;

/** A command received from a client, whichever opcode carried it. */
export interface CommandRequest {
  readonly requestId: number;
  readonly opCode: number;
  readonly db: string;
  readonly command: Document;
  /** OP_MSG moreToCome: the client expects no reply (unacknowledged write). */
  readonly moreToCome: boolean;
}

export class WireProtocolError extends Error {
  override readonly name = 'WireProtocolError';
}

function readCString(buffer: Buffer, offset: number): { value: string; next: number } {
  const end = buffer.indexOf(0, offset);
  if (end < 0) throw new WireProtocolError('unterminated cstring');
  return { value: buffer.toString('utf8', offset, end), next: end + 1 };
}

function readDocument(buffer: Buffer, offset: number): { doc: Document; next: number } {
  const size = buffer.readInt32LE(offset);
  return { doc: deserialize(buffer.subarray(offset, offset + size)), next: offset + size };
}

/** Kind 1 section: `int32 size, cstring identifier, documents...` appended to the command as an array. */
function readDocumentSequence(buffer: Buffer, offset: number, command: Document): void {
  const end = offset + buffer.readInt32LE(offset);
  const { value: identifier, next } = readCString(buffer, offset + 4);
  const docs: Document[] = [];
  for (let cursor = next; cursor < end; ) {
    const { doc, next: after } = readDocument(buffer, cursor);
    docs.push(doc);
    cursor = after;
  }
  const existing: unknown = command[identifier];
  command[identifier] = Array.isArray(existing) ? [...existing, ...docs] : docs;
}

/** OP_MSG: flagBits, then sections (kind 0 body, kind 1 document sequences), optional CRC-32C. */
function parseOpMsg(buffer: Buffer, requestId: number): CommandRequest {
  const flags = buffer.readUInt32LE(HEADER_SIZE);
  const end = flags & MSG_FLAG_CHECKSUM_PRESENT ? buffer.length - 4 : buffer.length;
  let body: Document | undefined;
  const sequenceOffsets: number[] = [];
  let offset = HEADER_SIZE + 4;
  while (offset < end) {
    const kind = buffer.readUInt8(offset);
    if (kind === 0) {
      const { doc, next } = readDocument(buffer, offset + 1);
      body = doc;
      offset = next;
    } else if (kind === 1) {
      sequenceOffsets.push(offset + 1);
      offset = offset + 1 + buffer.readInt32LE(offset + 1);
    } else {
      throw new WireProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new WireProtocolError('OP_MSG without a body section');
  for (const start of sequenceOffsets) readDocumentSequence(buffer, start, body);
  const db = typeof body.$db === 'string' ? body.$db : 'admin';
  return { requestId, opCode: OpCode.MSG, db, command: body, moreToCome: (flags & MSG_FLAG_MORE_TO_COME) !== 0 };
}

/** Legacy OP_QUERY on `<db>.$cmd` (the driver's initial handshake). */
function parseOpQuery(buffer: Buffer, requestId: number): CommandRequest {
  const { value: namespace, next } = readCString(buffer, HEADER_SIZE + 4);
  const { doc } = readDocument(buffer, next + 8);
  const query: unknown = doc.$query;
  const command = typeof query === 'object' && query !== null ? (query as Document) : doc;
  const db = namespace.endsWith('.$cmd') ? namespace.slice(0, -'.$cmd'.length) : namespace.split('.')[0] ?? 'admin';
  return { requestId, opCode: OpCode.QUERY, db, command, moreToCome: false };
}

/** Parses one complete message (header included). */
export function parseRequest(buffer: Buffer): CommandRequest {
  const requestId = buffer.readInt32LE(4);
  const opCode = buffer.readInt32LE(12);
  if (opCode === OpCode.MSG) return parseOpMsg(buffer, requestId);
  if (opCode === OpCode.QUERY) return parseOpQuery(buffer, requestId);
  throw new WireProtocolError(`unsupported opcode ${opCode}`);
}

let lastResponseId = 0;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const head = Buffer.alloc(HEADER_SIZE);
  lastResponseId = (lastResponseId + 1) & 0x7fffffff;
  head.writeInt32LE(length, 0);
  head.writeInt32LE(lastResponseId, 4);
  head.writeInt32LE(responseTo, 8);
  head.writeInt32LE(opCode, 12);
  return head;
}

/** OP_MSG reply: flagBits 0 and a single kind 0 section. */
function encodeOpMsg(responseTo: number, reply: Document): Buffer {
  const body = serialize(reply);
  const prefix = Buffer.alloc(5);
  const length = HEADER_SIZE + prefix.length + body.length;
  return Buffer.concat([header(length, responseTo, OpCode.MSG), prefix, body]);
}

/** OP_REPLY: responseFlags, cursorID 0, startingFrom 0, numberReturned 1, the document. */
function encodeOpReply(responseTo: number, reply: Document): Buffer {
  const body = serialize(reply);
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(1, 16);
  const length = HEADER_SIZE + fields.length + body.length;
  return Buffer.concat([header(length, responseTo, OpCode.REPLY), fields, body]);
}

/** Encodes the reply with the opcode that matches the request (OP_QUERY -> OP_REPLY). */
export function encodeReply(request: CommandRequest, reply: Document): Buffer {
  return request.opCode === OpCode.QUERY
    ? encodeOpReply(request.requestId, reply)
    : encodeOpMsg(request.requestId, reply);
}
