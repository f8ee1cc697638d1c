import type { SnapshotRecord } from '../history/types.ts';
import type { SqlSession } from '../store/types.ts';

export interface WidgetShape {
  id: string;
  name?: string;
  size?: number;
  heartbeat?: string | null;
  nics?: Record<string, { ip: string; addresses?: Record<string, string> }>;
  labels?: Record<string, string>;
}

/** Builds a test-widget record from a compact description. */
export function widget(shape: WidgetShape): SnapshotRecord {
  const nics = Object.entries(shape.nics ?? { nic0: { ip: '10.0.0.1' } });
  return {
    row: {
      resource_id: shape.id,
      name: shape.name ?? `name-${shape.id}`,
      size: shape.size ?? 1,
      enabled: true,
      config_json: { zone: 'a', tags: ['x'] },
      heartbeat: shape.heartbeat ?? null,
    },
    children: {
      test_widget_nics: nics.map(([nic_name, nic]) => ({ nic_name, ip: nic.ip, mac: null })),
      test_widget_nic_addresses: nics.flatMap(([nic_name, nic]) =>
        Object.entries(nic.addresses ?? {}).map(([address, tier]) => ({ nic_name, address, tier })),
      ),
      test_widget_labels: Object.entries(shape.labels ?? {}).map(([key, value]) => ({ key, value })),
    },
  };
}

/** Number of rows in each history table of the test catalog, summed. */
export async function historyRows(session: SqlSession, sourceId?: string): Promise<number> {
  let total = 0;
  for (const table of [
    'test_widgets',
    'test_widget_nics',
    'test_widget_nic_addresses',
    'test_widget_labels',
  ]) {
    const [row] = await session.query<{ n: number }>(
      `SELECT count(*) AS n FROM bronze_history.${table}${sourceId ? ' WHERE source_id = $1' : ''}`,
      sourceId ? [sourceId] : [],
    );
    total += Number(row?.n ?? 0);
  }
  return total;
}
