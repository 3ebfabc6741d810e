import { MongoClient, type Db } from 'mongodb';
import type { Logger } from '../logging/logger.js';

export interface MongoConnection {
  client: MongoClient;
  db: Db;
  /** true when a `ping` answers within the timeout; used by /readyz. */
  isReachable(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function connectMongo(uri: string, dbName: string, logger: Logger): Promise<MongoConnection> {
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 5_000,
    maxPoolSize: 50,
    retryWrites: true,
    retryReads: true,
    appName: 'samhandlingsbot',
  });
  await client.connect();
  const db = client.db(dbName);
  logger.info('mongo connected', { db: dbName });
  return {
    client,
    db,
    isReachable: (timeoutMs = 1_000) => pingWithin(db, timeoutMs),
    close: () => client.close(),
  };
}

async function pingWithin(db: Db, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ping = db
    .command({ ping: 1 }, { timeoutMS: timeoutMs })
    .then(() => true)
    .catch(() => false);
  const result = await Promise.race([ping, timeout]);
  clearTimeout(timer);
  return result;
}

/** Creates the collection with its validator, or updates the validator when it exists. */
export async function ensureCollection(db: Db, name: string, validator: Record<string, unknown>): Promise<void> {
  const exists = (await db.listCollections({ name }, { nameOnly: true }).toArray()).length > 0;
  if (exists) {
    await db.command({ collMod: name, validator, validationLevel: 'strict', validationAction: 'error' });
  } else {
    await db.createCollection(name, { validator, validationLevel: 'strict', validationAction: 'error' });
  }
}
