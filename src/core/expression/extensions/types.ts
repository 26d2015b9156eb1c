/** What extension methods may need from the evaluation: the workflow time zone and clock. */
export interface ExtensionContext {
  readonly timezone: string;
  readonly now: number;
}

/** One n8n extension method: called as `value.name(...args)`. */
export type Extension<T> = (value: T, args: readonly unknown[], ctx: ExtensionContext) => unknown;

/** Extension methods of one value type, by name. */
export type ExtensionTable<T> = Readonly<Record<string, Extension<T>>>;

/** Error raised by an extension method, with n8n's wording. */
export class ExtensionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionExtensionError';
  }
}
