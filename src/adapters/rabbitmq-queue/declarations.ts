import type { Channel, ChannelModel } from 'amqplib';
import { WeftError, errorMessage } from '../../core/errors/index.js';
import type { QueueOptions } from '../../ports/queue/types.js';
import type { ConnectionKeeper } from './connection.js';
import { declareJobQueue, declareSharedTopology, queuesOf, type TopologyNames } from './topology.js';

/** What this process knows about a queue: declared with these options, or found existing (options unknown). */
type Known = { readonly explicit: true; readonly options: QueueOptions } | { readonly explicit: false };

/** AMQP reply codes that close a channel and that mean something to us. */
const NOT_FOUND = 404;
const PRECONDITION_FAILED = 406;

/**
 * Declares queues (with their delay ladders) and reads their depth. Every operation runs on a short-lived channel
 * of its own, because the broker answers a wrong redeclare (406) or a missing queue (404) by closing the channel,
 * and that must not disturb anything else. Declarations are rare (once per queue and connection).
 */
export interface QueueDeclarations {
  /** Declares `queue` with `options`; WEFT_E_CONFLICT when it exists with other options. */
  declare(queue: string, options: QueueOptions): Promise<void>;
  /** Makes sure `queue` exists, declaring it with default options when missing (publish and consume use this). */
  ensure(queue: string, deadline: number, connection?: ChannelModel): Promise<void>;
  /** Redeclares the shared topology and every queue known here on a new connection. */
  redeclare(connection: ChannelModel): Promise<void>;
  /** Jobs waiting in `queue` and its delay ladder (0 when the queue does not exist). */
  depth(queue: string, deadline: number): Promise<number>;
  /** A round trip that proves the broker answers and the topology is there (for health checks). */
  ping(deadline: number): Promise<void>;
}

/**
 * @example
 * const declarations = createQueueDeclarations(keeper, topologyNames('weft'), 'amqp://host', 5_000);
 * await declarations.declare('executions', { messageTtlMs: 60_000 });
 */
