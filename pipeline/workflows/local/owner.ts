// Which process owns a run. A run whose owner is a dead process on this host, or whose lease ran
// out (owner on another host, or hung), may be resumed by anyone.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

export const LEASE_MS = 15_000;

export function makeOwnerId(): string {
  return `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function isOwnerAlive(owner: string | null, leaseUntil: number | null, now = Date.now()): boolean {
  if (owner === null) return false;
  const [host, pid] = owner.split('/');
  if (host === hostname() && pid !== undefined) {
    if (Number(pid) === process.pid) return true;
    if (!pidAlive(Number(pid))) return false;
  }
  return leaseUntil !== null && leaseUntil > now;
}
