/** Static reference data the generator draws from: regions, images, software and their CVEs. */
import type { Cve, OsInfo } from './types.ts';

export const GCP_REGIONS: readonly { region: string; zones: readonly string[]; autoCidr: string }[] = [
  // autoCidr: the fixed range auto-mode `default` networks use in that region (same in every project).
  {
    region: 'us-central1',
    zones: ['us-central1-a', 'us-central1-b', 'us-central1-c', 'us-central1-f'],
    autoCidr: '10.128.0.0/20',
  },
  { region: 'us-east1', zones: ['us-east1-b', 'us-east1-c', 'us-east1-d'], autoCidr: '10.142.0.0/20' },
  {
    region: 'europe-west1',
    zones: ['europe-west1-b', 'europe-west1-c', 'europe-west1-d'],
    autoCidr: '10.132.0.0/20',
  },
  {
    region: 'asia-southeast1',
    zones: ['asia-southeast1-a', 'asia-southeast1-b', 'asia-southeast1-c'],
    autoCidr: '10.148.0.0/20',
  },
];

export const ALL_ZONES: readonly string[] = GCP_REGIONS.flatMap((r) => r.zones);

export function regionOfZone(zone: string): string {
  return zone.slice(0, zone.lastIndexOf('-'));
}

export const MACHINE_TYPES = [
  'e2-small',
  'e2-medium',
  'e2-standard-2',
  'e2-standard-4',
  'n2-standard-8',
  'n2-highmem-16',
  'c3-standard-4',
  'n1-standard-2',
] as const;

export const CPU_PLATFORMS = [
  'Intel Broadwell',
  'Intel Cascade Lake',
  'Intel Ice Lake',
  'AMD Rome',
  'Intel Sapphire Rapids',
] as const;

export const GCP_IMAGES: readonly OsInfo[] = [
  {
    family: 'linux',
    name: 'Debian GNU/Linux',
    version: '12',
    image: 'projects/debian-cloud/global/images/debian-12-bookworm-v20240611',
    license: 'projects/debian-cloud/global/licenses/debian-12-bookworm',
  },
  {
    family: 'linux',
    name: 'Debian GNU/Linux',
    version: '11',
    image: 'projects/debian-cloud/global/images/debian-11-bullseye-v20231010',
    license: 'projects/debian-cloud/global/licenses/debian-11-bullseye',
  },
  {
    family: 'linux',
    name: 'Ubuntu',
    version: '22.04',
    image: 'projects/ubuntu-os-cloud/global/images/ubuntu-2204-jammy-v20240614',
    license: 'projects/ubuntu-os-cloud/global/licenses/ubuntu-2204-lts',
  },
  {
    family: 'linux',
    name: 'Ubuntu',
    version: '20.04',
    image: 'projects/ubuntu-os-cloud/global/images/ubuntu-2004-focal-v20230918',
    license: 'projects/ubuntu-os-cloud/global/licenses/ubuntu-2004-lts',
  },
  {
    family: 'linux',
    name: 'Rocky Linux',
    version: '8.9',
    image: 'projects/rocky-linux-cloud/global/images/rocky-linux-8-v20240515',
    license: 'projects/rocky-linux-cloud/global/licenses/rocky-linux-8',
  },
  {
    family: 'windows',
    name: 'Windows Server 2022 Datacenter',
    version: '10.0.20348',
    image: 'projects/windows-cloud/global/images/windows-server-2022-dc-v20240612',
    license: 'projects/windows-cloud/global/licenses/windows-server-2022-dc',
  },
  {
    family: 'windows',
    name: 'Windows Server 2019 Datacenter',
    version: '10.0.17763',
    image: 'projects/windows-cloud/global/images/windows-server-2019-dc-v20240612',
    license: 'projects/windows-cloud/global/licenses/windows-server-2019-dc',
  },
];

export const GKE_IMAGE: OsInfo = {
  family: 'linux',
  name: 'Container-Optimized OS',
  version: '109',
  image: 'projects/gke-node-images/global/images/gke-1296-gke1326000-cos-109-17800-147-54-c-pre',
  license: 'projects/cos-cloud/global/licenses/cos',
};

