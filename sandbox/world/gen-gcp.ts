/** Projects, networks, subnetworks and firewall rules of the GCP organisation. */
import { ENVS, GCP_REGIONS, TEAMS } from './catalog.ts';
import type { GenContext } from './context.ts';
import { DAY_MS, EPOCH_MS, gceTimestamp, isoAt, uint64Id } from './ids.ts';
import type { GcpFirewall, GcpNetwork, GcpProject, GcpSubnetwork } from './types.ts';

export const FULL_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
export const DEFAULT_SCOPES: readonly string[] = [
  'https://www.googleapis.com/auth/devstorage.read_only',
  'https://www.googleapis.com/auth/logging.write',
  'https://www.googleapis.com/auth/monitoring.write',
  'https://www.googleapis.com/auth/servicecontrol',
  'https://www.googleapis.com/auth/service.management.readonly',
  'https://www.googleapis.com/auth/trace.append',
];

export function defaultServiceAccount(project: GcpProject): string {
  return `${project.projectNumber}-compute@developer.gserviceaccount.com`;
}

export interface ProjectPlan {
  project: GcpProject;
  team: string;
  env: string;
  /** Networks VMs may be placed in, with their subnetworks. */
  networks: { network: GcpNetwork; subnets: GcpSubnetwork[] }[];
  gkeClusters: string[];
  ciServiceAccount: string;
}

export function generateProjects(ctx: GenContext, count: number, orgId: string): ProjectPlan[] {
  const { rng } = ctx;
  const plans: ProjectPlan[] = [];
  const usedProjectIds = new Set<string>();
  for (let i = 0; i < count; i++) {
    const team = TEAMS[i % TEAMS.length] ?? 'ops';
    const env = ENVS[Math.floor(i / TEAMS.length) % ENVS.length] ?? 'dev';
    let projectId: string;
    do projectId = `acme-${team}-${env}-${rng.int(1000, 9999)}`;
    while (usedProjectIds.has(projectId));
    usedProjectIds.add(projectId);
    const projectNumber = String(rng.int(100_000, 999_999) * 1_000_000 + rng.int(0, 999_999));
    // Project 0 is the planted "legacy" project: no OS Login, project-wide keys, default network.
    const legacy = i === 0;
    const commonMetadata = [];
    if (!legacy && rng.chance(0.6)) commonMetadata.push({ key: 'enable-oslogin', value: 'TRUE' });
    else if (rng.chance(0.5)) commonMetadata.push({ key: 'enable-oslogin', value: 'FALSE' });
    if (legacy || rng.chance(0.45)) {
      commonMetadata.push({
        key: 'ssh-keys',
        value: `deploy:ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${rng.hex(40)} deploy@acme.example`,
      });
    }
    const project: GcpProject = {
      projectId,
      projectNumber,
      name: `${team} ${env}`,
      parentFolderId: String(100_000_000_000 + (i % 7)),
      createTime: isoAt(EPOCH_MS - rng.int(200, 2000) * DAY_MS),
      labels: { team, env, 'cost-center': `cc-${1000 + (i % 37)}` },
      commonMetadata,
    };
    const plan: ProjectPlan = {
      project,
      team,
      env,
      networks: [],
      gkeClusters: [],
      ciServiceAccount: `ci-runner@${projectId}.iam.gserviceaccount.com`,
    };
    if (legacy || rng.chance(0.35)) plan.networks.push(defaultNetwork(ctx, project));
    plan.networks.push(customNetwork(ctx, project, 'vpc-main', i % 6, i === 1 || rng.chance(0.3)));
    if (i === 2 || rng.chance(0.4))
      plan.networks.push(customNetwork(ctx, project, 'vpc-data', (i + 5) % 6, false));
    if (i === 1 || rng.chance(0.3)) plan.gkeClusters.push(`${team}-${env}-gke`);
    if (plan.gkeClusters.length > 0 && rng.chance(0.3)) plan.gkeClusters.push(`${team}-${env}-batch`);
    peer(plan, orgId);
    plans.push(plan);
  }
  return plans;
}

function created(ctx: GenContext): string {
  return gceTimestamp(EPOCH_MS - ctx.rng.int(30, 1500) * DAY_MS);
}

function defaultNetwork(ctx: GenContext, project: GcpProject): ProjectPlan['networks'][number] {
  const network: GcpNetwork = {
    id: uint64Id(ctx.rng, ctx.usedIds),
    project: project.projectId,
    name: 'default',
    autoCreateSubnetworks: true,
    routingMode: 'REGIONAL',
    mtu: 1460,
    creationTimestamp: created(ctx),
    peerings: [],
  };
  const subnets = GCP_REGIONS.map((r) =>
    subnet(ctx, project, network, r.region, r.autoCidr, 'default', false),
  );
  return { network, subnets };
}

