import type { Scale } from './types.ts';

export interface ScaleSpec {
  gcpVms: number;
  projects: number;
  vngServers: number;
  endpoints: number;
  devices: number;
}

/** GKE nodes count towards gcpVms; endpoints are laptops and desktops that only agents see. */
export const SCALES: Readonly<Record<Scale, ScaleSpec>> = {
  small: { gcpVms: 200, projects: 6, vngServers: 30, endpoints: 60, devices: 12 },
  medium: { gcpVms: 10_000, projects: 40, vngServers: 1_200, endpoints: 2_500, devices: 400 },
  large: { gcpVms: 100_000, projects: 200, vngServers: 12_000, endpoints: 25_000, devices: 4_000 },
};

export function isScale(value: string): value is Scale {
  return value === 'small' || value === 'medium' || value === 'large';
}
