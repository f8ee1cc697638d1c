export { applySnapshot, type ApplyOptions } from './apply.ts';
export {
  applyStagedSnapshot,
  prepareStagedSnapshot,
  type PreparedStagedSnapshot,
  type StagedSnapshot,
} from './apply-staged.ts';
export { asOf, contentOf, type ResourceKey, type ResourceVersion } from './as-of.ts';
export { diff, type ChangeKind, type ChildChange, type FieldChange, type ResourceDiff } from './diff.ts';
export type { ApplyResult, Rejection, SnapshotRecord, SnapshotScope } from './types.ts';