export function createQueueDeclarations(keeper: ConnectionKeeper, names: TopologyNames, safeUrl: string, timeoutMs: number): QueueDeclarations {
  const known = new Map<string, Known>();
  const ensuring = new Map<string, Promise<void>>();

  /**
   * Runs `operation` on a fresh channel of `on` (default: the keeper's connection once it is ready; while a
   * reconnect restores topology and consumers, they pass the new connection, which is not "ready" yet). The channel
   * is closed afterwards (unless the broker closed it).
   */
  const withChannel = async <T>(action: string, deadline: number, operation: (channel: Channel) => Promise<T>, on?: ChannelModel): Promise<T> => {
    const connection = on ?? (await keeper.whenConnected(deadline, action));
    let channel: Channel;
    try {
      channel = await connection.createChannel();
    } catch (error) {
      throw new WeftError('WEFT_E_QUEUE_UNAVAILABLE', `Cannot ${action}: RabbitMQ at ${safeUrl} did not open a channel (${errorMessage(error)})`, { url: safeUrl }, { cause: error });
    }
    let brokerClosed = false;
    channel.on('error', () => undefined);
    channel.on('close', () => {
      brokerClosed = true;
    });
    try {
      return await operation(channel);
    } finally {
      if (!brokerClosed) await channel.close().catch(() => undefined);
    }
  };

  const replyCode = (error: unknown): number | undefined => {
    const code = (error as { code?: unknown } | undefined)?.code;
    return typeof code === 'number' ? code : undefined;
  };

  const brokerError = (action: string, error: unknown): WeftError =>
    error instanceof WeftError ? error : new WeftError('WEFT_E_QUEUE_UNAVAILABLE', `Cannot ${action}: ${errorMessage(error)}`, { url: safeUrl }, { cause: error });

  /** Whether `brokerQueue` exists; on a channel of its own, since the broker closes the channel on a 404. */
  const exists = (brokerQueue: string, action: string, deadline: number, on?: ChannelModel): Promise<boolean> =>
    withChannel(
      action,
      deadline,
      (channel) =>
        channel.checkQueue(brokerQueue).then(
          () => true,
          (error: unknown) => {
            if (replyCode(error) === NOT_FOUND) return false;
            throw error;
          },
        ),
      on,
    );

  const sameOptions = (a: QueueOptions, b: QueueOptions): boolean => a.messageTtlMs === b.messageTtlMs;

  const conflict = (queue: string, options: QueueOptions, cause?: unknown): WeftError =>
    new WeftError(
      'WEFT_E_CONFLICT',
      `The job queue "${queue}" already exists with other options than ${options.messageTtlMs === undefined ? 'no message TTL' : `messageTtlMs ${options.messageTtlMs}`}`,
      { queue, options },
      { cause },
    );

  return {
    async declare(queue, options) {
      const before = known.get(queue);
      if (before?.explicit === true) {
        if (sameOptions(before.options, options)) return;
        throw conflict(queue, options);
      }
      const action = `declare the job queue "${queue}"`;
      try {
        await withChannel(action, Date.now() + timeoutMs, (channel) => declareJobQueue(channel, names, queue, options));
      } catch (error) {
        if (replyCode(error) === PRECONDITION_FAILED) throw conflict(queue, options, error);
        throw brokerError(action, error);
      }
      known.set(queue, { explicit: true, options });
    },

    ensure(queue, deadline, connection) {
      if (known.has(queue)) return Promise.resolve();
      const running = ensuring.get(queue);
      if (running) return running;
      const action = `create the job queue "${queue}"`;
      const ensured = exists(names.jobQueue(queue), action, deadline, connection)
        .then((found) => (found ? undefined : withChannel(action, deadline, (channel) => declareJobQueue(channel, names, queue, {}), connection)))
        .then(
          () => {
            known.set(queue, known.get(queue) ?? { explicit: false });
          },
          (error: unknown) => {
            // Another process declared it with other options between our check and our declare: it exists.
            if (replyCode(error) === PRECONDITION_FAILED) known.set(queue, known.get(queue) ?? { explicit: false });
            else throw brokerError(action, error);
          },
        )
        .finally(() => ensuring.delete(queue));
      ensuring.set(queue, ensured);
      return ensured;
    },

    async redeclare(connection) {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      await declareSharedTopology(channel, names);
      await channel.close();
      for (const [queue, state] of known) {
        const action = `redeclare the job queue "${queue}"`;
        const deadline = Date.now() + timeoutMs;
        const options = state.explicit ? state.options : (await exists(names.jobQueue(queue), action, deadline, connection)) ? undefined : {};
        if (options === undefined) continue;
        await withChannel(action, deadline, (declaring) => declareJobQueue(declaring, names, queue, options), connection).catch((error: unknown) => {
          // The queue was redeclared differently by someone else meanwhile; it exists, keep going.
          if (replyCode(error) !== PRECONDITION_FAILED) throw error;
        });
      }
    },

    async ping(deadline) {
      await withChannel('check the job queue', deadline, async (channel) => {
        await channel.checkExchange(names.jobsExchange);
      });
    },

    async depth(queue, deadline) {
      const action = `read the depth of the job queue "${queue}"`;
      const [jobQueue, ...ladder] = queuesOf(names, queue);
      try {
        const total = await withChannel(action, deadline, async (channel) => {
          const due = await channel.checkQueue(jobQueue as string).then(
            (reply) => reply.messageCount,
            (error: unknown) => {
              if (replyCode(error) === NOT_FOUND) return undefined;
              throw error;
            },
          );
          if (due === undefined) return undefined;
          // The ladder is declared with the queue, so every tier exists (a missing one fails the call: topology damaged).
          const delayed = await Promise.all(ladder.map((name) => channel.checkQueue(name).then((reply) => reply.messageCount)));
          return due + delayed.reduce((sum, count) => sum + count, 0);
        });
        return total ?? 0;
      } catch (error) {
        throw brokerError(action, error);
      }
    },
  };
}
