// A child process for the SQLite queue's multi-process tests. Plain ESM JavaScript (no TypeScript loader is
// installed); it runs the real adapter from a bundle the test builds, passed as the first argument.
//
//   node queue-child.mjs <bundle.mjs> <queue-file> <queue-name> hold <leaseMs>
//       consumes with prefetch 4 and never settles: prints {"delivered": id, "count": n} per delivery
//   node queue-child.mjs <bundle.mjs> <queue-file> <queue-name> work <leaseMs>
//       consumes with prefetch 8, holds each job a few ms, acks it: prints {"acked": id, "count": n}
//
// Both print {"ready": true} once consuming. The parent kills the process with SIGKILL or SIGTERM.
import { pathToFileURL } from 'node:url';

const [bundle, file, queueName, mode, leaseMs] = process.argv.slice(2);
const { createSqliteQueue } = await import(pathToFileURL(bundle).href);
const queue = await createSqliteQueue({ file, maxDeliveries: 5, leaseMs: Number(leaseMs), pollMs: 10, busyTimeoutMs: 20_000 });
const report = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

if (mode === 'hold') {
  await queue.consume([queueName], async (delivery) => report({ delivered: delivery.job.id, count: delivery.deliveryCount }), { prefetch: 4 });
} else if (mode === 'work') {
  await queue.consume(
    [queueName],
    async (delivery) => {
      await new Promise((resolve) => setTimeout(resolve, 2 + Math.floor(Math.random() * 6)));
      await delivery.ack();
      report({ acked: delivery.job.id, count: delivery.deliveryCount });
    },
    { prefetch: 8 },
  );
} else {
  throw new Error(`unknown mode ${mode}`);
}
process.on('SIGTERM', () => void queue.close().then(() => process.exit(0)));
report({ ready: true });
