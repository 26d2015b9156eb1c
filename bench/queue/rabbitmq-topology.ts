import amqp from 'amqplib';
import { queuesOf, topologyNames } from '../../src/adapters/rabbitmq-queue/index.js';
import { shardQueue } from '../../src/core/sharding/index.js';

/** What removing a prefix's topology did. */
export interface TopologyRemoval {
  readonly queues: number;
  readonly exchanges: number;
  /** Names that could not be deleted, with the broker's reason. */
  readonly failures: readonly string[];
}

/**
 * Deletes every queue and exchange the RabbitMQ adapter declares under `prefix` for `shards` shard queues (the
 * job queues, their delay ladders, the dead-letter queue and both exchanges), with the adapter's own naming, so
 * a benchmark run leaves nothing behind on the shared broker. Each deletion runs on its own channel: the broker
 * closes a channel on any error, and one failure must not stop the rest.
 *
 * @example
 * await removeTopology('amqp://guest:guest@127.0.0.1:5672', 'weftbench_x1', 1);
 */
export async function removeTopology(url: string, prefix: string, shards: number): Promise<TopologyRemoval> {
  const names = topologyNames(prefix);
  const queues = [names.deadLetterQueue, ...Array.from({ length: shards }, (_, shard) => queuesOf(names, shardQueue(shard))).flat()];
  const exchanges = [names.jobsExchange, names.deadLetterExchange];
  const connection = await amqp.connect(url);
  const failures: string[] = [];
  const attempt = async (name: string, action: (channel: amqp.Channel) => Promise<unknown>): Promise<void> => {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    try {
      await action(channel);
      await channel.close();
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  try {
    for (const queue of queues) await attempt(queue, (channel) => channel.deleteQueue(queue));
    for (const exchange of exchanges) await attempt(exchange, (channel) => channel.deleteExchange(exchange));
  } finally {
    await connection.close();
  }
  return { queues: queues.length, exchanges: exchanges.length, failures };
}
