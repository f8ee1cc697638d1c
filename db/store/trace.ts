// Developer aid: with HOTPOT_TRACE_SQL set, every statement a store runs is written to stderr with
// its duration, so a slow stage can be profiled statement by statement. Parameters are never
// printed (they may hold secrets), only the statement's first characters.
const enabled = Boolean(process.env.HOTPOT_TRACE_SQL);

export async function traced<T>(sql: string, run: () => Promise<T>): Promise<T> {
  if (!enabled) return run();
  const started = performance.now();
  try {
    return await run();
  } finally {
    const ms = Math.round(performance.now() - started);
    process.stderr.write(`[sql ${ms} ms] ${sql.replace(/\s+/g, ' ').trim().slice(0, 160)}\n`);
  }
}
