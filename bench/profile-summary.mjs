/**
 * Summarises a V8 .cpuprofile: self time by package / source file and the hottest functions.
 *
 *   node bench/profile-summary.mjs /tmp/prof/bot-1234.cpuprofile [top=25] [skipMs=0]
 *
 * skipMs leaves out the first milliseconds of the recording (start-up: module loading, compiling),
 * and idle time is left out of the percentages.
 */
import { readFileSync } from 'node:fs';

const [file, topArg, skipArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const skipUs = Number(skipArg ?? 0) * 1000;
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
const deltas = profile.timeDeltas;
let elapsed = 0;
let idleUs = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  elapsed += deltas[i] ?? 0;
  if (elapsed < skipUs) continue;
  if (byId.get(id).callFrame.functionName === '(idle)') {
    idleUs += deltas[i] ?? 0;
    continue;
  }
  selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

function bucketOf(url) {
  if (!url) return '(native/vm)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const src = url.indexOf('/src/');
  return src >= 0 ? url.slice(src + 1) : url;
}

const buckets = new Map();
const fns = new Map();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  const cf = node.callFrame;
  const b = cf.functionName === '(garbage collector)' ? '(gc)' : cf.functionName === '(idle)' ? '(idle)' : cf.functionName === '(program)' ? '(program)' : bucketOf(cf.url);
  buckets.set(b, (buckets.get(b) ?? 0) + us);
  const key = `${cf.functionName || '(anonymous)'} ${bucketOf(cf.url)}:${cf.lineNumber + 1}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
}
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
console.log(`busy ${(total / 1e6).toFixed(2)} s, idle ${(idleUs / 1e6).toFixed(2)} s (after the first ${skipUs / 1000} ms)\n\nself time by package / file (share of busy time):`);
for (const [b, us] of [...buckets].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${b}`);
console.log('\nhottest functions (self):');
for (const [f, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${f}`);
