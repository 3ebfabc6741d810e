/**
 * The benchmarks' MongoDB as its own process, so that the database's CPU is neither the load
 * generator's nor the bot's: the same backend selection as the tests (a real mongod through
 * mongodb-memory-server when a binary is on this machine, else the in-process wire server).
 * Prints `mongo-ready <kind> <uri>` when it accepts connections.
 */
import { startMongoBackend } from '../test/support/mongo-backend.js';

const backend = await startMongoBackend();
process.stdout.write(`mongo-ready ${backend.kind} ${backend.uri}\n`);
process.once('SIGTERM', () => void backend.stop().then(() => process.exit(0)));
