// Names of the per-VDOM resources a FortiGate collection fans out over. Bundle-safe (the
// workflow imports it): no Node or client imports here.
export const FORTINET_RESOURCE_NAMES = [
  'interfaces',
  'addresses',
  'address_groups',
  'services',
  'policies',
  'detected_devices',
] as const;

export type FortinetResourceName = (typeof FORTINET_RESOURCE_NAMES)[number];
