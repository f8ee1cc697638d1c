import MiniSearch from 'minisearch';
import type { ActiveExample } from './examples.ts';
import type { SemanticCatalog, SemanticTable } from './semantic-catalog.ts';

export interface Retrieved {
  readonly tables: readonly SemanticTable[];
  readonly examples: readonly ActiveExample[];
}

interface Doc {
  id: string;
  kind: 'table' | 'example';
  name: string;
  text: string;
}

// Words analysts use that the schema spells differently; expanding the question with them lets a
// lexical index find "public IP" in `nat_ip` and "EDR" in the SentinelOne tables.
const SYNONYMS: Record<string, string> = {
  vm: 'instance instances server compute',
  vms: 'instance instances server compute',
  machine: 'instance server agent endpoint',
  machines: 'instance server agent endpoint',
  public: 'external nat_ip access config floating',
  internet: 'external nat_ip 0.0.0.0/0 access config exposed',
  exposed: 'external nat_ip access config internet',
  edr: 'sentinelone s1 agent',
  sentinelone: 's1 agent agents',
  agent: 's1 agents',
  ssh: '22 firewall allowed ports',
  rdp: '3389 firewall allowed ports',
  firewall: 'firewalls allowed rules policy',
  cve: 'cve risks vulnerable application base_score',
  cves: 'cve risks vulnerable application base_score',
  vulnerability: 'cve risks vulnerable',
  changed: 'history version valid_from',
  change: 'history version valid_from',
  vng: 'vng servers vserver',
  gcp: 'gcp compute google',
  fortigate: 'fortinet',
  stale: 'last_active_date agent',
  cis: 'compliance controls',
};

function expand(question: string): string {
  const words = question.toLowerCase().match(/[a-z0-9_./]+/g) ?? [];
  return [question, ...words.map((w) => SYNONYMS[w] ?? '')].join(' ');
}

const tokenize = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 1);

function tableText(t: SemanticTable): string {
  return [
    t.name.replace(/[._]/g, ' '),
    t.description,
    ...t.examples,
    ...t.columns.map((c) => `${c.name.replace(/_/g, ' ')} ${c.description}`),
  ].join(' ');
}

/**
 * Lexical retrieval (MiniSearch, BM25) over the semantic catalog and the active example pairs:
 * a local model gets the few tables a question needs instead of the whole catalog. Tables
 * used by the best examples and the parents of retrieved child tables come along, because the
 * SQL will join them.
 */
export class Retriever {
  private readonly index: MiniSearch<Doc>;

  constructor(
    private readonly semantic: SemanticCatalog,
    private readonly examples: readonly ActiveExample[],
  ) {
    this.index = new MiniSearch<Doc>({
      fields: ['name', 'text'],
      storeFields: ['kind'],
      tokenize,
      searchOptions: { boost: { name: 2 }, prefix: true, fuzzy: 0.15, combineWith: 'OR' },
    });
    this.index.addAll([
      ...semantic.tables.map((t) => ({
        id: `t:${t.name}`,
        kind: 'table' as const,
        name: t.name,
        text: tableText(t),
      })),
      ...examples.map((e) => ({
        id: `e:${e.pair.id}`,
        kind: 'example' as const,
        name: e.pair.question,
        text: `${e.pair.question} ${e.pair.note ?? ''} ${e.pair.tables.join(' ').replace(/[._]/g, ' ')}`,
      })),
    ]);
  }

  retrieve(question: string, limits: { tables?: number; examples?: number } = {}): Retrieved {
    const maxTables = limits.tables ?? 6;
    const maxExamples = limits.examples ?? 3;
    const hits = this.index.search(expand(question));
    const exampleById = new Map(this.examples.map((e) => [`e:${e.pair.id}`, e]));
    // Once silver and gold exist their pairs are the better answer (entity resolution, rule
    // results), so they rank ahead of a bronze pair that matches about as well.
    const examples = hits
      .filter((h) => h.kind === 'example')
      .map((h) => ({ example: exampleById.get(String(h.id)), score: h.score }))
      .filter((x): x is { example: ActiveExample; score: number } => x.example !== undefined)
      .map((x) => ({
        example: x.example,
        score: x.example.pair.tables.some((t) => /^(silver|gold)\./.test(t)) ? x.score * 1.5 : x.score,
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, maxExamples)
      .map((x) => x.example);
    const names: string[] = [];
    const add = (name: string): void => {
      if (!names.includes(name) && this.semantic.find(name)) names.push(name);
    };
    for (const e of examples.slice(0, 1)) e.pair.tables.forEach(add);
    for (const h of hits) {
      if (names.length >= maxTables) break;
      if (h.kind === 'table') add(String(h.id).slice(2));
    }
    for (const e of examples.slice(1)) e.pair.tables.forEach(add);
    // A child table is only usable with the parent it joins to.
    for (let i = 0; i < names.length; i++) {
      const parent = this.semantic.find(names[i] as string)?.parent;
      if (parent) add(parent.table);
    }
    return {
      tables: names.map((n) => this.semantic.find(n)).filter((t): t is SemanticTable => !!t),
      examples,
    };
  }
}
