/** One API object as the collector hands it over: its own columns and its child rows per table. */
export interface SnapshotRecord {
  /** Declared columns of the resource table plus `resource_id`. */
  readonly row: Readonly<Record<string, unknown>>;
  /** Child rows keyed by child table name (without layer), flattened to every depth. */
  readonly children?: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>;
}

export interface SnapshotScope {
  readonly sourceId: string;
  readonly scope: string;
  readonly collectedAt: Date | string;
  /**
   * The listing covered the whole scope. Only then are stored objects that it lacks deleted.
   * A failed or cut-short listing must pass `false`. A function is asked once the records are
   * consumed, so a listing that fails halfway can still apply what it fetched, as incomplete.
   */
  readonly complete: boolean | (() => boolean);
}

/** A record (or child row) refused for bad data; the rest of the snapshot is still applied. */
export interface Rejection {
  readonly table: string;
  readonly resourceId?: string;
  readonly reason: string;
}

export interface ApplyResult {
  readonly table: string;
  readonly seen: number;
  readonly inserted: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly deleted: number;
  /** Versions opened in history tables (parents and children). */
  readonly historyRows: number;
  readonly duplicates: number;
  /** True when missing objects were deleted (complete listing with every record identified). */
  readonly deletedMissing: boolean;
  readonly rejected: readonly Rejection[];
}
