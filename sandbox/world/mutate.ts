/**
 * Advances a world by one collection: VMs are created and deleted, and a disjoint set of
 * existing VMs changes in exactly one way each (labels, NIC IP, one access config, status),
 * so tests can assert that history re-versions only the expected rows. Planted machines never
 * change, so planted findings stay stable across generations.
 */
import { GenContext } from './context.ts';
import { makeAgent } from './facts.ts';
import type { ProjectPlan } from './gen-gcp.ts';
import { mutateFortinet } from './gen-fortinet-mutate.ts';
import { mutateVng } from './gen-vng-mutate.ts';
import { allocateIp, generateVm } from './gen-vms.ts';
import { machineIdOf } from './generate.ts';
import { DAY_MS, EPOCH_MS, gceMac, hostInCidr, ipToInt, isoAt, publicIp } from './ids.ts';
import { PLANTS } from './plant.ts';
import type { ExpectedChange, GcpInstance, Machine, MutationSummary, World } from './types.ts';

const INSTANCES_TABLE = 'gcp_compute_instances';

function rebuildPlans(world: World, ctx: GenContext): ProjectPlan[] {
  // One pass over instances: the highest host index used per subnetwork and the GKE clusters.
  const maxHost = new Map<string, number>();
  const clusters = new Map<string, Set<string>>();
  for (const i of world.gcp.instances) {
    for (const n of i.nics) {
      const key = `${i.project}/${n.network}/${n.subnetwork}`;
      maxHost.set(key, Math.max(maxHost.get(key) ?? -1, ipToInt(n.networkIP)));
    }
    const c = i.labels['goog-k8s-cluster-name'];
    if (c) clusters.set(i.project, (clusters.get(i.project) ?? new Set<string>()).add(c));
  }
  return world.gcp.projects.map((project) => {
    const networks = world.gcp.networks
      .filter((n) => n.project === project.projectId)
      .map((network) => ({
        network,
        subnets: world.gcp.subnetworks.filter(
          (s) => s.project === project.projectId && s.network === network.name,
        ),
      }));
    for (const { subnets } of networks) {
      for (const s of subnets) {
        const top = maxHost.get(`${s.project}/${s.network}/${s.name}`);
        ctx.subnetCursor.set(s.id, top === undefined ? 0 : top - ipToInt(hostInCidr(s.ipCidrRange, 0)) + 1);
      }
    }
    const gkeClusters = [...(clusters.get(project.projectId) ?? [])];
    return {
      project,
      team: project.labels.team ?? 'ops',
      env: project.labels.env ?? 'dev',
      networks,
      gkeClusters,
      ciServiceAccount: `ci-runner@${project.projectId}.iam.gserviceaccount.com`,
    };
  });
}

