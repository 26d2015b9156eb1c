import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutionError } from '../../core/errors/index.js';
import { ProcessPool } from '../../runtime/sandbox/process-pool.js';
import { runNodeForTest } from '../../testing/node-harness.js';
import { functionItemNode } from './function-item.js';
import { functionNode } from './function.js';
import { closeCodeSandboxPool, setCodeSandboxPool } from './sandbox-pool.js';

beforeAll(() => setCodeSandboxPool(new ProcessPool({ timeoutMs: 2000, memoryLimitMb: 64 })));
afterAll(() => closeCodeSandboxPool());

const rejection = (promise: Promise<unknown>): Promise<NodeExecutionError> =>
  promise.then(
    () => {
      throw new Error('expected the node to fail');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(NodeExecutionError);
      return error as NodeExecutionError;
    },
  );

describe('Function node (legacy)', () => {
  const run = (functionCode: string, json: Record<string, unknown>[] = [{ a: 1 }, { a: 2 }], continueOnFail = false) =>
    runNodeForTest(functionNode, { parameters: { functionCode }, json, nodeFields: { continueOnFail } });

  it("runs n8n's default code (implicit global `item`) and gives items their index", async () => {
    const [out] = await run('for (item of items) {\n  item.json.myNewField = item.index;\n}\nreturn items;');
    expect(out).toEqual([{ json: { a: 1, myNewField: 0 } }, { json: { a: 2, myNewField: 1 } }]);
  });

  it('normalizes plain objects and lists into items, keeping pairedItem', async () => {
    expect((await run('return {success: true}'))[0]).toEqual([{ json: { success: true } }]);
    expect((await run('return [{ id: 1 }, { id: 2 }]'))[0]).toEqual([{ json: { id: 1 } }, { json: { id: 2 } }]);
    expect((await run("return [{ json: { o: 'third' }, pairedItem: 2 }]"))[0]).toEqual([{ json: { o: 'third' }, pairedItem: 2 }]);
  });

  it("reports n8n's messages", async () => {
    expect((await rejection(run('return [{ json: 5 }]'))).message).toBe('The json-property has to be an object!');
    expect((await rejection(run('return [{ json: {} }, { a: 1 }]'))).message).toBe('Inconsistent item format');
    expect((await rejection(run('return'))).message).toBe("Cannot read properties of undefined (reading 'every')");
    expect((await rejection(run("\nthrow new Error('Incorrect data');"))).message).toBe('Incorrect data [Line 2]');
  });

  it('turns any failure into one error item with continueOnFail', async () => {
    expect((await run("throw new Error('Incorrect data')", undefined, true))[0]).toEqual([{ json: { error: 'Incorrect data' } }]);
    expect((await run('return [{ json: 5 }]', undefined, true))[0]).toEqual([{ json: { error: 'The json-property has to be an object!' } }]);
  });
});

describe('Function Item node (legacy)', () => {
  const run = (functionCode: string, continueOnFail = false) =>
    runNodeForTest(functionItemNode, {
      parameters: { functionCode },
      inputs: [[{ json: { a: 1 }, binary: { file: { data: 'aGk=', mimeType: 'text/plain' } } }, { json: { a: 2 } }]],
      nodeFields: { continueOnFail },
    });

  it('runs once per item with `item` as the json and keeps binary data', async () => {
    const [out] = await run('item.b = item.a * 10;\nreturn item;');
    expect(out).toEqual([
      { json: { a: 1, b: 10 }, pairedItem: { item: 0 }, binary: { file: { data: 'aGk=', mimeType: 'text/plain' } } },
      { json: { a: 2, b: 20 }, pairedItem: { item: 1 } },
    ]);
  });

  it('replaces binary data through setBinaryData', async () => {
    const [out] = await run("await setBinaryData({ note: { data: btoa($itemIndex + ''), mimeType: 'text/plain' } });\nreturn { n: getBinaryData().note.data };");
    expect(out?.map((item) => [item.json, item.binary])).toEqual([
      [{ n: 'MA==' }, { note: { data: 'MA==', mimeType: 'text/plain' } }],
      [{ n: 'MQ==' }, { note: { data: 'MQ==', mimeType: 'text/plain' } }],
    ]);
  });

  it("reports n8n's messages with the item index", async () => {
    expect((await rejection(run('if (item.a === 2) {\n  throw new Error("bad");\n}\nreturn item;'))).message).toBe('bad [Line 2 | Item Index: 1]');
    expect((await rejection(run('return;'))).message).toBe('No data got returned. Always an object has to be returned!');
  });

  it('continues per item with continueOnFail', async () => {
    const [out] = await run('if (item.a === 1) throw new Error("bad");\nreturn item;', true);
    expect(out).toEqual([{ json: { error: 'bad' } }, { json: { a: 2 }, pairedItem: { item: 1 } }]);
  });
});
