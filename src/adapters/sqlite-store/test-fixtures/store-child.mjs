// A child process for the SQLite store's multi-process tests. Plain ESM JavaScript (no TypeScript loader is
// installed); it runs the real adapter from a bundle the test builds, passed as the first argument.
//
//   node store-child.mjs <bundle.mjs> <db-file> migrate <at>  -> at epoch ms <at>, opens the store (migrating), prints "migrated", exits
//   node store-child.mjs <bundle.mjs> <db-file> write     -> writes executions until killed, printing each commit
//
// Every line printed after a promise resolved describes a write that is committed; the parent kills the process
// with SIGKILL at an arbitrary moment and checks that each printed write survived.
import { pathToFileURL } from 'node:url';

const [bundle, file, mode, startAt] = process.argv.slice(2);
const { createSqliteStore } = await import(pathToFileURL(bundle).href);
// Children started one after another line up on a common moment, so their migrations really race.
if (startAt !== undefined) await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const encryptionKey = Buffer.alloc(32, 7);
const store = await createSqliteStore({ file, encryptionKey, busyTimeoutMs: 20_000 });
const report = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

if (mode === 'migrate') {
  report({ migrated: true, pid: process.pid });
  await store.close();
} else if (mode === 'write') {
  const workflow = await store.createWorkflow({ name: `child ${process.pid}`, definition: { nodes: [], connections: {} } });
  report({ workflowId: workflow.id });
  for (let round = 0; ; round += 1) {
    const input = { round, padding: 'x'.repeat(2_000) };
    // A group of three, then each one through its life: running, a checkpoint, finished with its data.
    const group = await store.createExecutions([0, 1, 2].map((index) => ({ workflowId: workflow.id, workflowVersion: 1, mode: 'trigger', input: { ...input, index } })));
    report({ created: group.map((execution) => execution.id) });
    for (const execution of group) {
      await store.updateExecution(execution.id, { status: 'running', attempt: 1, worker: 'child', startedAt: Date.now() });
      await store.saveCheckpoints(execution.id, 1, [{ sequence: 0, event: { type: 'nodeSucceeded', runId: 0, at: Date.now(), outputs: [[{ json: { round } }]] } }]);
      report({ checkpointed: execution.id });
    }
    const result = { status: 'success', mode: 'trigger', startedAt: '', stoppedAt: '', data: { resultData: { runData: { Start: [{ round }] } } } };
    const finished = await store.finishExecutions(group.map((execution) => ({ id: execution.id, status: 'success', attempt: 1, stoppedAt: Date.now(), result })));
    if (finished.every(Boolean)) report({ finished: group.map((execution) => execution.id) });
  }
}
