// Stable asset ids. A new machine gets an id derived from its anchor record (the strongest
// identity it has), so rebuilding from scratch gives the same ids; an existing machine keeps the
// id it had in the previous silver.asset_sources whenever its records still resolve together,
// even if its anchor changed (an agent that later got matched to its VM keeps the VM's asset id
// only if the VM had it; otherwise the larger share wins).
import { createHash } from 'node:crypto';
import { ANCHOR_ORDER, recordKey, type IdentityRecord } from './records.ts';

export function derivedAssetId(anchor: IdentityRecord): string {
  return `a-${createHash('sha256').update(recordKey(anchor)).digest('hex').slice(0, 20)}`;
}

export function anchorOf(records: readonly IdentityRecord[]): IdentityRecord {
  let best: IdentityRecord | undefined;
  for (const r of records) {
    if (!best) best = r;
    const rank = ANCHOR_ORDER.indexOf(r.table);
    const bestRank = ANCHOR_ORDER.indexOf(best.table);
    if (rank < bestRank || (rank === bestRank && recordKey(r) < recordKey(best))) best = r;
  }
  if (!best) throw new Error('an asset needs at least one record');
  return best;
}

/**
 * Assigns one id per cluster. `previous` maps record keys to the asset id they had. Clusters are
 * served largest first, each taking the previous id most of its records carried, once only.
 */
export function assignAssetIds(
  clusters: readonly (readonly IdentityRecord[])[],
  previous: ReadonlyMap<string, string>,
): string[] {
  const ids = new Array<string>(clusters.length);
  const taken = new Set<string>();
  const order = clusters
    .map((_, i) => i)
    .sort((a, b) => (clusters[b]?.length ?? 0) - (clusters[a]?.length ?? 0));
  const pending: number[] = [];
  for (const i of order) {
    const votes = new Map<string, number>();
    for (const r of clusters[i] ?? []) {
      const id = previous.get(recordKey(r));
      if (id) votes.set(id, (votes.get(id) ?? 0) + 1);
    }
    const ranked = [...votes]
      .filter(([id]) => !taken.has(id))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const pick = ranked[0]?.[0];
    if (pick) {
      ids[i] = pick;
      taken.add(pick);
    } else pending.push(i);
  }
  for (const i of pending) {
    let id = derivedAssetId(anchorOf(clusters[i] ?? []));
    // A split can leave the derived id with the other half; suffix to keep ids unique.
    for (let n = 2; taken.has(id); n++) id = `${derivedAssetId(anchorOf(clusters[i] ?? []))}-${n}`;
    ids[i] = id;
    taken.add(id);
  }
  return ids;
}
