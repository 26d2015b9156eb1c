import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Tools for throwaway PostgreSQL clusters in tests: the machine's binaries, run as the `postgres` user when the
 * tests run as root (the server refuses to run as root).
 */

/** The bin folder of the newest PostgreSQL installed under /usr/lib/postgresql, or `WEFT_TEST_PG_BIN`. */
export function postgresBinDir(): string {
  const fromEnv = process.env.WEFT_TEST_PG_BIN;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : [];
  const newest = versions[0];
  if (newest === undefined) throw new Error(`No PostgreSQL binaries under ${root}; set WEFT_TEST_PG_BIN to their folder`);
  return `${root}/${newest}/bin`;
}

/** True when this process must switch to the postgres user to run the server tools. */
export function mustSwitchUser(): boolean {
  return process.getuid?.() === 0;
}

/** The uid and gid of the `postgres` user (owner of cluster folders when tests run as root). */
export function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const fields = line?.split(':');
  if (fields === undefined || fields.length < 4) throw new Error('There is no postgres user in /etc/passwd to run test clusters as');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** Runs a PostgreSQL tool (`initdb`, `pg_ctl`, `pg_basebackup`) as the postgres user, failing with its output. */
export async function runTool(binDir: string, tool: string, args: readonly string[], cwd: string): Promise<string> {
  const command = mustSwitchUser() ? 'runuser' : `${binDir}/${tool}`;
  const fullArgs = mustSwitchUser() ? ['-u', 'postgres', '--', `${binDir}/${tool}`, ...args] : [...args];
  try {
    const { stdout } = await run(command, fullArgs, { cwd, timeout: 120_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' } });
    return stdout;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${tool} ${args.join(' ')} failed: ${failed.stderr ?? ''}${failed.stdout ?? ''}`.trim() || failed.message, { cause: error });
  }
}

/** A TCP port nothing listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts the cluster in `dataDir` and waits until it accepts connections (or, for a standby, is consistent). */
export async function startCluster(binDir: string, dataDir: string): Promise<void> {
  try {
    await runTool(binDir, 'pg_ctl', ['-D', dataDir, '-l', `${dataDir}.log`, '-w', '-t', '60', 'start'], dataDir);
  } catch (error) {
    const log = existsSync(`${dataDir}.log`) ? readFileSync(`${dataDir}.log`, 'utf8').split('\n').slice(-20).join('\n') : '';
    throw new Error(`${(error as Error).message}\nserver log:\n${log}`, { cause: error });
  }
}

/** Stops the cluster in `dataDir` (fast: disconnects clients, no data loss); a cluster already down is fine. */
export async function stopCluster(binDir: string, dataDir: string, mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
  if (!existsSync(`${dataDir}/postmaster.pid`)) return;
  await runTool(binDir, 'pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop'], dataDir);
}
