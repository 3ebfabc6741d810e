/**
 * vitest globalSetup: starts one MongoDB backend for the whole run and hands its URI to the test
 * workers through the environment (forked workers are spawned after this runs and inherit
 * process.env). Prints which backend is used.
 */
import { MONGO_BACKEND_LABELS, redactMongoUri, startMongoBackend } from './mongo-backend.js';

export default async function setup(): Promise<() => Promise<void>> {
  const backend = await startMongoBackend();
  process.env.MONGODB_URI = backend.uri;
  process.env.TEST_MONGO_BACKEND = backend.kind;
  process.stdout.write(`[mongo] test backend: ${MONGO_BACKEND_LABELS[backend.kind]} at ${redactMongoUri(backend.uri)}\n`);
  return () => backend.stop();
}
