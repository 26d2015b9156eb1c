import { NodeExecutionError, errorMessage } from '../../../core/errors/index.js';
import type { NodeContext } from '../../../core/node-api/index.js';
import { ConditionError, LESS_STRICT_HINT } from './condition-error.js';
import { executeFilter, isFilterValue } from './execute-filter.js';
import type { FilterOptions } from './types.js';

/** How a node version maps its settings onto the filter engine. */
export interface FilterNodeSettings {
  /** From this typeVersion the top-level `looseTypeValidation` replaces `options.looseTypeValidation`. */
  readonly topLevelLooseFrom: number;
  /** From this typeVersion the engine's behaviour version is 2 (stricter boolean conversion). */
  readonly engineV2From: number;
  /** From this typeVersion the engine's behaviour version is 3 (an empty value counts as missing). */
  readonly engineV3From?: number;
}

/** The filter engine version n8n's editor gives a node of this typeVersion. */
export function engineVersion(typeVersion: number, settings: FilterNodeSettings): number {
  if (settings.engineV3From !== undefined && typeVersion >= settings.engineV3From) return 3;
  return typeVersion >= settings.engineV2From ? 2 : 1;
}

/** The node options the filter nodes share (`options` collection). */
export interface FilterNodeOptions {
  ignoreCase?: boolean;
  looseTypeValidation?: boolean;
}

/** Whether the node asked for loose type conversion, read where its typeVersion keeps the switch. */
export function looseTypeValidation(ctx: NodeContext, itemIndex: number, options: FilterNodeOptions, settings: FilterNodeSettings): boolean {
  if (ctx.typeVersion < settings.topLevelLooseFrom) return options.looseTypeValidation === true;
  return ctx.getParameter<unknown>('looseTypeValidation', itemIndex, false) === true;
}

/**
 * Evaluates the filter parameter at `path` for item `itemIndex` and returns whether it passes. Failures become
 * a {@link NodeExecutionError} worded as n8n words them, with the item index in its context.
 *
 * A value that is not a filter (the empty default `{}`) passes by its truthiness, as in n8n.
 */
export function evaluateFilterParameter(
  ctx: NodeContext,
  path: string,
  itemIndex: number,
  options: FilterNodeOptions,
  settings: FilterNodeSettings,
): boolean {
  return evaluateFilterValue(ctx, ctx.getParameter<unknown>(path, itemIndex, {}), itemIndex, options, settings);
}

/** {@link evaluateFilterParameter} for a value already resolved for item `itemIndex`. */
export function evaluateFilterValue(
  ctx: NodeContext,
  value: unknown,
  itemIndex: number,
  options: FilterNodeOptions,
  settings: FilterNodeSettings,
): boolean {
  if (!isFilterValue(value)) return Boolean(value);
  const loose = looseTypeValidation(ctx, itemIndex, options, settings);
  // Only used when the saved value lacks options (the editor always writes them).
  const fallback: FilterOptions = {
    caseSensitive: options.ignoreCase === false,
    typeValidation: loose ? 'loose' : 'strict',
    version: engineVersion(ctx.typeVersion, settings),
  };
  try {
    return executeFilter(value, itemIndex, fallback, ctx.timezone);
  } catch (error) {
    const description = error instanceof ConditionError ? error.description : loose ? undefined : LESS_STRICT_HINT;
    throw new NodeExecutionError(ctx.node.name, errorMessage(error), { description, itemIndex, cause: error });
  }
}
