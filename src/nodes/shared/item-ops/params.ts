import type { NodeContext } from '../../../core/node-api/index.js';

/** A string parameter (expressions resolved for `itemIndex`), `fallback` when absent. */
export function stringParam(ctx: NodeContext, path: string, fallback: string, itemIndex = 0): string {
  const value = ctx.getParameter<unknown>(path, itemIndex, fallback);
  return value === undefined || value === null ? fallback : String(value);
}

/** A boolean option: only `true` counts, as n8n's checks are truthiness checks on saved booleans. */
export function flagParam(ctx: NodeContext, path: string, itemIndex = 0): boolean {
  return ctx.getParameter<unknown>(path, itemIndex, false) === true;
}

/**
 * The entries of a fixed collection (`fieldsToSummarize.values`). n8n uses the parameter's default entries when
 * the parameter was never saved, and no entries when it was saved empty.
 */
export function collectionEntries(ctx: NodeContext, parameter: string, key: string, defaults: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  if (ctx.getRawParameter(parameter) === undefined) return defaults.map((entry) => ({ ...entry }));
  const entries = ctx.getParameter<unknown>(`${parameter}.${key}`, 0, []);
  if (!Array.isArray(entries)) return [];
  return entries.map((entry) => (entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>) : {}));
}

/** A text value of a collection entry, `fallback` when absent. */
export function entryString(entry: Record<string, unknown>, key: string, fallback = ''): string {
  const value = entry[key];
  return value === undefined || value === null ? fallback : String(value);
}
