import type { Item, JsonObject, PairedItem } from '../../core/model/types.js';
import type { NodeContext } from '../../core/node-api/index.js';
import { failFor, type Fail } from './errors.js';
import { pairedList } from './paired.js';
import { isSandboxMemoryError, isSandboxTimeoutError, runAlaSql, SQL_TIMEOUT_MS } from './sql-sandbox.js';

/** n8n's default query of the SQL mode. */
export const DEFAULT_SQL_QUERY = 'SELECT * FROM input1 LEFT JOIN input2 ON input1.name = input2.id';

/**
 * Merge v3 "SQL Query": the inputs become tables `input1`, `input2`, … and an alasql query combines them.
 * `{{ }}` parts of the query are expressions (resolved for item 0). From v3.1 a SELECT keeps per-row paired
 * items; from v3.2 an empty result is empty unless `options.emptyQueryResult` is `success`.
 */
export async function combineBySql(ctx: NodeContext, inputs: readonly (readonly Item[])[]): Promise<Item[]> {
  const fail = failFor(ctx.node.name);
  const options = ctx.getParameter<Record<string, unknown>>('options', 0, {}) ?? {};
  const query = resolveEmbeddedExpressions(ctx, String(ctx.getParameter('query', 0, DEFAULT_SQL_QUERY)));
  const params = queryParameters(options.queryParameters, fail);
  const successIfEmpty = ctx.typeVersion <= 3.1 ? true : options.emptyQueryResult === 'success';

  if (ctx.typeVersion >= 3.1 && query.toLowerCase().startsWith('select')) {
    try {
      return await selectWithRowPairing(inputs, query, params, successIfEmpty, fail);
    } catch (error) {
      // As in n8n, a failed SELECT is tried once more the plain way (the added paired-item columns may be what broke it).
      ctx.logger.debug('SQL select with paired items failed; retrying without', { error: String(error) });
    }
  }
  const pairedItem = inputs.flatMap((items, input) => items.flatMap((item, index) => pairsOf(item, index, input)));
  const tables = inputs.map((items) => items.map((item) => item.json));
  const output: Item[] = [];
  const result = await runOrFail(tables, query, params, fail);
  for (const row of result) {
    if (Array.isArray(row)) output.push(...row.map((json: JsonObject) => ({ json, pairedItem })));
    else if (row !== null && typeof row === 'object') output.push({ json: row as JsonObject, pairedItem });
  }
  if (output.length === 0 && successIfEmpty) output.push({ json: { success: true }, pairedItem });
  return output;
}

async function selectWithRowPairing(
  inputs: readonly (readonly Item[])[],
  query: string,
  params: readonly unknown[],
  successIfEmpty: boolean,
  fail: Fail,
): Promise<Item[]> {
  const tables = inputs.map((items) => items.map((item) => ({ ...item.json, pairedItem: item.pairedItem })));
  const result = await runOrFail(tables, withPairedItemColumns(query, inputs.length), params, fail);
  const output: Item[] = [];
  for (const row of result) {
    if (Array.isArray(row)) output.push(...row.map((entry: JsonObject) => rowToItem(entry)));
    else if (row !== null && typeof row === 'object') output.push(rowToItem(row as JsonObject));
  }
  if (output.length === 0 && successIfEmpty) output.push({ json: { success: true } });
  return output;
}

/** Runs the query and turns failures into n8n's messages. */
async function runOrFail(tables: unknown[][], query: string, params: readonly unknown[], fail: Fail): Promise<unknown[]> {
  let result: unknown;
  try {
    result = await runAlaSql(tables, query, params);
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    if (isSandboxMemoryError(error)) {
      fail('Dataset too large for the SQL sandbox', {
        description: 'Try filtering or aggregating upstream, or split the input into smaller batches before the Merge node.',
        itemIndex: 0,
      });
    }
    if (isSandboxTimeoutError(error)) {
      fail(`SQL query exceeded the ${SQL_TIMEOUT_MS / 1000} second execution limit`, {
        description: 'Simplify the query (remove unnecessary JOINs) or reduce the number of input rows.',
        itemIndex: 0,
      });
    }
    fail('Issue while executing query', { description: raw, itemIndex: 0 });
  }
  if (!Array.isArray(result)) fail('Issue while executing query', { description: 'result is not iterable', itemIndex: 0 });
  return result;
}

/** Adds `inputN.pairedItem AS pairedItemN` for each input a non-`*` SELECT mentions, so rows keep their origin. */
export function withPairedItemColumns(query: string, inputCount: number): string {
  const select = /SELECT\s+(.+?)\s+FROM/i.exec(query);
  if (!select) return query;
  let columns = select[1]!.trim();
  if (columns === '*') return query;
  const extra: string[] = [];
  for (let index = 1; index <= inputCount; index++) {
    if (query.includes(`input${index}`)) extra.push(`input${index}.pairedItem AS pairedItem${index}`);
  }
  if (extra.length > 0) columns += `, ${extra.join(', ')}`;
  return query.replace(select[0], `SELECT ${columns} FROM`);
}

/** Splits a result row into its json and the paired items carried in `pairedItem…` columns. */
export function rowToItem(row: JsonObject): Item {
  const json: JsonObject = {};
  const pairedItem: PairedItem[] = [];
  for (const [key, value] of Object.entries(row)) {
    if (!key.startsWith('pairedItem')) json[key] = value;
    else if (value !== undefined) pairedItem.push(value as PairedItem);
  }
  return { json, pairedItem };
}

function pairsOf(item: Item, index: number, input: number): PairedItem[] {
  const list = item.pairedItem === undefined ? [{ item: index }] : pairedList(item.pairedItem);
  return list.map((paired) => ({ item: paired.item, input }));
}

/** Replaces each `{{ … }}` in the query by its value for item 0 (the query itself is not an expression). */
function resolveEmbeddedExpressions(ctx: NodeContext, query: string): string {
  let resolved = query;
  for (const match of query.matchAll(/({{[\s\S]*?}})/g)) {
    const resolvable = match[1]!;
    resolved = resolved.replace(resolvable, String(ctx.evaluate(`=${resolvable}`, 0)));
  }
  return resolved;
}

/** `options.queryParameters`: values for `?` placeholders, as a comma-separated text, a number or a list. */
function queryParameters(value: unknown, fail: Fail): unknown[] {
  if (value === undefined || value === '') return [];
  if (Array.isArray(value)) {
    return value.map((entry: unknown, index) => {
      if (entry === null || ['string', 'number', 'boolean'].includes(typeof entry)) return entry;
      return fail(`Query parameter ${index + 1} must be a string, number, boolean, or null`, { itemIndex: 0 });
    });
  }
  if (typeof value === 'number') return [value];
  if (typeof value !== 'string') return fail('Query parameters must be a string, number, or array', { itemIndex: 0 });
  return value.split(',').map((entry) => {
    const text = entry.trim();
    const number = Number(text);
    return text !== '' && !Number.isNaN(number) ? number : text;
  });
}
