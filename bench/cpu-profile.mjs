/**
 * Preload for profiling a benchmarked process (`--cpu-prof` is not allowed in NODE_OPTIONS on
 * Node 20, `--import` is): starts the V8 profiler at load and writes `<dir>/bot-<pid>.cpuprofile`
 * when the process exits. Enabled by bench/run-benchmark.ts with BENCH_CPU_PROF=<dir>.
 */
import { Session } from 'node:inspector';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROF;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  process.once('exit', () => {
    // The inspector session of the process itself answers synchronously, so this runs before exit.
    session.post('Profiler.stop', (err, result) => {
      if (err) {
        process.stderr.write(`cpu profile not written: ${err.message}\n`);
        return;
      }
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `bot-${process.pid}.cpuprofile`);
      writeFileSync(file, JSON.stringify(result.profile));
      process.stderr.write(`cpu profile written to ${file}\n`);
    });
  });
}
