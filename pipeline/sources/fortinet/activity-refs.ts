// Bundle-safe declarations of the FortiGate activities: workflow code imports these, never the client.
import { declareActivity } from '../../workflows/define.ts';
import { TASK_QUEUES } from '../../workflows/queues.ts';
import type { ActivityOptionsInput } from '../../workflows/types.ts';
import type { ListingSummary } from '../common/summary.ts';
import type { FortinetResourceName } from './resource-names.ts';

export interface FortinetDiscoverInput {
  sourceId: string;
  collectedAt: string;
}

export interface FortinetDiscoverResult {
  serial: string;
  hostname: string;
  version: string;
  build: number | null;
  /** VDOMs collected: the configured ones, or every VDOM the token can read. */
  vdoms: string[];
  /** Path of the detected-device endpoint this FortiOS answers, or null when none does. */
  deviceApi: string | null;
  /** The `fortinet_devices` listing (scope = serial). */
  device: ListingSummary;
}

export interface FortinetCollectInput {
  sourceId: string;
  collectedAt: string;
  serial: string;
  vdom: string;
  resource: FortinetResourceName;
  deviceApi?: string | null;
}

export interface FortinetCollectResult extends ListingSummary {
  resource: FortinetResourceName;
  pages: number;
  requests: number;
}

const options: ActivityOptionsInput = {
  taskQueue: TASK_QUEUES.ingestFortinet,
  startToCloseTimeoutMs: 2 * 60 * 60_000,
  heartbeatTimeoutMs: 5 * 60_000,
  retry: { maximumAttempts: 3, initialIntervalMs: 2_000, maximumIntervalMs: 60_000 },
  nonRetryableErrorTypes: ['AuthError', 'ConfigError'],
};

export const fortinetActivities = {
  /** Status, VDOMs and detected-device endpoint of the appliance; writes its `fortinet_devices` row. */
  discover: declareActivity<FortinetDiscoverInput, FortinetDiscoverResult>('fortinet.discover', options),
  /** One resource of one VDOM scope (`<serial>/<vdom>`), applied as one snapshot. */
  collect: declareActivity<FortinetCollectInput, FortinetCollectResult>('fortinet.collect', options),
};
