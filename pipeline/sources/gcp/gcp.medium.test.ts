import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { GCP_TABLES } from '../../../db/catalog/tables/gcp.ts';
import { openStore } from '../../../db/store/open.ts';
import type { Truth } from '../../../sandbox/world/truth.ts';
import { runCli } from '../../cli/run-cli.ts';

const BIN = fileURLToPath(new URL('../../../bin/hotpot.js', import.meta.url));

// The acceptance path exactly as an analyst runs it: `hotpot sandbox --configure` in one process,
// `hotpot run --source gcp --stage ingest` in another, at medium scale (~10k VMs).
test(
  'hotpot run --source gcp --stage ingest loads a medium world completely',
  { timeout: 300_000 },
  async () => {
    const home = join(mkdtempSync(join(tmpdir(), 'hotpot-medium-')), 'ws');
    const sandbox = spawn(
      process.execPath,
      [BIN, 'sandbox', '--scale', 'medium', '--seed', '5', '--configure', '--home', home],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        createInterface({ input: sandbox.stdout }).once('line', resolve);
        sandbox.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
      });
      const control = (JSON.parse(firstLine) as { control: string }).control;
      // --configure writes the sources right after printing the first line.
      await new Promise<void>((resolve) =>
        sandbox.stderr.on('data', (d: Buffer) => /configured/.test(d.toString()) && resolve()),
      );
      const run = await runCli(['run', '--source', 'gcp', '--stage', 'ingest', '--json', '--home', home]);
      expect(run.code, run.stderr).toBe(0);
      const truth = (await (await fetch(`${control}/truth?sections=counts`)).json()) as Truth;
      const store = await openStore(join(home, 'store.duckdb'), { readOnly: true });
      try {
        for (const t of GCP_TABLES) {
          const [row] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM bronze.${t.name}`);
          expect(Number(row?.n), t.name).toBe(truth.counts.gcp?.[t.name]);
        }
        const sample = await store.query<{ resource_id: string; name: string; status: string }>(
          'SELECT resource_id, name, status FROM bronze.gcp_compute_instances USING SAMPLE 25 ROWS',
        );
        expect(sample.length).toBe(25);
        const all = (await (await fetch(`${control}/truth?sections=machines`)).json()) as Truth;
        const known = new Set(Object.values(all.machines).flatMap((m) => m.gcpInstanceIds));
        for (const r of sample) expect(known.has(r.resource_id)).toBe(true);
      } finally {
        await store.close();
      }
    } finally {
      sandbox.kill('SIGTERM');
    }
  },
);