export const VNG_IMAGES: readonly OsInfo[] = [
  { family: 'linux', name: 'Ubuntu', version: '20.04' },
  { family: 'linux', name: 'CentOS', version: '7.9' },
  { family: 'windows', name: 'Windows Server 2016 Standard', version: '10.0.14393' },
];

export const ENDPOINT_OS: readonly OsInfo[] = [
  { family: 'windows', name: 'Windows 11 Enterprise', version: '23H2' },
  { family: 'windows', name: 'Windows 10 Enterprise', version: '22H2' },
  { family: 'macos', name: 'macOS', version: '14.4' },
];

export const DEVICE_OS: readonly OsInfo[] = [
  { family: 'other', name: 'HP Printer Firmware', version: '2.8' },
  { family: 'other', name: 'Polycom UC', version: '7.2' },
  { family: 'other', name: 'Linux (IoT camera)', version: '4.9' },
];

interface SoftwareVersion {
  version: string;
  cves: readonly (readonly [string, number])[];
}

export interface SoftwareEntry {
  name: string;
  vendor: string;
  os: 'linux' | 'windows' | 'macos' | 'any';
  versions: readonly SoftwareVersion[];
}

/** Versions with public CVEs (real ids and base scores) next to fixed versions. */
export const SOFTWARE: readonly SoftwareEntry[] = [
  {
    name: 'OpenSSH',
    vendor: 'OpenBSD',
    os: 'linux',
    versions: [
      { version: '9.7p1', cves: [] },
      { version: '8.9p1', cves: [['CVE-2024-6387', 8.1]] },
    ],
  },
  {
    name: 'OpenSSL',
    vendor: 'OpenSSL Project',
    os: 'linux',
    versions: [
      { version: '3.0.13', cves: [] },
      { version: '3.0.2', cves: [['CVE-2022-3602', 7.5]] },
      { version: '1.0.2k', cves: [['CVE-2016-2108', 9.8]] },
    ],
  },
  {
    name: 'sudo',
    vendor: 'Todd C. Miller',
    os: 'linux',
    versions: [
      { version: '1.9.13p3', cves: [] },
      { version: '1.8.31', cves: [['CVE-2021-3156', 7.8]] },
    ],
  },
  {
    name: 'Apache Log4j',
    vendor: 'Apache Software Foundation',
    os: 'any',
    versions: [
      { version: '2.17.1', cves: [] },
      {
        version: '2.14.1',
        cves: [
          ['CVE-2021-44228', 10.0],
          ['CVE-2021-45046', 9.0],
        ],
      },
    ],
  },
  {
    name: 'Apache HTTP Server',
    vendor: 'Apache Software Foundation',
    os: 'linux',
    versions: [
      { version: '2.4.59', cves: [] },
      {
        version: '2.4.49',
        cves: [
          ['CVE-2021-41773', 7.5],
          ['CVE-2021-42013', 9.8],
        ],
      },
    ],
  },
  {
    name: 'nginx',
    vendor: 'F5',
    os: 'linux',
    versions: [
      { version: '1.24.0', cves: [] },
      { version: '1.18.0', cves: [['CVE-2021-23017', 7.7]] },
    ],
  },
  {
    name: 'PostgreSQL',
    vendor: 'PostgreSQL Global Development Group',
    os: 'linux',
    versions: [
      { version: '15.6', cves: [] },
      { version: '13.2', cves: [['CVE-2021-32027', 8.8]] },
    ],
  },
  {
    name: 'Redis',
    vendor: 'Redis Ltd',
    os: 'linux',
    versions: [
      { version: '7.2.4', cves: [] },
      { version: '6.0.9', cves: [['CVE-2022-0543', 10.0]] },
    ],
  },
  {
    name: 'Jenkins',
    vendor: 'Jenkins Project',
    os: 'linux',
    versions: [
      { version: '2.452', cves: [] },
      { version: '2.441', cves: [['CVE-2024-23897', 9.8]] },
    ],
  },
  {
    name: 'Docker Engine',
    vendor: 'Docker Inc',
    os: 'linux',
    versions: [
      { version: '26.1.3', cves: [] },
      { version: '20.10.7', cves: [['CVE-2021-41091', 6.3]] },
    ],
  },
  {
    name: 'Atlassian Confluence Server',
    vendor: 'Atlassian',
    os: 'linux',
    versions: [
      { version: '8.5.9', cves: [] },
      { version: '7.13.0', cves: [['CVE-2022-26134', 9.8]] },
    ],
  },
  {
    name: 'Google Chrome',
    vendor: 'Google LLC',
    os: 'any',
    versions: [
      { version: '125.0.6422.142', cves: [] },
      { version: '114.0.5735.199', cves: [['CVE-2023-4863', 8.8]] },
    ],
  },
  {
    name: 'Mozilla Firefox',
    vendor: 'Mozilla',
    os: 'any',
    versions: [
      { version: '127.0', cves: [] },
      { version: '115.0', cves: [['CVE-2024-9680', 9.8]] },
    ],
  },
  {
    name: '7-Zip',
    vendor: 'Igor Pavlov',
    os: 'windows',
    versions: [
      { version: '24.07', cves: [] },
      { version: '23.01', cves: [['CVE-2024-11477', 7.8]] },
    ],
  },
  {
    name: 'WinRAR',
    vendor: 'win.rar GmbH',
    os: 'windows',
    versions: [
      { version: '7.01', cves: [] },
      { version: '6.22', cves: [['CVE-2023-38831', 7.8]] },
    ],
  },
  {
    name: 'Zoom',
    vendor: 'Zoom Video Communications',
    os: 'any',
    versions: [
      { version: '6.0.11', cves: [] },
      { version: '5.14.0', cves: [['CVE-2023-39213', 9.8]] },
    ],
  },
  {
    name: 'Microsoft SQL Server 2019',
    vendor: 'Microsoft Corporation',
    os: 'windows',
    versions: [
      { version: '15.0.4375.4', cves: [] },
      { version: '15.0.2000.5', cves: [['CVE-2022-29143', 7.5]] },
    ],
  },
  {
    name: 'Python',
    vendor: 'Python Software Foundation',
    os: 'any',
    versions: [{ version: '3.11.9', cves: [] }],
  },
  {
    name: 'Google Cloud Ops Agent',
    vendor: 'Google LLC',
    os: 'any',
    versions: [{ version: '2.46.0', cves: [] }],
  },
];

