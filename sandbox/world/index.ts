/** Public surface of the world generator. */
export { generateWorld, ORG, machineIdOf } from './generate.ts';
export { mutate } from './mutate.ts';
export {
  computeTruth,
  gcpCountsByProject,
  sumCounts,
  type Truth,
  type MachineTruth,
  type TableCounts,
} from './truth.ts';
export {
  computeFindings,
  edrCoverage,
  isGke,
  type FindingRef,
  type ExposureTruth,
  type ResourceType,
} from './findings.ts';
export { PLANTED_RULES, PLANTED_RULE_IDS, TRAPS, type PlantedRuleId, type TrapId } from './rules.ts';
export type { TrapGroup } from './traps.ts';
export { SCALES, isScale, type ScaleSpec } from './scales.ts';
export { STALE_AFTER_DAYS } from './facts.ts';
export type * from './types.ts';
