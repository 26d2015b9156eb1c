import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, mustSwitchUser, postgresBinDir, postgresUser, runTool, startCluster, stopCluster } from './pg-cluster.js';

/** A throwaway PostgreSQL primary with one streaming hot-standby replica, on spare ports. */
export interface PgReplicaPair {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` of the primary (trust auth). */
  readonly primaryUrl: string;
  /** The same for the replica, which refuses writes. */
  readonly replicaUrl: string;
  /** The folder holding both clusters and their logs (removed by destroy). */
  readonly root: string;
  stopReplica(): Promise<void>;
  /** Starts the replica again and waits until it streams from the primary. */
  startReplica(): Promise<void>;
  stopPrimary(): Promise<void>;
  startPrimary(): Promise<void>;
  /** Stops both servers and removes every file. Idempotent; a watchdog does it if the test process dies first. */
  destroy(): Promise<void>;
}

const STREAMING_TIMEOUT_MS = 30_000;

/**
 * Makes a primary (`initdb`, `wal_level=replica`, trust auth for replication, 127.0.0.1 on a free port) and a
 * replica (`pg_basebackup -R` into a second folder, started on another free port as a hot standby), and waits
 * until the primary reports the replica streaming. If any step fails, what was made so far is removed.
 *
 * @example
 * const pair = await createPgReplicaPair();
 * afterAll(() => pair.destroy());
 * const store = await createPostgresStore({ url: pair.primaryUrl, readUrls: [pair.replicaUrl], encryptionKey });
 */
export async function createPgReplicaPair(): Promise<PgReplicaPair> {
  const binDir = postgresBinDir();
  const root = mkdtempSync(join(tmpdir(), 'weft-pg-replica-'));
  const primaryDir = join(root, 'primary');
  const replicaDir = join(root, 'replica');
  let destroyed = false;

  // The test worker may be killed without running afterAll or exit handlers: a detached watchdog removes the
  // clusters when this process is gone.
  const reaper = startReaper(root, join(binDir, 'pg_ctl'));

  const destroy = async () => {
    if (destroyed) return;
    destroyed = true;
    const stops = await Promise.allSettled([stopCluster(binDir, replicaDir, 'immediate'), stopCluster(binDir, primaryDir, 'immediate')]);
    rmSync(root, { recursive: true, force: true });
    stopReaper(reaper);
    const failure = stops.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  };

  try {
    if (mustSwitchUser()) {
      const { uid, gid } = postgresUser();
      chownSync(root, uid, gid);
    }
    const primaryPort = await freePort();
    await runTool(binDir, 'initdb', ['-D', primaryDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], root);
    appendFileSync(
      join(primaryDir, 'postgresql.conf'),
      [
        '',
        '# weft test primary',
        "listen_addresses = '127.0.0.1'",
        `port = ${primaryPort}`,
        `unix_socket_directories = '${root}'`,
        'wal_level = replica',
        'max_wal_senders = 5',
        'max_replication_slots = 5',
        'hot_standby = on',
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'shared_buffers = 32MB',
        'max_connections = 60',
        '',
      ].join('\n'),
    );
    appendFileSync(join(primaryDir, 'pg_hba.conf'), '\nhost replication postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 trust\n');
    await startCluster(binDir, primaryDir);

    const replicaPort = await freePort();
    await runTool(binDir, 'pg_basebackup', ['-R', '-D', replicaDir, '-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-X', 'stream', '-c', 'fast', '--no-sync'], root);
    // The later setting wins: the copied configuration still names the primary's port.
    appendFileSync(join(replicaDir, 'postgresql.conf'), `\n# weft test replica\nport = ${replicaPort}\n`);
    await startCluster(binDir, replicaDir);

    const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
    const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/postgres`;
    await waitUntilStreaming(primaryUrl);

    return {
      primaryUrl,
      replicaUrl,
      root,
      stopReplica: () => stopCluster(binDir, replicaDir),
      startReplica: async () => {
        await startCluster(binDir, replicaDir);
        await waitUntilStreaming(primaryUrl);
      },
      stopPrimary: () => stopCluster(binDir, primaryDir),
      startPrimary: () => startCluster(binDir, primaryDir),
      destroy,
    };
  } catch (error) {
    await destroy().catch(() => undefined);
    throw error;
  }
}

const REAPER_SCRIPT = `
parent=$1; root=$2; pgctl=$3; switch=$4
while kill -0 "$parent" 2>/dev/null; do sleep 1; done
for dir in "$root/replica" "$root/primary"; do
  [ -f "$dir/postmaster.pid" ] || continue
  if [ "$switch" = 1 ]; then runuser -u postgres -- "$pgctl" -D "$dir" -m immediate -w stop; else "$pgctl" -D "$dir" -m immediate -w stop; fi
done
rm -rf "$root"
`;

/** Starts a detached shell that waits for this process to end, then stops the clusters in `root` and removes it. */
function startReaper(root: string, pgCtl: string): ChildProcess {
  const reaper = spawn('sh', ['-c', REAPER_SCRIPT, 'weft-pg-reaper', String(process.pid), root, pgCtl, mustSwitchUser() ? '1' : '0'], {
    detached: true,
    stdio: 'ignore',
    cwd: tmpdir(),
  });
  reaper.unref();
  return reaper;
}

function stopReaper(reaper: ChildProcess): void {
  if (reaper.pid !== undefined && reaper.exitCode === null) reaper.kill('SIGTERM');
}

/** Polls the primary's pg_stat_replication until a standby is in state `streaming`. */
async function waitUntilStreaming(primaryUrl: string): Promise<void> {
  const deadline = Date.now() + STREAMING_TIMEOUT_MS;
  let lastState = 'no standby connected';
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: primaryUrl, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      const { rows } = await client.query<{ state: string }>('SELECT state FROM pg_stat_replication');
      if (rows.some((row) => row.state === 'streaming')) return;
      lastState = rows.map((row) => row.state).join(', ') || 'no standby connected';
    } catch (error) {
      lastState = (error as Error).message;
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The replica did not start streaming within ${STREAMING_TIMEOUT_MS} ms (${lastState})`);
}
