/**
 * Preload for the memory benchmark: SIGUSR2 runs a full garbage collection, so resident memory can
 * be read after a forced settle without a debug endpoint in the bot. Enabled only by
 * bench/memory-drafts.ts through NODE_OPTIONS.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
process.on('SIGUSR2', () => {
  gc();
  process.stderr.write('gc-done\n');
});
