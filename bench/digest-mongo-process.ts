/**
 * MongoDB for `npm run bench:digest` in its own process (the same backend selection as the tests),
 * so that the benchmark's memory figures are the digest's, not the in-process database's.
 * Prints `mongodb-uri <uri>` once ready; stops on SIGTERM.
 */
import { startMongoBackend } from '../test/support/mongo-backend.js';

const backend = await startMongoBackend();
process.stdout.write(`mongodb-backend ${backend.kind}\nmongodb-uri ${backend.uri}\n`);
process.once('SIGTERM', () => {
  void backend.stop().finally(() => process.exit(0));
});
