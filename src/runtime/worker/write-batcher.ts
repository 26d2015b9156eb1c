import { WeftError } from '../../core/errors/index.js';

/** Most calls written together by default: bounds one transaction's size and the wait of the last caller. */
const DEFAULT_MAX_BATCH = 256;

/** Group commit of one kind of store write: calls made while a batch is being written are written together next. */
export interface WriteBatcher<Input, Output> {
  /** Resolves with this input's own result once the batch holding it is written (committed). */
  write(input: Input): Promise<Output>;
}

interface Waiting<Input, Output> {
  readonly input: Input;
  readonly resolve: (output: Output) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Coalesces concurrent writes into batch writes. The first call is written at the end of the current event-loop
 * turn (`setImmediate`), together with every call made during that turn; calls arriving while a batch is in flight
 * wait for it and then go together in the next batch (up to `maxBatch`). Waiting for the end of the turn matters
 * for a store that writes synchronously (SQLite): its write is never "in flight" when the next request arrives, so
 * without it each HTTP request read in one poll would commit a transaction of its own. It is one turn of the loop,
 * not a timer, so an idle process still writes at once. Each caller's promise settles only after its own batch
 * committed, so a caller that goes on (acknowledges a job, publishes it, answers) does so after its write is
 * durable, exactly as with a single write. When a batch of several fails, its inputs are written again one by one,
 * so one bad input cannot fail the others.
 *
 * @example
 * const finishes = createWriteBatcher((batch: Array<{ id: string } & ExecutionFinish>) => store.finishExecutions(batch));
 * const recorded = await finishes.write({ id, status: 'success', attempt: 1, stoppedAt: Date.now() });
 */
export function createWriteBatcher<Input, Output>(
  writeBatch: (inputs: Input[]) => Promise<readonly Output[]>,
  options: { maxBatch?: number } = {},
): WriteBatcher<Input, Output> {
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  const queue: Array<Waiting<Input, Output>> = [];
  // True from the moment a drain is scheduled until the queue is empty: later calls just join the queue.
  let writing = false;

  const settle = async (batch: ReadonlyArray<Waiting<Input, Output>>): Promise<void> => {
    let outputs: readonly Output[];
    try {
      outputs = await writeBatch(batch.map((waiting) => waiting.input));
      if (outputs.length !== batch.length) {
        throw new WeftError('WEFT_E_INTERNAL', `a batch write of ${batch.length} inputs returned ${outputs.length} results`, { inputs: batch.length, results: outputs.length });
      }
    } catch (error) {
      if (batch.length === 1) batch[0]!.reject(error);
      else for (const waiting of batch) await settle([waiting]);
      return;
    }
    batch.forEach((waiting, index) => waiting.resolve(outputs[index]!));
  };

  const drain = async (): Promise<void> => {
    try {
      while (queue.length > 0) await settle(queue.splice(0, maxBatch));
    } finally {
      writing = false;
    }
  };

  return {
    write(input) {
      return new Promise<Output>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        if (writing) return;
        writing = true;
        setImmediate(() => void drain());
      });
    },
  };
}
