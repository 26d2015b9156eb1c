import amqp, { type ChannelModel } from 'amqplib';
import { WeftError, errorMessage } from '../../core/errors/index.js';
import { reconnectDelay, type ResolvedRabbitMqOptions } from './options.js';

/** Runs on every new connection (the first and each reconnect), before waiting publishers are released. */
export type ConnectionListener = (connection: ChannelModel) => Promise<void>;

/**
 * Keeps one AMQP connection open: reconnects with back-off after any loss, logs one warning per outage (not per
 * attempt) and one line when it is back, and lets callers wait for the connection with a deadline.
 */
export interface ConnectionKeeper {
  /** The open connection, or undefined during an outage or after close. */
  current(): ChannelModel | undefined;
  /** Resolves with the connection once it is up and every listener ran; WEFT_E_QUEUE_UNAVAILABLE at `deadline`. */
  whenConnected(deadline: number, action: string): Promise<ChannelModel>;
  /** Registers a listener for every later (re)connection; returns its removal. */
  onConnected(listener: ConnectionListener): () => void;
  readonly closed: boolean;
  /** Closes the connection (unacked deliveries go back to their queues) and stops reconnecting. Idempotent. */
  close(): Promise<void>;
}

interface Waiter {
  resolve(connection: ChannelModel): void;
  reject(error: Error): void;
}

/**
 * Opens the first connection (failing with WEFT_E_QUEUE_UNAVAILABLE naming the URL, without its password, when
 * the broker cannot be reached within `connectTimeoutMs`) and keeps it open afterwards.
 *
 * @example
 * const keeper = await openConnectionKeeper(resolveRabbitMqOptions({ url: 'amqp://127.0.0.1' }));
 * const connection = await keeper.whenConnected(Date.now() + 5_000, 'publish');
 */
