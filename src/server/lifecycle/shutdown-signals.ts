/** The process surface the signal handling needs; injected so tests drive it without real signals. */
export interface SignalTarget {
  once(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  removeListener(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

/** The signals that stop Weft: SIGTERM (service managers, containers) and SIGINT (Ctrl-C). */
export const shutdownSignals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * Calls `onFirst` on the first SIGTERM/SIGINT (graceful shutdown) and `onSecond` on the next one (the operator
 * insists: stop now). Returns a function that removes the handlers.
 *
 * @example
 * const dispose = handleShutdownSignals(process, { onFirst: () => void shutdown(), onSecond: () => process.exit(1) });
 */
export function handleShutdownSignals(target: SignalTarget, handlers: { onFirst: (signal: NodeJS.Signals) => void; onSecond: (signal: NodeJS.Signals) => void }): () => void {
  let received = 0;
  const listener = (signal: NodeJS.Signals): void => {
    received += 1;
    // Re-arm every signal, so a repeated Ctrl-C reaches us instead of Node's default (which skips our cleanup message).
    for (const name of shutdownSignals) {
      target.removeListener(name, listener);
      target.once(name, listener);
    }
    if (received === 1) handlers.onFirst(signal);
    else handlers.onSecond(signal);
  };
  for (const name of shutdownSignals) target.once(name, listener);
  return () => {
    for (const name of shutdownSignals) target.removeListener(name, listener);
  };
}