export const SOFTWARE_BY_NAME: ReadonlyMap<string, SoftwareEntry> = new Map(SOFTWARE.map((s) => [s.name, s]));

export function severityOf(cvss: number): Cve['severity'] {
  if (cvss >= 9) return 'CRITICAL';
  if (cvss >= 7) return 'HIGH';
  if (cvss >= 4) return 'MEDIUM';
  return 'LOW';
}

export const AGENT_VERSION_CURRENT = '24.1.4.257';
export const AGENT_VERSION_OLD = '22.3.5.887';

/** Ports whose internet reachability the truth reports (TCP). */
export const PROBE_PORTS: readonly number[] = [22, 80, 443, 1433, 3306, 3389, 5432, 6379, 8080, 9200, 27017];
/** Admin and database ports behind `exposure.ssh_rdp_db_open_to_internet`. */
export const SENSITIVE_PORTS: readonly number[] = [22, 3389, 3306, 5432, 1433, 6379, 27017, 9200];

export const TEAMS = [
  'payments',
  'identity',
  'search',
  'data',
  'platform',
  'web',
  'mobile',
  'ml',
  'billing',
  'security',
  'analytics',
  'ops',
] as const;
export const ENVS = ['prod', 'staging', 'dev'] as const;
export const ROLES = ['web', 'api', 'db', 'cache', 'worker', 'batch', 'jump', 'ci', 'vpn', 'etl'] as const;
export const FIRST_NAMES = [
  'an',
  'binh',
  'chi',
  'dung',
  'hoa',
  'khanh',
  'linh',
  'minh',
  'nam',
  'phuong',
  'quan',
  'son',
  'thao',
  'trang',
  'tuan',
  'vy',
  'alex',
  'sam',
  'kim',
  'lee',
] as const;