export async function openConnectionKeeper(options: ResolvedRabbitMqOptions, firstListener?: ConnectionListener): Promise<ConnectionKeeper> {
  const { logger, safeUrl } = options;
  const listeners = new Set<ConnectionListener>(firstListener ? [firstListener] : []);
  const waiters = new Set<Waiter>();
  let connection: ChannelModel | undefined;
  /** The connection is up and every listener ran on it (topology declared, consumers back). */
  let ready = false;
  let closed = false;
  let closing: Promise<void> | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let outageSince: number | undefined;
  let attempt = 0;

  const unavailable = (action: string, detail: string, cause?: unknown): WeftError =>
    new WeftError('WEFT_E_QUEUE_UNAVAILABLE', `Cannot ${action}: RabbitMQ at ${safeUrl} ${detail}`, { url: safeUrl }, { cause });

  const connectOnce = async (): Promise<ChannelModel> => {
    let timer: NodeJS.Timeout | undefined;
    // noDelay: small frames (acks, basic.get) must not wait for Nagle's algorithm (~40 ms per round trip).
    const opening = amqp.connect(options.url, { timeout: options.connectTimeoutMs, noDelay: true });
    try {
      return await Promise.race([
        opening,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no connection within ${options.connectTimeoutMs} ms`)), options.connectTimeoutMs);
        }),
      ]);
    } catch (error) {
      // A connection that opens after we gave up must not leak.
      opening.then((late) => late.close().catch(() => undefined)).catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };

  const adopt = async (opened: ChannelModel): Promise<void> => {
    opened.on('error', () => undefined); // 'close' follows every error; that is where the loss is handled.
    opened.on('blocked', (reason: unknown) => logger.warn({ queue: safeUrl, reason }, 'RabbitMQ blocks publishing (resource alarm); publishes wait for its confirm'));
    opened.on('unblocked', () => logger.info({ queue: safeUrl }, 'RabbitMQ accepts publishes again'));
    opened.on('close', (error?: Error) => lost(opened, error));
    for (const listener of [...listeners]) await listener(opened);
    if (connection !== opened) return; // lost again while the listeners ran
    ready = true;
    for (const waiter of [...waiters]) waiter.resolve(opened);
  };

  const lost = (dead: ChannelModel, error?: Error): void => {
    if (connection !== dead) return;
    connection = undefined;
    ready = false;
    if (closed) return;
    if (outageSince === undefined) {
      outageSince = Date.now();
      logger.warn({ queue: safeUrl, error: error ? errorMessage(error) : 'closed' }, 'lost the connection to RabbitMQ; reconnecting with back-off');
    }
    scheduleReconnect();
  };

  const scheduleReconnect = (): void => {
    if (closed || reconnectTimer !== undefined) return;
    attempt += 1;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void reconnect();
    }, reconnectDelay(attempt, options.reconnectInitialDelayMs, options.reconnectMaxDelayMs));
  };

  const reconnect = async (): Promise<void> => {
    if (closed) return;
    let opened: ChannelModel;
    try {
      opened = await connectOnce();
    } catch (error) {
      logger.debug({ queue: safeUrl, attempt, error: errorMessage(error) }, 'RabbitMQ reconnect attempt failed');
      scheduleReconnect();
      return;
    }
    if (closed) {
      await opened.close().catch(() => undefined);
      return;
    }
    connection = opened;
    try {
      await adopt(opened);
    } catch (error) {
      // Redeclaring or reopening failed (typically the connection died again): start over.
      logger.warn({ queue: safeUrl, error: errorMessage(error) }, 'restoring the RabbitMQ topology after reconnecting failed; reconnecting again');
      if (connection === opened) {
        connection = undefined;
        await opened.close().catch(() => undefined);
        scheduleReconnect();
      }
      return;
    }
    if (outageSince !== undefined) logger.info({ queue: safeUrl, outageMs: Date.now() - outageSince, attempts: attempt }, 'reconnected to RabbitMQ');
    outageSince = undefined;
    attempt = 0;
  };

  try {
    connection = await connectOnce();
    await adopt(connection);
  } catch (error) {
    closed = true;
    await connection?.close().catch(() => undefined);
    throw unavailable('open the job queue', `cannot be reached: ${errorMessage(error)}`, error);
  }

  return {
    current: () => connection,
    get closed() {
      return closed;
    },
    whenConnected(deadline, action) {
      if (closed) return Promise.reject(unavailable(action, 'is closed (the job queue was closed)'));
      if (connection !== undefined && ready) return Promise.resolve(connection);
      const waitMs = Math.max(0, deadline - Date.now());
      return new Promise<ChannelModel>((resolve, reject) => {
        const waiter: Waiter = {
          resolve: (ready) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve(ready);
          },
          reject: (error) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            reject(error);
          },
        };
        const timer = setTimeout(() => waiter.reject(unavailable(action, `was not reachable within ${waitMs} ms`)), waitMs);
        waiters.add(waiter);
      });
    },
    onConnected(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (closing) return closing;
      closed = true;
      ready = false;
      clearTimeout(reconnectTimer);
      for (const waiter of [...waiters]) waiter.reject(unavailable('finish', 'is closed (the job queue was closed)'));
      const open = connection;
      connection = undefined;
      closing = open ? closeBounded(open, options.connectTimeoutMs) : Promise.resolve();
      return closing;
    },
  };
}

/**
 * Closes `connection` gracefully (the broker requeues its unacked messages), but gives up after `timeoutMs` and
 * destroys the socket: on a connection whose peer vanished, amqplib would otherwise wait for a close-ok forever.
 */
async function closeBounded(connection: ChannelModel, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const closedEvent = new Promise<'closed'>((resolve) => connection.once('close', () => resolve('closed')));
  const outcome = await Promise.race([connection.close().then(() => 'closed' as const, () => 'closed' as const), closedEvent, gaveUp]);
  clearTimeout(timer);
  if (outcome === 'timeout') (connection.connection as unknown as { stream?: { destroy(): void } }).stream?.destroy();
}
