// Union-find over record indexes that refuses merges contradicting strong identity: two machines
// with different cloud instance ids, or (for weak evidence) two records of one exclusive table.
import { EXCLUSIVE_TABLES, type IdentityRecord, type RecordTable } from './records.ts';

interface Component {
  cloudId: string | undefined;
  tables: Set<RecordTable>;
}

export class GuardedUnionFind {
  private readonly parent: Int32Array;
  private readonly rank: Uint8Array;
  private readonly info: (Component | undefined)[];

  constructor(records: readonly IdentityRecord[]) {
    this.parent = new Int32Array(records.length);
    this.rank = new Uint8Array(records.length);
    this.info = records.map((r) => ({
      // A VM owns its id; an agent's claim is a strong identity too (it names one VM).
      cloudId: r.cloudId,
      tables: new Set(EXCLUSIVE_TABLES.has(r.table) ? [r.table] : []),
    }));
    for (let i = 0; i < records.length; i++) this.parent[i] = i;
  }

  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root] as number;
    while (this.parent[i] !== root) {
      const next = this.parent[i] as number;
      this.parent[i] = root;
      i = next;
    }
    return root;
  }

  /** Whether a and b may join. `strict` also refuses two records of one exclusive table. */
  canUnion(a: number, b: number, strict: boolean): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return true;
    const ia = this.info[ra] as Component;
    const ib = this.info[rb] as Component;
    if (ia.cloudId && ib.cloudId && ia.cloudId !== ib.cloudId) return false;
    if (strict) for (const t of ia.tables) if (ib.tables.has(t)) return false;
    return true;
  }

  /** Joins a and b when allowed; returns whether they are now one component. */
  union(a: number, b: number, strict: boolean): boolean {
    if (!this.canUnion(a, b, strict)) return false;
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return true;
    if ((this.rank[ra] as number) < (this.rank[rb] as number)) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    if (this.rank[ra] === this.rank[rb]) this.rank[ra] = (this.rank[ra] as number) + 1;
    const ia = this.info[ra] as Component;
    const ib = this.info[rb] as Component;
    ia.cloudId ??= ib.cloudId;
    for (const t of ib.tables) ia.tables.add(t);
    this.info[rb] = undefined;
    return true;
  }
}
