import { MongoServerError } from 'mongodb';

export const DUPLICATE_KEY = 11000;
export const DOCUMENT_VALIDATION_FAILURE = 121;

export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === DUPLICATE_KEY;
}
