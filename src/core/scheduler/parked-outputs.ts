import type { Item } from '../model/types.js';

/** The outputs of a finished run that asked to park the execution: held back from its successors until `until`. */
export interface ParkedOutput {
  readonly nodeIndex: number;
  readonly runIndex: number;
  readonly outputs: Item[][];
  /** Epoch ms at which the outputs may go on. */
  readonly until: number;
}

/**
 * The runs whose outputs wait for their park time (long Wait nodes). Each park holds back only its own branch,
 * so a workflow behaves the same whether its waits are parked or slept in memory: other branches go on, and a
 * Merge fed by a parked branch keeps waiting for it.
 *
 * @example
 * const parked = new ParkedOutputs();
 * parked.park({ nodeIndex: 2, runIndex: 0, outputs: [[{ json: {} }]], until: 90_000 });
 * parked.earliest(); // 90_000
 * parked.releaseDue(90_000); // [the entry above]; parked.size === 0
 */
export class ParkedOutputs {
  private entries: ParkedOutput[] = [];

  get size(): number {
    return this.entries.length;
  }

  park(entry: ParkedOutput): void {
    this.entries.push(entry);
  }

  /** The earliest park time: when the execution should be resumed. */
  earliest(): number | undefined {
    let earliest: number | undefined;
    for (const entry of this.entries) if (earliest === undefined || entry.until < earliest) earliest = entry.until;
    return earliest;
  }

  /** True when some park is due at `at`. */
  anyDue(at: number): boolean {
    return this.entries.some((entry) => entry.until <= at);
  }

  /** Removes and returns the parks due at `at`, in the order they were parked (so replays deliver alike). */
  releaseDue(at: number): ParkedOutput[] {
    const due = this.entries.filter((entry) => entry.until <= at);
    if (due.length > 0) this.entries = this.entries.filter((entry) => entry.until > at);
    return due;
  }

  /** Nodes with held outputs: their successors may still receive data. */
  nodeIndexes(): number[] {
    return this.entries.map((entry) => entry.nodeIndex);
  }
}
