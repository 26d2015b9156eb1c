/**
 * Stops one node run. Its AbortSignal is made only when something asks for it (a node that passes it to `fetch`,
 * a wait for a process slot): most node runs never look at it, and an AbortController per run is measurable work
 * at thousands of executions per second.
 *
 * @example
 * const stop = new RunStop();
 * stop.abort(new Error('the execution stopped'));
 * stop.aborted; // true
 * stop.signal.aborted; // true: made now, already aborted
 */
export class RunStop {
  private controller: AbortController | undefined;
  private stopped = false;
  private reason: unknown;

  /** True once {@link abort} was called. */
  get aborted(): boolean {
    return this.stopped;
  }

  /** The run's signal, made on first use (aborted already when the run was stopped before). */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.stopped) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  /** Stops the run; only the first call counts. */
  abort(reason: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}
