// Scores silver.asset_sources against a sandbox world's ground truth: pairwise precision and
// recall of "these two bronze records are the same machine". Used by tests and the benchmark.
import type { SqlSession } from '../../../db/store/types.ts';

export interface MachineRecords {
  gcpInstanceIds: string[];
  s1AgentIds: string[];
  vngServerIds: string[];
  fortigateMacs: string[];
}

export interface MergeScore {
  records: number;
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

export async function scoreMerge(
  db: SqlSession,
  machines: Record<string, MachineRecords>,
): Promise<MergeScore> {
  const machineOf = new Map<string, string>();
  for (const [id, m] of Object.entries(machines)) {
    for (const x of m.gcpInstanceIds) machineOf.set(`bronze.gcp_compute_instances|${x}`, id);
    for (const x of m.s1AgentIds) machineOf.set(`bronze.s1_agents|${x}`, id);
    for (const x of m.vngServerIds) machineOf.set(`bronze.vng_servers|${x}`, id);
    for (const x of m.fortigateMacs) machineOf.set(`mac|${x}`, id);
  }
  const rows = await db.query('SELECT resource_id, source_table, record_id FROM silver.asset_sources');
  const byAsset = new Map<string, number>();
  const byMachine = new Map<string, number>();
  const byCell = new Map<string, number>();
  let records = 0;
  for (const r of rows) {
    const table = String(r.source_table);
    const id = String(r.record_id);
    const key =
      table === 'bronze.fortinet_detected_devices' ? `mac|${id.split('/').pop() ?? ''}` : `${table}|${id}`;
    const machine = machineOf.get(key);
    if (!machine) continue;
    records++;
    const asset = String(r.resource_id);
    byAsset.set(asset, (byAsset.get(asset) ?? 0) + 1);
    byMachine.set(machine, (byMachine.get(machine) ?? 0) + 1);
    byCell.set(`${asset}|${machine}`, (byCell.get(`${asset}|${machine}`) ?? 0) + 1);
  }
  const sum = (m: Map<string, number>): number => [...m.values()].reduce((s, n) => s + pairs(n), 0);
  const truePositives = sum(byCell);
  const predictedPairs = sum(byAsset);
  const truePairs = sum(byMachine);
  return {
    records,
    truePairs,
    predictedPairs,
    truePositives,
    falsePositives: predictedPairs - truePositives,
    falseNegatives: truePairs - truePositives,
    precision: predictedPairs === 0 ? 1 : truePositives / predictedPairs,
    recall: truePairs === 0 ? 1 : truePositives / truePairs,
  };
}
