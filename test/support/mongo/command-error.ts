import type { Document } from 'bson';
import { MingoError } from 'mingo/util';

/** Server error codes used by this in-process server (same numbers as mongod). */
export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CommandNotSupported: 115,
  DocumentValidationFailure: 121,
  DuplicateKey: 11000,
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;

/** A command failure that is turned into a server-shaped error reply or write error. */
export class CommandError extends Error {
  readonly code: number;

  constructor(
    readonly codeName: ErrorCodeName,
    message: string,
    readonly extra: Document = {},
  ) {
    super(message);
    this.name = 'CommandError';
    this.code = ErrorCodes[codeName];
  }

  /** Reply for a failed command: `{ ok: 0, errmsg, code, codeName, ... }`. */
  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }

  /** Entry of a write command's `writeErrors` array. */
  toWriteError(index: number): Document {
    return { index, code: this.code, codeName: this.codeName, errmsg: this.message, ...this.extra };
  }
}

/** Maps any thrown value (mingo errors, bugs) to a CommandError. */
export function toCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  if (error instanceof MingoError) return fromMingoError(error);
  const message = error instanceof Error ? error.message : String(error);
  return new CommandError('InternalError', `in-process server error: ${message}`);
}

function fromMingoError(error: MingoError): CommandError {
  const message = error.message;
  if (/immutable field/i.test(message)) return new CommandError('ImmutableField', message);
  if (/Unknown update operator/i.test(message)) return new CommandError('FailedToParse', message);
  if (/Cannot apply|non-numeric|must be a number/i.test(message)) return new CommandError('TypeMismatch', message);
  return new CommandError('BadValue', message);
}
