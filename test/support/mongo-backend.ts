/**
 * Chooses the MongoDB used by tests and the local run:
 *   1. MONGODB_URI when set ("external"),
 *   2. a real mongod through mongodb-memory-server-core, only if a binary is already on this machine
 *      (MONGOMS_SYSTEM_BINARY or the library's binary cache; never downloads),
 *   3. otherwise the in-process wire-protocol server built on bson + mingo ("in-process").
 * Importable from plain node through tsx (no vitest imports here).
 */
import { randomBytes } from 'node:crypto';
import type { Db, MongoClient } from 'mongodb';
import { InProcessMongoServer } from './mongo/index.js';

export type MongoBackendKind = 'external' | 'mongodb-memory-server' | 'in-process';

export interface MongoBackend {
  readonly uri: string;
  readonly kind: MongoBackendKind;
  stop(): Promise<void>;
  /** Simulates an outage (not available for an external server). */
  pause?(): Promise<void>;
  resume?(): Promise<void>;
}

/** Human-readable backend names, as printed in the test log line. */
export const MONGO_BACKEND_LABELS: Record<MongoBackendKind, string> = {
  external: 'external (MONGODB_URI)',
  'mongodb-memory-server': 'mongodb-memory-server (real mongod)',
  'in-process': 'in-process (bson+mingo)',
};

const LOCATE_TIMEOUT_MS = 5_000;
const START_TIMEOUT_MS = 30_000;

function log(message: string): void {
  process.stdout.write(`[mongo] ${message}\n`);
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Rejects after `ms`; `onLate` receives the value if the promise settles after the timeout. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string, onLate?: (value: T) => void): Promise<T> {
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new Error(`${what} did not finish within ${ms} ms`));
    }, ms);
  });
  const guarded = promise.then((value) => {
    if (timedOut) onLate?.(value);
    return value;
  });
  return Promise.race([guarded, timeout]).finally(() => clearTimeout(timer));
}

function externalBackend(uri: string): MongoBackend {
  return { uri, kind: 'external', stop: () => Promise.resolve() };
}

/** Path of a mongod binary already present (system binary or cache), without any download. */
async function locateMongodBinary(): Promise<string | undefined> {
  const { DryMongoBinary } = await import('mongodb-memory-server-core');
  const options = await DryMongoBinary.generateOptions();
  return DryMongoBinary.locateBinary(options);
}

async function startMemoryServer(binaryPath: string): Promise<MongoBackend> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const server = await withTimeout(
    MongoMemoryServer.create({ binary: { systemBinary: binaryPath } }),
    START_TIMEOUT_MS,
    'starting mongod',
    (late) => void late.stop(),
  );
  return {
    uri: server.getUri(),
    kind: 'mongodb-memory-server',
    stop: async () => {
      await server.stop();
    },
    pause: async () => {
      await server.stop({ doCleanup: false });
    },
    resume: () => server.start(true),
  };
}

async function tryMemoryServer(): Promise<MongoBackend | undefined> {
  try {
    const binaryPath = await withTimeout(locateMongodBinary(), LOCATE_TIMEOUT_MS, 'locating a mongod binary');
    if (!binaryPath) {
      log('no mongod binary (MONGOMS_SYSTEM_BINARY unset, none in the mongodb-memory-server cache): skipping mongodb-memory-server');
      return undefined;
    }
    return await startMemoryServer(binaryPath);
  } catch (error) {
    log(`mongodb-memory-server unavailable (${describeError(error)}): using the in-process server`);
    return undefined;
  }
}

async function startInProcess(): Promise<MongoBackend> {
  const server = await InProcessMongoServer.start();
  return {
    uri: server.uri,
    kind: 'in-process',
    stop: () => server.stop(),
    pause: () => server.pause(),
    resume: () => server.resume(),
  };
}

/** Starts (or selects) the MongoDB backend; see the module comment for the order. */
export async function startMongoBackend(): Promise<MongoBackend> {
  const external = process.env.MONGODB_URI;
  if (external) return externalBackend(external);
  return (await tryMemoryServer()) ?? startInProcess();
}

/** Hides credentials in a connection string before it is logged. */
export function redactMongoUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

/** The URI set by the vitest global setup (test workers inherit it through the environment). */
export function testMongoUri(): string {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run the tests through vitest (test/support/global-setup.ts)');
  return uri;
}

function sanitizeDbName(prefix: string): string {
  return prefix.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
}

/** A database with a unique name (prefix + random suffix), so test files never share data. */
export async function freshTestDb(client: MongoClient, prefix: string): Promise<Db> {
  const name = `${sanitizeDbName(prefix)}_${randomBytes(6).toString('hex')}`;
  const db = client.db(name);
  await db.dropDatabase();
  return db;
}
