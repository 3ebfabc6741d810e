import os from 'node:os';
import type { Document } from 'bson';
import type { CommandContext, CommandHandler } from '../command-context.js';

/** The server version this in-process server claims to be (wire version 21 = MongoDB 7.0). */
export const SERVER_VERSION = '7.0.0';
export const MAX_WIRE_VERSION = 21;
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
export const MAX_MESSAGE_SIZE_BYTES = 48_000_000;
export const MAX_WRITE_BATCH_SIZE = 100_000;

function helloFields(ctx: CommandContext): Document {
  return {
    helloOk: true,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE_BYTES,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
  };
}

/** `hello`: standalone, writable primary. No topologyVersion, so the driver polls instead of streaming. */
const hello: CommandHandler = (_cmd, ctx) => ({ isWritablePrimary: true, ...helloFields(ctx) });

/** Legacy `isMaster` / `ismaster` (used by the driver's OP_QUERY handshake). */
const isMaster: CommandHandler = (_cmd, ctx) => ({ ismaster: true, ...helloFields(ctx) });

const buildInfo: CommandHandler = () => ({
  version: SERVER_VERSION,
  gitVersion: 'in-process-bson-mingo',
  versionArray: [7, 0, 0, 0],
  modules: [],
  allocator: 'system',
  javascriptEngine: 'none',
  sysInfo: 'deprecated',
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  storageEngines: ['inMemory'],
});

const hostInfo: CommandHandler = () => ({
  system: {
    currentTime: new Date(),
    hostname: os.hostname(),
    cpuAddrSize: 64,
    memSizeMB: Math.round(os.totalmem() / 1024 / 1024),
    numCores: os.cpus().length,
    cpuArch: os.arch(),
  },
  os: { type: os.type(), name: os.platform(), version: os.release() },
  extra: {},
});

const PARAMETERS: Document = {
  featureCompatibilityVersion: { version: '7.0' },
  authenticationMechanisms: [],
  transactionLifetimeLimitSeconds: 60,
};

/** `getParameter: '*'` returns all known parameters, otherwise those requested with a truthy value. */
const getParameter: CommandHandler = (cmd) => {
  if (cmd.getParameter === '*') return { ...PARAMETERS };
  return Object.fromEntries(Object.keys(cmd).filter((key) => key in PARAMETERS).map((key) => [key, PARAMETERS[key]]));
};

const serverStatus: CommandHandler = (_cmd, ctx) => {
  const stats = ctx.stats();
  const uptimeMillis = Date.now() - stats.startedAt.getTime();
  return {
    host: os.hostname(),
    version: SERVER_VERSION,
    process: 'mongod',
    pid: process.pid,
    uptime: Math.floor(uptimeMillis / 1000),
    uptimeMillis,
    localTime: new Date(),
    connections: { current: stats.currentConnections, available: 1000, totalCreated: stats.totalConnections },
  };
};

const connectionStatus: CommandHandler = () => ({
  authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] },
});

const acknowledge: CommandHandler = () => ({});

export const SERVER_COMMANDS: Record<string, CommandHandler> = {
  hello,
  isMaster,
  ismaster: isMaster,
  ping: acknowledge,
  buildInfo,
  buildinfo: buildInfo,
  hostInfo,
  getParameter,
  serverStatus,
  connectionStatus,
  endSessions: acknowledge,
  refreshSessions: acknowledge,
  whatsmyuri: () => ({ you: '127.0.0.1' }),
  getCmdLineOpts: () => ({ argv: ['mongod'], parsed: {} }),
};
