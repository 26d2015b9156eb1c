/**
 * How the owner of a running attempt stops it: cancel it (the execution ends `canceled`), or hand it back (it
 * stops without recording an end, for the next attempt to resume). One AbortController serves both, and the
 * fencing stop of a newer attempt taking over: an attempt makes no other signal, since at thousands of
 * executions per second every AbortController and listener shows in the profile.
 *
 * @example
 * const control = new AttemptControl();
 * const run = driveExecution({ ...options, control });
 * control.handBack(new Error('shutting down')); // `await run` resolves with handedBack: true
 */
export class AttemptControl {
  private readonly controller = new AbortController();
  private handingBack = false;

  /** Aborts when the attempt is stopped, whatever the reason. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True once {@link handBack} was called: nothing after that is recorded. */
  get handedBack(): boolean {
    return this.handingBack;
  }

  /** Stops the attempt; the execution ends `canceled`. */
  cancel(reason: unknown): void {
    this.controller.abort(reason);
  }

  /** Stops the attempt WITHOUT recording an end (see `DriveOptions.control`). No effect once stopped otherwise. */
  handBack(reason: unknown): void {
    if (this.controller.signal.aborted) return;
    this.handingBack = true;
    this.controller.abort(reason);
  }
}
