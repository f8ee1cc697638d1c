// The V8 old-space cap every hotpot process runs with. Without one, V8 sizes the heap from the
// machine's memory and defers major collections: an ingest of 100k VMs on a 24 GB machine grew to
// ~2 GiB of mostly garbage. 1536 MiB leaves room for normalizing a 100k-machine organisation in
// the same process (resolution holds every identity in memory; 768 MiB ran out at `large`); the
// deployed ingest workers, which need far less, run with 768 MiB (NODE_OPTIONS in deploy/k8s; ingest
// are limited to 1 GiB). HOTPOT_MAX_OLD_SPACE_MIB overrides the default; an explicit
// --max-old-space-size (command line or NODE_OPTIONS) always wins.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export const DEFAULT_HEAP_CAP_MIB = 1536;

/** The cap this environment asks for, in MiB. */
export function heapCapMiB(env = process.env) {
  const raw = env.HOTPOT_MAX_OLD_SPACE_MIB;
  if (raw === undefined || raw === '') return DEFAULT_HEAP_CAP_MIB;
  const mib = Number(raw);
  if (!Number.isInteger(mib) || mib < 64) {
    throw new Error(`HOTPOT_MAX_OLD_SPACE_MIB must be a whole number of MiB, at least 64; got "${raw}".`);
  }
  return mib;
}

/** Whether this process was started with an explicit old-space cap. */
export function hasHeapCap(execArgv = process.execArgv, env = process.env) {
  const flags = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  return flags.some((f) => f.startsWith('--max-old-space-size') || f.startsWith('--max_old_space_size'));
}

// SIGTERM is aimed at one process (kill, docker stop, child.kill()): pass it on. Ctrl-C and a
// closed terminal signal the whole foreground process group, so the child already gets SIGINT
// and SIGHUP itself; passing them on would deliver them twice (a worker stops gracefully on the
// first SIGINT and dies on the second). The parent only has to survive them.
const FORWARDED = ['SIGTERM'];
const OWN_GROUP = ['SIGINT', 'SIGHUP'];

/**
 * Runs `script` again in a child under the cap, unless this process already has one. Resolves to
 * the child's exit code (SIGTERM is passed on to it, stdio is shared), or to undefined when this
 * process is the capped one and should do the work itself.
 */
export function relaunchUnderHeapCap(script, args = process.argv.slice(2)) {
  if (hasHeapCap()) return Promise.resolve(undefined);
  const child = spawn(
    process.execPath,
    [`--max-old-space-size=${heapCapMiB()}`, ...process.execArgv, script, ...args],
    { stdio: 'inherit' },
  );
  const forward = (signal) => child.kill(signal);
  const ignore = () => undefined;
  for (const signal of FORWARDED) process.on(signal, forward);
  for (const signal of OWN_GROUP) process.on(signal, ignore);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      for (const s of FORWARDED) process.off(s, forward);
      for (const s of OWN_GROUP) process.off(s, ignore);
      // A child ended by a signal reports it the way a shell does.
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}
