import type { TableSpec } from '../catalog/types.ts';
import { HISTORY_ID_BLOCK, historySequence } from '../ddl.ts';
import type { SqlSession } from '../store/types.ts';

/** Hands out history ids for one table from sequence blocks, so a bulk load costs few round trips. */
export class HistoryIds {
  private next = 0;
  private end = 0;
  private pending: number[] = [];

  constructor(private readonly spec: TableSpec) {}

  /** Makes sure `count` more ids can be taken without touching the store. */
  async reserve(session: SqlSession, count: number): Promise<void> {
    const available = this.end - this.next + this.pending.length * HISTORY_ID_BLOCK;
    const blocks = Math.ceil((count - available) / HISTORY_ID_BLOCK);
    if (blocks <= 0) return;
    const rows = await session.query<{ v: number }>(
      session.dialect.sequenceBlocks(historySequence(this.spec), blocks),
    );
    this.pending.push(...rows.map((r) => Number(r.v)));
  }

  take(): number {
    if (this.next >= this.end) {
      const start = this.pending.shift();
      if (start === undefined) throw new Error(`history ids of ${this.spec.name} exhausted: reserve() first`);
      this.next = start;
      this.end = start + HISTORY_ID_BLOCK;
    }
    return this.next++;
  }
}
