import type { Catalog } from './catalog.ts';
import { historyColumns } from './define.ts';
import { historySchema, type TableSpec } from './types.ts';

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replace(/\s+/g, ' ');
}

function tableSection(spec: TableSpec): string {
  const lines = [`### ${spec.layer}.${spec.name}`, '', spec.description, ''];
  const facts = [`kind: ${spec.kind}`, `primary key: ${spec.primaryKey.join(', ')}`];
  if (spec.parent)
    facts.push(
      `parent: ${spec.layer}.${spec.parent.table} (natural key: ${spec.parent.naturalKey.join(', ')})`,
    );
  facts.push(
    spec.history
      ? `history: ${historySchema(spec.layer)}.${spec.name} (${historyColumns(spec).length} columns)`
      : 'history: none',
  );
  lines.push(
    facts.map((f) => `- ${f}`).join('\n'),
    '',
    '| column | type | null | description |',
    '|---|---|---|---|',
  );
  for (const c of spec.columns) {
    const flags = [c.volatile ? 'volatile' : '', c.standard ? 'standard' : ''].filter(Boolean).join(', ');
    lines.push(
      `| ${c.name} | ${c.type} | ${c.nullable ? 'yes' : 'no'} | ${escapeCell(c.description)}${flags ? ` _(${flags})_` : ''} |`,
    );
  }
  return lines.join('\n');
}

/** The data dictionary in Markdown, generated from the catalog (a test keeps the file current). */
export function renderDictionary(catalog: Catalog): string {
  const layers = ['bronze', 'silver', 'gold', 'meta'] as const;
  const out = [
    '# Data dictionary',
    '',
    'Generated from the schema catalog (`db/catalog`) by `npm run docs:dictionary`; do not edit by hand.',
    'Every table with history has a twin in `<layer>_history` with `history_id`, `valid_from`, `valid_to`',
    '(and `parent_history_id` for child tables); see docs/architecture/STORAGE.md.',
    '',
  ];
  for (const layer of layers) {
    const tables = catalog.tables
      .filter((t) => t.layer === layer)
      .sort((a, b) => a.name.localeCompare(b.name));
    if (tables.length === 0) continue;
    out.push(`## ${layer}`, '', ...tables.map((t) => `${tableSection(t)}\n`));
  }
  return `${out.join('\n').trimEnd()}\n`;
}
