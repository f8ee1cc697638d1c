// Whether every bronze listing silver reads was complete. Silver deletes assets that vanished
// only then; after a cut-short listing it keeps what it had (DESIGN §4).
import type { SqlSession } from '../../db/store/types.ts';

export const SOURCE_TABLES = [
  'bronze.gcp_compute_instances',
  'bronze.gcp_compute_firewalls',
  'bronze.vng_servers',
  'bronze.vng_secgroups',
  'bronze.s1_agents',
  'bronze.s1_agent_applications',
  'bronze.s1_application_risks',
  'bronze.fortinet_detected_devices',
] as const;

export async function bronzeComplete(
  db: SqlSession,
  sourceIds?: readonly string[],
): Promise<{ complete: boolean; incomplete: string[] }> {
  const rows = await db.query(
    `SELECT table_name, source_id, scope FROM meta.sync_scopes
      WHERE complete = false AND table_name IN (${SOURCE_TABLES.map((_, i) => `$${i + 1}`).join(', ')})`,
    [...SOURCE_TABLES],
  );
  const wanted = sourceIds ? new Set(sourceIds) : undefined;
  const incomplete = rows
    .filter((r) => !wanted || wanted.has(String(r.source_id)))
    .map((r) => `${String(r.table_name)} ${String(r.source_id)}/${String(r.scope)}`);
  return { complete: incomplete.length === 0, incomplete };
}
