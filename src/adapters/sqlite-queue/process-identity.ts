import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/** Who holds a lease: enough to tell, from another process of the same machine, whether that process still runs. */
export interface ProcessIdentity {
  /**
   * The host name, plus on Linux the PID namespace: processes in other containers that share the host name (host
   * networking) have their own PIDs, which a liveness check from here would misread.
   */
  readonly host: string;
  readonly pid: number;
  /**
   * When the process started, as `<boot id>:<start time in clock ticks>` from `/proc` (Linux), so that a PID
   * reused by a later process (or after a reboot) is not mistaken for the owner; null where `/proc` is missing.
   */
  readonly started: string | null;
}

let self: ProcessIdentity | undefined;
let bootId: string | null | undefined;

/**
 * This process's identity, worked out once.
 *
 * @example
 * const { host, pid, started } = currentProcess(); // e.g. 'box/pid:[4026531836]', 4242, '6f1c…:912345'
 */
export function currentProcess(): ProcessIdentity {
  self ??= { host: hostKey(), pid: process.pid, started: startToken(process.pid) ?? null };
  return self;
}

/**
 * Whether the process `pid` of THIS host that started at `started` is certainly gone: no process has that PID
 * (`kill(pid, 0)` fails with ESRCH), or the one that has it started at another time (the PID was reused).
 * Anything unsure (EPERM: it exists but is another user's; a start time that cannot be read) counts as alive, so
 * the caller falls back to the lease timeout rather than taking work from a live process.
 *
 * @example
 * if (processIsGone(owner.pid, owner.started)) reclaim(owner);
 */
export function processIsGone(pid: number, started: string | null): boolean {
  // 0 and negative numbers address process groups: never signal those.
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return true;
    if (code !== 'EPERM') return false;
  }
  if (started === null) return false;
  const now = startToken(pid);
  return now !== undefined && now !== started;
}

function hostKey(): string {
  try {
    return `${hostname()}/${readlinkSync('/proc/self/ns/pid')}`;
  } catch {
    return hostname();
  }
}

/** `<boot id>:<start ticks>` of `pid` from `/proc/<pid>/stat` (field 22), or undefined when it cannot be read. */
function startToken(pid: number): string | undefined {
  bootId ??= readTrimmed('/proc/sys/kernel/random/boot_id');
  if (bootId === null) return undefined;
  const stat = readTrimmed(`/proc/${pid}/stat`);
  if (stat === null) return undefined;
  // The command name (field 2) is in parentheses and may itself hold spaces and ')': count from the last one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = fields[19];
  return ticks !== undefined && /^\d+$/.test(ticks) ? `${bootId}:${ticks}` : undefined;
}

function readTrimmed(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}
