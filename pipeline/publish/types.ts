import type { Migration } from '../../db/migrations/types.ts';

/** One table batch finished (or skipped because nothing changed). */
export interface TablePublishResult {
  /** Qualified root table of the batch, e.g. bronze.gcp_compute_instances. */
  readonly table: string;
  /** Rows staged on the central database (current rows, history versions, deletions). */
  readonly rowsSent: number;
  /** Current rows inserted, replaced or deleted centrally. */
  readonly currentWritten: number;
  /** History versions inserted or closed centrally. */
  readonly historyWritten: number;
  /** Current rows left alone because the central database holds a newer collection. */
  readonly skippedOlder: number;
  /** Latest collection time in the batch, when the table has one. */
  readonly collectedAt: string | null;
  /**
   * How the batch reached the central tables: copied straight in (first publish of sources the
   * central side holds nothing of), or staged and merged.
   */
  readonly path: 'direct' | 'merge';
  readonly ms: number;
}

export interface PublishResult {
  readonly publishId: string;
  readonly publisherId: string;
  /** Central database, password removed. */
  readonly target: string;
  readonly migrationsApplied: readonly string[];
  readonly tables: readonly TablePublishResult[];
  readonly rowsWritten: number;
  readonly ms: number;
}

export interface PublishProgress {
  /** Table batches finished so far. */
  readonly done: number;
  readonly total: number;
  readonly table: string;
  readonly phase: 'start' | 'staged' | 'committed';
  readonly result?: TablePublishResult;
}

export interface PublishOptions {
  /** Stable id of the publishing workspace; recorded in the central publish log and watermarks. */
  readonly publisherId: string;
  /** Qualified root (or plain) table names to publish; all publishable tables by default. */
  readonly tables?: readonly string[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: PublishProgress) => void;
  /** Migrations applied to the central database; the product list by default. */
  readonly migrations?: readonly Migration[];
  /** Read-only role granted SELECT on every layer; `hotpot_reader` by default, `false` for none. */
  readonly readerRole?: string | false;
  /** Rows per COPY into a staging table; bounds memory, not atomicity. */
  readonly chunkRows?: number;
  /**
   * Copy a first publish straight into the central tables when they hold no row of its sources
   * (true by default); false always stages and merges (tests compare both paths).
   */
  readonly directCopy?: boolean;
  /**
   * Test hook: called after a batch is staged and before it merges, while its transaction is open.
   * Crash tests kill the process here to prove an unfinished batch leaves nothing behind.
   */
  readonly afterStage?: (table: string) => Promise<void> | void;
}