export function mutate(world: World): World {
  const generation = world.generation + 1;
  const nowMs = EPOCH_MS + generation * DAY_MS;
  const ctx = new GenContext(world.seed, `mutate/${world.scale}/${generation}`);
  const { rng } = ctx;
  for (const i of world.gcp.instances) ctx.usedIds.add(i.id);
  for (const d of world.gcp.disks) ctx.usedIds.add(d.id);
  for (const a of world.gcp.addresses) ctx.usedIds.add(a.id);
  for (const i of world.gcp.instances)
    for (const n of i.nics) for (const a of n.accessConfigs) if (a.natIP) ctx.usedPublicIps.add(a.natIP);
  for (const m of world.machines) if (m.agent) ctx.usedS1Ids.add(m.agent.id);
  const plans = rebuildPlans(world, ctx);

  const protectedMachines = new Set(world.machines.slice(0, PLANTS.length).map((m) => m.id));
  const candidates = world.gcp.instances.filter(
    (i) => !protectedMachines.has(i.machineId) && !('goog-gke-node' in i.labels),
  );
  const n = Math.max(2, Math.round(world.gcp.instances.length * 0.01));
  const chosen = new Set<string>();
  const take = (pred: (i: GcpInstance) => boolean, count: number): GcpInstance[] => {
    const out: GcpInstance[] = [];
    for (let tries = 0; out.length < count && tries < count * 50 && candidates.length > 0; tries++) {
      const i = rng.pick(candidates);
      if (chosen.has(i.id) || !pred(i)) continue;
      chosen.add(i.id);
      out.push(i);
    }
    return out;
  };
  const deleted = take(() => true, n);
  const labelChanged = take(() => true, n);
  const nicChanged = take((i) => i.nics.length === 1 && i.nics[0]?.accessConfigs.length === 0, n);
  const acChanged = take(
    (i) => i.status === 'RUNNING' && i.nics.some((x) => x.accessConfigs.some((a) => a.natIP)),
    Math.max(1, Math.round(n / 2)),
  );
  const statusChanged = take(
    (i) =>
      i.nics.every((x) => x.accessConfigs.length === 0) &&
      (i.status === 'RUNNING' || i.status === 'TERMINATED'),
    n,
  );

  const changes: ExpectedChange[] = [];
  const instances = new Map(world.gcp.instances.map((i) => [i.id, i]));
  const machines = new Map(world.machines.map((m) => [m.id, m]));
  const editInstance = (i: GcpInstance): GcpInstance => {
    const copy = structuredClone(i);
    instances.set(i.id, copy);
    return copy;
  };
  const editMachine = (id: string): Machine | undefined => {
    const m = machines.get(id);
    if (!m) return undefined;
    const copy = structuredClone(m);
    machines.set(id, copy);
    return copy;
  };
  const change = (
    i: GcpInstance,
    c: Omit<ExpectedChange, 'resourceType' | 'resourceId' | 'machineId'>,
  ): void => {
    changes.push({ resourceType: 'gcp_instance', resourceId: i.id, machineId: i.machineId, ...c });
  };

  for (const i of deleted) {
    instances.delete(i.id);
    machines.delete(i.machineId);
    change(i, { kind: 'deleted', table: INSTANCES_TABLE });
  }
  for (const orig of labelChanged) {
    const i = editInstance(orig);
    const before = i.labels.owner;
    const after = before === 'platform-team' ? 'sre-team' : 'platform-team';
    i.labels.owner = after;
    change(i, {
      kind: 'labels',
      table: 'gcp_compute_instance_labels',
      childKey: 'owner',
      ...(before !== undefined ? { before } : {}),
      after,
    });
  }
  for (const orig of nicChanged) {
    const i = editInstance(orig);
    const nic = i.nics[0];
    const plan = plans.find((p) => p.project.projectId === i.project);
    const subnet = plan?.networks
      .flatMap((x) => x.subnets)
      .find((s) => s.name === nic?.subnetwork && s.network === nic?.network);
    const ip = subnet ? allocateIp(ctx, subnet) : undefined;
    if (!nic || !ip) continue;
    const before = nic.networkIP;
    nic.networkIP = ip;
    const m = editMachine(i.machineId);
    const mn = m?.nics.find((x) => x.ip === before);
    if (mn) {
      mn.ip = ip;
      mn.mac = gceMac(ip);
    }
    change(i, { kind: 'nic', table: 'gcp_compute_instance_nics', childKey: nic.name, before, after: ip });
  }
  for (const orig of acChanged) {
    const i = editInstance(orig);
    const nic = i.nics.find((x) => x.accessConfigs.some((a) => a.natIP));
    const ac = nic?.accessConfigs.find((a) => a.natIP);
    if (!nic || !ac) continue;
    const before = ac.natIP;
    ac.natIP = publicIp(rng, ctx.usedPublicIps);
    change(i, {
      kind: 'access_config',
      table: 'gcp_compute_instance_nic_access_configs',
      childKey: `${nic.name}/${ac.name}`,
      ...(before ? { before } : {}),
      after: ac.natIP,
    });
  }
  for (const orig of statusChanged) {
    const i = editInstance(orig);
    const before = i.status;
    i.status = before === 'RUNNING' ? 'TERMINATED' : 'RUNNING';
    change(i, { kind: 'status', table: INSTANCES_TABLE, before, after: i.status });
  }
  // A few healthy agents on unchanged machines get infected: an S1-only change.
  for (const m of world.machines) {
    if (changes.filter((c) => c.kind === 'agent').length >= Math.max(1, Math.round(n / 4))) break;
    if (
      protectedMachines.has(m.id) ||
      m.agent?.state !== 'active' ||
      !rng.chance(0.05) ||
      !machines.has(m.id)
    )
      continue;
    if (m.gcpInstanceId && chosen.has(m.gcpInstanceId)) continue;
    const copy = editMachine(m.id);
    if (!copy?.agent) continue;
    copy.agent.state = 'infected';
    copy.agent.activeThreats = 1;
    changes.push({
      kind: 'agent',
      resourceType: 's1_agent',
      resourceId: copy.agent.id,
      machineId: m.id,
      table: 's1_agents',
      childKey: 'infected',
      before: 'false',
      after: 'true',
    });
  }

  let serial = world.nextSerial;
  const newDisks = [];
  const newAddresses = [];
  for (let k = 0; k < n; k++, serial++) {
    const plan = rng.pick(plans);
    const r = generateVm(ctx, plan, serial, machineIdOf(serial), nowMs);
    if (r.machine.agent) r.machine.agent = makeAgent(ctx, nowMs, r.machine.hostname, true, 'active');
    instances.set(r.instance.id, r.instance);
    machines.set(r.machine.id, r.machine);
    newDisks.push(...r.disks);
    newAddresses.push(...r.addresses);
    change(r.instance, { kind: 'created', table: INSTANCES_TABLE });
  }

  const deletedNames = new Set(deleted.map((i) => `${i.project}/${i.zone}/${i.name}`));
  const summary: MutationSummary = {
    generation,
    created: n,
    deleted: deleted.length,
    changed: changes.filter((c) => c.kind !== 'created' && c.kind !== 'deleted').length,
    changes,
  };
  const next = mutateVng({
    ...world,
    generation,
    now: isoAt(nowMs),
    gcp: {
      ...world.gcp,
      instances: [...instances.values()],
      disks: [
        ...world.gcp.disks.filter(
          (d) => !d.users.some((u) => deletedNames.has(`${d.project}/${d.zone}/${u}`)),
        ),
        ...newDisks,
      ],
      addresses: [
        ...world.gcp.addresses.filter((a) => !(a.user && deletedNames.has(`${a.project}/${a.user}`))),
        ...newAddresses,
      ],
    },
    machines: [...machines.values()],
    nextSerial: serial,
    lastMutation: summary,
  });
  return mutateFortinet(world, next);
}
