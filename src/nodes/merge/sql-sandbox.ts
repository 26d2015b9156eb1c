import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ivm from 'isolated-vm';

/** Time one query may run before it is stopped (n8n's limit). */
export const SQL_TIMEOUT_MS = 30_000;
/** Heap of the SQL isolate; a larger data set fails with "Dataset too large". */
const MEMORY_LIMIT_MB = 64;

/** alasql sources and targets that read or write files or the network; they fail loudly instead. */
const BLOCKED_FROM = ['METEOR', 'TABLETOP', 'HTML', 'FILE', 'JSON', 'JSONL', 'NDJSON', 'TXT', 'TSV', 'TAB', 'CSV', 'XLS', 'XLSX', 'ODS', 'XML', 'GEXF'];
const BLOCKED_INTO = ['SQL', 'HTML', 'JSON', 'TXT', 'TSV', 'TAB', 'CSV', 'XLS', 'XLSXML', 'XLSX'];

/**
 * Runs before alasql loads: file and network APIs throw, and cannot be redefined by the bundle.
 */
const LOCKDOWN = `
  function blockedNetworkOrFileApi() { throw new Error('Network and file system access is disabled in the SQL sandbox'); }
  Object.defineProperty(globalThis, 'fetch', { value: blockedNetworkOrFileApi, writable: false, configurable: false });
  Object.defineProperty(globalThis, 'XMLHttpRequest', { value: blockedNetworkOrFileApi, writable: false, configurable: false });
`;

/** Runs after alasql loads: its file sources and targets become throwing stubs; user functions cannot be added. */
const HARDEN = `
  for (const name of ${JSON.stringify(BLOCKED_FROM)}) alasql.from[name] = blockedNetworkOrFileApi;
  for (const name of ${JSON.stringify(BLOCKED_INTO)}) alasql.into[name] = blockedNetworkOrFileApi;
  Object.freeze(alasql.from);
  Object.freeze(alasql.into);
  Object.freeze(alasql.fn);
`;

/** Creates a table per input (`input1`, `input2`, …) in a throwaway database, runs the query, returns JSON. */
const RUN_QUERY = `
  const rows = $0, dbId = $1, query = $2, params = $3;
  const db = new alasql.Database(dbId);
  try {
    for (let i = 0; i < rows.length; i++) {
      db.exec('CREATE TABLE input' + (i + 1));
      db.tables['input' + (i + 1)].data = rows[i];
    }
    return JSON.stringify(params.length > 0 ? db.exec(query, params) : db.exec(query));
  } finally {
    delete alasql.databases[dbId];
  }
`;

let sandbox: { isolate: ivm.Isolate; context: ivm.Context } | undefined;

async function loadSandbox(): Promise<ivm.Context> {
  if (sandbox && !sandbox.isolate.isDisposed) return sandbox.context;
  const isolate = new ivm.Isolate({ memoryLimit: MEMORY_LIMIT_MB });
  const context = await isolate.createContext();
  // The browser bundle (beside the package's Node entry) has no fs/require handlers: nothing inside can reach the host.
  const bundle = await readFile(join(dirname(createRequire(import.meta.url).resolve('alasql')), 'alasql.min.js'), 'utf8');
  await context.eval(LOCKDOWN);
  await context.eval(bundle);
  await context.eval(HARDEN);
  sandbox = { isolate, context };
  return context;
}

/** Drops the cached isolate (after it ran out of memory, and in tests). */
export function disposeSqlSandbox(): void {
  const current = sandbox;
  sandbox = undefined;
  if (current && !current.isolate.isDisposed) current.isolate.dispose();
}

/** True when the error means the isolate hit its memory limit. */
export function isSandboxMemoryError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /memory limit|isolate (was|is) disposed/i.test(message);
}

/**
 * Runs an alasql query over the given tables (one list of rows per input) inside an isolated-vm sandbox, as n8n
 * does: only plain JSON data crosses the boundary, file and network access is blocked, and the query is
 * stopped after {@link SQL_TIMEOUT_MS}.
 */
export async function runAlaSql(tables: readonly unknown[][], query: string, params: readonly unknown[] = []): Promise<unknown> {
  const context = await loadSandbox();
  try {
    const json = (await context.evalClosure(RUN_QUERY, [tables, randomUUID(), query, params], {
      arguments: { copy: true },
      result: { copy: true },
      timeout: SQL_TIMEOUT_MS,
    })) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as unknown);
  } catch (error) {
    if (isSandboxMemoryError(error)) disposeSqlSandbox();
    throw error;
  }
}
