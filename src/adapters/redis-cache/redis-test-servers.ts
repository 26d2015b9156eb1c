import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Socket, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** Test helper: a free TCP port on 127.0.0.1 (never the machine's shared 6379). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A throw-away redis-server (or sentinel) of a test, in its own temp folder, removed by `stop()`. */
export interface TestRedisServer {
  readonly port: number;
  readonly folder: string;
  /** Kills the process and removes its folder. */
  stop(): Promise<void>;
  /** Kills the process (SIGKILL) but keeps its folder and port: an outage. */
  kill(): Promise<void>;
  /** Starts it again on the same port after `kill()`. */
  restart(): Promise<void>;
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Starts `redis-server` (or `redis-server --sentinel` when `sentinel` is set) with `config` lines on a spare port,
 * without persistence. Returns once it accepts connections.
 */
export async function startRedisServer(config: string[] = [], options: { sentinel?: boolean; port?: number } = {}): Promise<TestRedisServer> {
  const port = options.port ?? (await freePort());
  const folder = mkdtempSync(join(tmpdir(), 'weft-redis-'));
  const file = join(folder, 'redis.conf');
  writeFileSync(file, [`port ${port}`, 'bind 127.0.0.1', `dir ${folder}`, 'save ""', 'appendonly no', 'protected-mode no', ...config].join('\n'));
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    child = spawn('redis-server', options.sentinel === true ? [file, '--sentinel'] : [file], { stdio: 'ignore' });
    await waitForPort(port, child);
  };
  const halt = async (): Promise<void> => {
    const running = child;
    if (running === undefined || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await launch();
  return {
    port,
    folder,
    restart: launch,
    kill: halt,
    stop: async () => {
      await halt();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Test helper: removes the keys of one test prefix from a shared Redis (never a flush: other tests use it too). */
export async function removeKeysWithPrefix(url: string, prefix: string): Promise<void> {
  const admin = new Redis(url, { lazyConnect: true });
  await admin.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await admin.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    admin.disconnect();
  }
}
