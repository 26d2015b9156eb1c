/** What a run's finish event carries about custom data: nothing, or the whole custom data after the change. */
export type CustomDataChange = { readonly customData?: Record<string, string> };

/** Spread into an event when nothing changed: one shared object, so unchanged runs allocate nothing. */
const NO_CHANGE: CustomDataChange = Object.freeze({});

/**
 * Proxy traps counting writes to the custom data. One instance per execution is the proxy's handler, so the
 * traps are prototype methods (no closures per execution) and the counter is a plain field.
 */
class ChangeCounter implements ProxyHandler<Record<string, string>> {
  changes = 0;

  set(target: Record<string, string>, key: string | symbol, value: unknown): boolean {
    this.changes += 1;
    return Reflect.set(target, key, value);
  }

  deleteProperty(target: Record<string, string>, key: string | symbol): boolean {
    this.changes += 1;
    return Reflect.deleteProperty(target, key);
  }

  defineProperty(target: Record<string, string>, key: string | symbol, descriptor: PropertyDescriptor): boolean {
    this.changes += 1;
    return Reflect.defineProperty(target, key, descriptor);
  }
}

/**
 * `$execution.customData` of one execution: the object its nodes read and write (`values`), with a count of
 * writes so that a run's finish event can carry the custom data exactly when the run changed it. Recorded in
 * the event log that way, a replay (resume after a park or a crash) restores it; runs that do not touch it cost
 * one number read and allocate nothing.
 *
 * @example
 * const customData = new ExecutionCustomData();
 * const version = customData.version;
 * customData.values.orderId = '42'; // what a Code node's $execution.customData.set('orderId', '42') does
 * customData.changesSince(version); // { customData: { orderId: '42' } }
 * customData.changesSince(customData.version); // {}
 */
export class ExecutionCustomData {
  private readonly target: Record<string, string> = {};
  private readonly counter = new ChangeCounter();
  /** The object nodes get as `customData`: writes to it are counted. */
  readonly values: Record<string, string> = new Proxy(this.target, this.counter);

  /** How many writes there were so far; hand it to {@link changesSince} after a run. */
  get version(): number {
    return this.counter.changes;
  }

  get isEmpty(): boolean {
    return Object.keys(this.target).length === 0;
  }

  /** A plain copy (events and results must not hold the live object). */
  snapshot(): Record<string, string> {
    return { ...this.target };
  }

  /** Fields to spread into a finish event: `{ customData }` when written to since `version`, else an empty shared object. */
  changesSince(version: number): CustomDataChange {
    return this.counter.changes === version ? NO_CHANGE : { customData: this.snapshot() };
  }

  /** Sets the custom data a replayed log recorded (not counted as a change: it is already in the log). */
  restore(values: Readonly<Record<string, string>>): void {
    Object.assign(this.target, values);
  }
}
