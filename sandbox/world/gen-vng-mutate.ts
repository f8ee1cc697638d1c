/**
 * VNG part of `mutate`: a few ACTIVE servers stop (one `vng_servers` row changes each) and one
 * rule of a non-planted security group is replaced by a rule with a new id (one child row closes,
 * one opens). Everything else, planted groups included, stays as it was.
 */
import { DAY_MS, EPOCH_MS, isoAt, uuid } from './ids.ts';
import { Rng } from './prng.ts';
import type { ExpectedChange, Machine, World } from './types.ts';

/** Applies the VNG changes to `next` (the world mutate built from `prev`) and records them. */
export function mutateVng(next: World): World {
  const vng = next.vng;
  if (!vng) return next;
  const rng = Rng.derive(next.seed, `mutate-vng/${next.scale}/${next.generation}`);
  const touched = new Set((next.lastMutation?.changes ?? []).map((c) => c.machineId));
  const candidates = next.machines.filter(
    (m) => m.vng?.status === 'ACTIVE' && !touched.has(m.id) && m.agent?.state !== 'decommissioned',
  );
  const count = Math.min(candidates.length, Math.max(1, Math.round(candidates.length * 0.03)));
  const chosen = new Set<string>();
  for (let tries = 0; chosen.size < count && tries < count * 50; tries++) chosen.add(rng.pick(candidates).id);

  const changes: ExpectedChange[] = [];
  const machines = next.machines.map((m): Machine => {
    if (!chosen.has(m.id) || !m.vng) return m;
    const copy = structuredClone(m);
    const server = copy.vng as NonNullable<Machine['vng']>;
    server.status = 'STOPPED';
    changes.push({
      kind: 'status',
      resourceType: 'vng_server',
      resourceId: server.id,
      machineId: m.id,
      table: 'vng_servers',
      before: 'ACTIVE',
      after: 'STOPPED',
    });
    return copy;
  });

  // One rule of an ordinary group is tightened the only way the API allows: delete and re-create.
  const groups = vng.secgroups.filter(
    (g) => !g.planted && !g.isSystem && g.rules.some((r) => r.remoteIpPrefix),
  );
  let secgroups = vng.secgroups;
  if (groups.length > 0) {
    const target = rng.pick(groups);
    const index = target.rules.findIndex((r) => r.remoteIpPrefix);
    const old = target.rules[index];
    if (old) {
      const replacement = {
        ...old,
        id: uuid(rng),
        remoteIpPrefix: old.remoteIpPrefix === '198.51.100.0/24' ? '203.0.113.0/24' : '198.51.100.0/24',
        createdAt: isoAt(EPOCH_MS + next.generation * DAY_MS),
      };
      const edited = { ...target, rules: target.rules.map((r, i) => (i === index ? replacement : r)) };
      secgroups = vng.secgroups.map((g) => (g.id === target.id ? edited : g));
      changes.push({
        kind: 'secgroup_rule',
        resourceType: 'vng_secgroup',
        resourceId: target.id,
        machineId: '',
        table: 'vng_secgroup_rules',
        childKey: replacement.id,
        before: `${old.id}: ${old.protocol}:${old.portRangeMin}-${old.portRangeMax} from ${old.remoteIpPrefix}`,
        after: `${replacement.id}: ${replacement.protocol}:${replacement.portRangeMin}-${replacement.portRangeMax} from ${replacement.remoteIpPrefix}`,
      });
    }
  }

  const summary = next.lastMutation ?? {
    generation: next.generation,
    created: 0,
    deleted: 0,
    changed: 0,
    changes: [],
  };
  return {
    ...next,
    machines,
    vng: { ...vng, secgroups },
    lastMutation: {
      ...summary,
      changed: summary.changed + changes.length,
      changes: [...summary.changes, ...changes],
    },
  };
}