function customNetwork(
  ctx: GenContext,
  project: GcpProject,
  name: string,
  block: number,
  gke: boolean,
): ProjectPlan['networks'][number] {
  const { rng } = ctx;
  const network: GcpNetwork = {
    id: uint64Id(rng, ctx.usedIds),
    project: project.projectId,
    name,
    autoCreateSubnetworks: false,
    routingMode: rng.chance(0.5) ? 'GLOBAL' : 'REGIONAL',
    mtu: 1460,
    creationTimestamp: created(ctx),
    peerings: [],
  };
  // Reusing blocks across projects is deliberate: equal private IPs in different VPCs.
  const regions = GCP_REGIONS.slice(0, 2 + (block % 3));
  const subnets = regions.map((r, ri) => {
    const s = subnet(
      ctx,
      project,
      network,
      r.region,
      `10.${10 + block}.${ri * 16}.0/20`,
      `${name}-${r.region}`,
      rng.chance(0.6),
    );
    if (gke) {
      s.secondaryIpRanges.push({ rangeName: 'pods', ipCidrRange: `172.${16 + (block % 16)}.0.0/16` });
      s.secondaryIpRanges.push({ rangeName: 'services', ipCidrRange: `192.168.${block * 8 + ri}.0/24` });
    }
    return s;
  });
  return { network, subnets };
}

function subnet(
  ctx: GenContext,
  project: GcpProject,
  network: GcpNetwork,
  region: string,
  cidr: string,
  name: string,
  flowLogs: boolean,
): GcpSubnetwork {
  const base = cidr.split('/')[0] ?? '';
  return {
    id: uint64Id(ctx.rng, ctx.usedIds),
    project: project.projectId,
    name,
    network: network.name,
    region,
    ipCidrRange: cidr,
    gatewayAddress: base.replace(/\.0$/, '.1'),
    secondaryIpRanges: [],
    privateIpGoogleAccess: ctx.rng.chance(0.5),
    flowLogs,
    purpose: 'PRIVATE',
    creationTimestamp: network.creationTimestamp,
  };
}

function peer(plan: ProjectPlan, _orgId: string): void {
  const main = plan.networks.find((n) => n.network.name === 'vpc-main');
  const data = plan.networks.find((n) => n.network.name === 'vpc-data');
  if (!main || !data) return;
  const url = (n: GcpNetwork) =>
    `https://www.googleapis.com/compute/v1/projects/${n.project}/global/networks/${n.name}`;
  const link = {
    state: 'ACTIVE' as const,
    autoCreateRoutes: true,
    exportCustomRoutes: false,
    importCustomRoutes: false,
  };
  main.network.peerings.push({ name: 'main-to-data', network: url(data.network), ...link });
  data.network.peerings.push({ name: 'data-to-main', network: url(main.network), ...link });
}

type RuleSeed = Omit<
  GcpFirewall,
  'id' | 'project' | 'network' | 'creationTimestamp' | 'disabled' | 'logConfig' | 'description'
> &
  Partial<Pick<GcpFirewall, 'disabled' | 'logConfig' | 'description'>>;

