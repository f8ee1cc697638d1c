import type { ActiveExample } from './examples.ts';
import type { AgentDialect } from './executor.ts';
import type { TableLink } from './relationships.ts';
import type { SemanticTable } from './semantic-catalog.ts';
import type { ChatMessage } from './types.ts';

const COMMON_RULES = [
  'Answer with exactly one read-only SELECT (WITH … SELECT is fine). Never write, create, attach, copy, load, set or read files.',
  'Use only the tables and columns listed below, always schema-qualified (bronze.x, silver.x, gold.x, <layer>_history.x).',
  'Every row carries source_id (configured account), resource_id (the API id), scope (project/region/site it was listed under) and collected_at.',
  'A child table joins its parent on source_id and resource_id (plus the natural key columns they share), as shown for each table.',
  'Current state is in <layer>.<table>; every version is in <layer>_history.<table> with valid_from and valid_to (NULL = current). Use history only for "changed", "since" or "as of" questions.',
  'Booleans may be NULL: write coalesce(x, false) when NULL should count as false.',
  'Return the identifying columns (resource_id, name) plus the few columns that justify the answer; ORDER BY something stable.',
  'Do not add a LIMIT unless the question asks for a number of rows; the application limits rows itself.',
];

const DIALECT_RULES: Record<AgentDialect, readonly string[]> = {
  duckdb: [
    'The store is DuckDB: write DuckDB SQL.',
    "JSON columns (*_json) hold JSON arrays or objects: CAST(col AS VARCHAR[]) turns a JSON array of strings into a list; list_contains(list, 'x') tests membership; col->>'$.key' reads a field.",
    "Split text with string_split(text, ','), expand a list with unnest(list) in FROM, and use split_part(text, '-', 1) for ranges.",
    "Intervals: now() - INTERVAL '7 days'. Case-insensitive match: ILIKE.",
  ],
  postgres: [
    'The store is PostgreSQL (the central database): write PostgreSQL SQL.',
    "JSON columns (*_json) are jsonb: col @> '[\"x\"]'::jsonb tests whether a JSON array contains the string x (do not use the ? operator); col->>'key' reads a field; jsonb_array_elements_text(col) expands an array.",
    "Split text with string_to_array(text, ','), expand it with unnest(...), and use split_part(text, '-', 1) for ranges.",
    "Intervals: now() - INTERVAL '7 days'. Case-insensitive match: ILIKE. No DuckDB list functions.",
  ],
};

function describeTable(t: SemanticTable): string {
  const lines = [`TABLE ${t.name} -- ${t.description}`];
  lines.push(`  key: (${t.primaryKey.join(', ')})`);
  if (t.parent) lines.push(`  child of ${t.parent.table}: join c = this, p = parent ON ${t.parent.join}`);
  if (t.history) lines.push(`  history: ${t.history} (same columns + valid_from, valid_to)`);
  for (const c of t.columns) lines.push(`  ${c.name} ${c.type}${c.key ? ' KEY' : ''} -- ${c.description}`);
  return lines.join('\n');
}

function describeLink(l: TableLink): string {
  return `${l.from} a JOIN ${l.to} b ON ${l.on} -- ${l.meaning}`;
}

export interface PromptInput {
  readonly question: string;
  readonly dialect: AgentDialect;
  readonly tables: readonly SemanticTable[];
  readonly links: readonly TableLink[];
  readonly examples: readonly ActiveExample[];
}

/**
 * The conversation of a first attempt: a system message with the rules, the dialect, the
 * retrieved tables, their cross-table links and example pairs, then the question.
 */
export function buildMessages(input: PromptInput): ChatMessage[] {
  const names = new Set(input.tables.map((t) => t.name));
  const links = input.links.filter((l) => names.has(l.from) && names.has(l.to));
  const system = [
    "You translate a security analyst's question into one SQL query over the Hotpot Workbench store (cloud, EDR and firewall inventory).",
    '',
    'Rules:',
    ...[...COMMON_RULES, ...DIALECT_RULES[input.dialect]].map((r) => `- ${r}`),
    '',
    'Reply with a JSON object {"sql": "...", "explanation": "..."}: the query, and one or two sentences saying what it returns and any assumption it makes.',
    '',
    'Tables:',
    ...input.tables.map(describeTable),
    ...(links.length > 0 ? ['', 'Joins across tables:', ...links.map(describeLink)] : []),
    ...(input.examples.length > 0
      ? [
          '',
          'Examples:',
          ...input.examples.map(
            (e) => `Q: ${e.pair.question}${e.pair.note ? ` (${e.pair.note})` : ''}\nSQL: ${e.sql}`,
          ),
        ]
      : []),
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: input.question },
  ];
}

/** The message that feeds a failed attempt's error back to the model. */
export function correctionMessage(error: string): ChatMessage {
  return {
    role: 'user',
    content: `That did not work: ${error}\nFix the query and reply again with the JSON object {"sql": "...", "explanation": "..."}.`,
  };
}
