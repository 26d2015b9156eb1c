import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ivm from 'isolated-vm';
import { SandboxLimitError } from './errors.js';

/** Heap of the SQL isolate; a larger data set fails as a memory-limit breach ("Dataset too large" in Merge). */
export const SQL_MEMORY_LIMIT_MB = 64;

/** alasql sources and targets that read or write files or the network; they fail loudly instead. */
const BLOCKED_FROM = ['METEOR', 'TABLETOP', 'HTML', 'FILE', 'JSON', 'JSONL', 'NDJSON', 'TXT', 'TSV', 'TAB', 'CSV', 'XLS', 'XLSX', 'ODS', 'XML', 'GEXF'];
const BLOCKED_INTO = ['SQL', 'HTML', 'JSON', 'TXT', 'TSV', 'TAB', 'CSV', 'XLS', 'XLSXML', 'XLSX'];

/** Runs before alasql loads: file and network APIs throw, and cannot be redefined by the bundle. */
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

function loadSandbox(): ivm.Context {
  if (sandbox && !sandbox.isolate.isDisposed) return sandbox.context;
  const isolate = new ivm.Isolate({ memoryLimit: SQL_MEMORY_LIMIT_MB });
  const context = isolate.createContextSync();
  // The browser bundle (beside the package's Node entry) has no fs/require handlers: nothing inside can reach the host.
  const bundle = readFileSync(join(dirname(createRequire(import.meta.url).resolve('alasql')), 'alasql.min.js'), 'utf8');
  context.evalSync(LOCKDOWN);
  context.evalSync(bundle);
  context.evalSync(HARDEN);
  sandbox = { isolate, context };
  return context;
}

/** Disposes the cached SQL isolate, if any. */
export function disposeSqlIsolate(): void {
  const current = sandbox;
  sandbox = undefined;
  if (current && !current.isolate.isDisposed) current.isolate.dispose();
}

/**
 * Runs an alasql query over the given tables (one list of rows per input) in an isolate of this process, as n8n
 * does: only plain JSON crosses, file and network access is blocked, and the query is stopped after `timeoutMs`.
 * Meant for the sandbox child process (a query can abort the process that runs it). A breached limit throws
 * {@link SandboxLimitError}; anything else the query's own error.
 */
export function runAlaSqlSync(tables: unknown[][], query: string, params: unknown[], timeoutMs: number): unknown {
  const context = loadSandbox();
  try {
    const json = context.evalClosureSync(RUN_QUERY, [tables, randomUUID(), query, params], {
      arguments: { copy: true },
      result: { copy: true },
      timeout: timeoutMs,
    }) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as unknown);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (sandbox?.isolate.isDisposed || /memory limit|isolate (was|is) disposed/i.test(message)) {
      disposeSqlIsolate();
      throw new SandboxLimitError('memory', `SQL query exceeded the memory limit of ${SQL_MEMORY_LIMIT_MB} MB`);
    }
    if (/script execution timed out/i.test(message)) {
      // As with Code runs, an isolate whose run V8 terminated is not trusted again.
      disposeSqlIsolate();
      throw new SandboxLimitError('time', `SQL query exceeded the time limit of ${timeoutMs} ms`);
    }
    throw error;
  }
}