/** Firewall rules; project 0's vpc-main gets every planted rule so small worlds always have them. */
export function generateFirewalls(ctx: GenContext, plan: ProjectPlan, projectIndex: number): GcpFirewall[] {
  const { rng } = ctx;
  const out: GcpFirewall[] = [];
  const add = (network: string, seed: RuleSeed): void => {
    out.push({
      id: uint64Id(rng, ctx.usedIds),
      project: plan.project.projectId,
      network,
      creationTimestamp: created(ctx),
      disabled: false,
      logConfig: rng.chance(0.3),
      description: '',
      ...seed,
    });
  };
  for (const { network } of plan.networks) {
    const n = network.name;
    if (n === 'default') {
      add(n, {
        name: 'default-allow-internal',
        direction: 'INGRESS',
        priority: 65534,
        sourceRanges: ['10.128.0.0/9'],
        allowed: [
          { IPProtocol: 'tcp', ports: ['0-65535'] },
          { IPProtocol: 'udp', ports: ['0-65535'] },
          { IPProtocol: 'icmp' },
        ],
        description: 'Allow internal traffic on the default network',
      });
      add(n, {
        name: 'default-allow-ssh',
        direction: 'INGRESS',
        priority: 65534,
        sourceRanges: ['0.0.0.0/0'],
        allowed: [{ IPProtocol: 'tcp', ports: ['22'] }],
        description: 'Allow SSH from anywhere',
      });
      add(n, {
        name: 'default-allow-rdp',
        direction: 'INGRESS',
        priority: 65534,
        sourceRanges: ['0.0.0.0/0'],
        allowed: [{ IPProtocol: 'tcp', ports: ['3389'] }],
        description: 'Allow RDP from anywhere',
      });
      add(n, {
        name: 'default-allow-icmp',
        direction: 'INGRESS',
        priority: 65534,
        sourceRanges: ['0.0.0.0/0'],
        allowed: [{ IPProtocol: 'icmp' }],
        description: 'Allow ICMP from anywhere',
      });
      continue;
    }
    const all = projectIndex === 0 && n === 'vpc-main';
    add(n, {
      name: `${n}-allow-internal`,
      direction: 'INGRESS',
      priority: 1000,
      sourceRanges: ['10.0.0.0/8'],
      allowed: [{ IPProtocol: 'tcp' }, { IPProtocol: 'udp' }, { IPProtocol: 'icmp' }],
    });
    add(n, {
      name: `${n}-allow-iap-ssh`,
      direction: 'INGRESS',
      priority: 1000,
      sourceRanges: ['35.235.240.0/20'],
      allowed: [{ IPProtocol: 'tcp', ports: ['22', '3389'] }],
    });
    add(n, {
      name: `${n}-allow-health-checks`,
      direction: 'INGRESS',
      priority: 1000,
      sourceRanges: ['130.211.0.0/22', '35.191.0.0/16'],
      targetTags: ['web'],
      allowed: [{ IPProtocol: 'tcp', ports: ['80', '443', '8080'] }],
    });
    add(n, {
      name: `${n}-allow-https`,
      direction: 'INGRESS',
      priority: 1000,
      sourceRanges: ['0.0.0.0/0'],
      targetTags: ['http-server', 'https-server'],
      allowed: [{ IPProtocol: 'tcp', ports: ['80', '443'] }],
    });
    add(n, {
      name: `${n}-allow-web-to-db`,
      direction: 'INGRESS',
      priority: 1000,
      sourceTags: ['web'],
      targetTags: ['db'],
      allowed: [{ IPProtocol: 'tcp', ports: ['5432', '3306'] }],
    });
    if (all || rng.chance(0.6))
      add(n, {
        name: `${n}-allow-ssh-open`,
        direction: 'INGRESS',
        priority: 1000,
        sourceRanges: ['0.0.0.0/0'],
        targetTags: ['ssh-open'],
        allowed: [{ IPProtocol: 'tcp', ports: ['22'] }],
      });
    if (all || rng.chance(0.4))
      add(n, {
        name: `${n}-allow-rdp-open`,
        direction: 'INGRESS',
        priority: 1000,
        sourceRanges: ['0.0.0.0/0'],
        targetTags: ['rdp-open'],
        allowed: [{ IPProtocol: 'tcp', ports: ['3389'] }],
      });
    if (all || rng.chance(0.3))
      add(n, {
        name: `${n}-allow-db-public`,
        direction: 'INGRESS',
        priority: 1000,
        sourceRanges: ['0.0.0.0/0'],
        targetTags: ['db-public'],
        allowed: [{ IPProtocol: 'tcp', ports: ['3306', '5432', '6379'] }],
      });
    // A higher-priority deny shadows the open SSH rule for hardened hosts: not exposed.
    if (all || rng.chance(0.5))
      add(n, {
        name: `${n}-deny-ssh-hardened`,
        direction: 'INGRESS',
        priority: 500,
        sourceRanges: ['0.0.0.0/0'],
        targetTags: ['hardened'],
        denied: [{ IPProtocol: 'tcp', ports: ['22'] }],
      });
    // Disabled rules must be ignored by exposure analysis.
    if (all || rng.chance(0.3))
      add(n, {
        name: `${n}-temp-allow-all`,
        direction: 'INGRESS',
        priority: 100,
        sourceRanges: ['0.0.0.0/0'],
        allowed: [{ IPProtocol: 'all' }],
        disabled: true,
        description: 'debugging, disabled',
      });
    if (all || rng.chance(0.4))
      add(n, {
        name: `${n}-allow-ci-webhooks`,
        direction: 'INGRESS',
        priority: 900,
        sourceRanges: ['0.0.0.0/0'],
        targetServiceAccounts: [plan.ciServiceAccount],
        allowed: [{ IPProtocol: 'tcp', ports: ['8080-8081'] }],
      });
    if (all || rng.chance(0.3)) {
      add(n, {
        name: `${n}-deny-egress-all`,
        direction: 'EGRESS',
        priority: 65000,
        destinationRanges: ['0.0.0.0/0'],
        denied: [{ IPProtocol: 'all' }],
      });
      add(n, {
        name: `${n}-allow-egress-google-apis`,
        direction: 'EGRESS',
        priority: 1000,
        destinationRanges: ['199.36.153.8/30'],
        allowed: [{ IPProtocol: 'tcp', ports: ['443'] }],
      });
    }
  }
  return out;
}
