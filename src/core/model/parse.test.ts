import { describe, expect, it } from 'vitest';
import { WeftError } from '../errors/index.js';
import { parseWorkflowText } from './parse.js';

/** Runs `fn` and returns the WeftError it throws (fails the test when it throws nothing or something else). */
function weftErrorOf(fn: () => unknown): WeftError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WeftError);
    return error as WeftError;
  }
  throw new Error('expected a WeftError, nothing was thrown');
}

describe('parseWorkflowText', () => {
  it('returns one document for one object', () => {
    const docs = parseWorkflowText('{"name":"one","nodes":[],"connections":{}}', 'wf.json');
    expect(docs).toEqual([{ name: 'one', nodes: [], connections: {} }]);
  });

  it('returns every document of an array, in order', () => {
    const docs = parseWorkflowText('[{"name":"a","nodes":[]},{"name":"b","nodes":[]}]');
    expect(docs.map((doc) => doc.name)).toEqual(['a', 'b']);
  });

  it('leaves shape problems to validation', () => {
    expect(parseWorkflowText('{"nodes": 5}')).toEqual([{ nodes: 5 }]);
  });

  it('reports malformed JSON with the line and column the parser stopped at', () => {
    // V8 reports "at position 16": the "}" on line 3, column 1.
    const text = '{\n  "name": "x",\n}';
    const error = weftErrorOf(() => parseWorkflowText(text, 'wf.json'));
    expect(error.code).toBe('WEFT_E_INVALID_JSON');
    expect(error.details).toEqual({ source: 'wf.json', line: 3, column: 1 });
    expect(error.message).toBe('wf.json:3:1: invalid JSON: Expected double-quoted property name');
  });

  it('counts columns from the start of the line', () => {
    // missing comma: the parser stops at `"b"`, line 3, column 3
    const text = '{\n  "a": 1\n  "b": 2\n}';
    const error = weftErrorOf(() => parseWorkflowText(text, 'wf.json'));
    expect(error.details).toMatchObject({ line: 3, column: 3 });
    expect(error.message).toBe("wf.json:3:3: invalid JSON: Expected ',' or '}' after property value");
  });

  // Node 20's JSON.parse message for an unexpected token carries no position: the parser must still find it.
  it('locates an unexpected token on line 3', () => {
    const text = '{\n  "a": 1,\n  "b": x\n}';
    const error = weftErrorOf(() => parseWorkflowText(text, 'wf.json'));
    expect(error.code).toBe('WEFT_E_INVALID_JSON');
    expect(error.details).toMatchObject({ line: 3, column: 8 });
    expect(error.message).toMatch(/^wf\.json:3:8: invalid JSON: /);
  });

  it('reports the end of the text for truncated JSON', () => {
    const error = weftErrorOf(() => parseWorkflowText('{\n  "a": [1,', 'cut.json'));
    expect(error.code).toBe('WEFT_E_INVALID_JSON');
    expect(error.details).toEqual({ source: 'cut.json', line: 2, column: 11 });
    expect(error.message).toMatch(/^cut\.json:2:11: invalid JSON: /);
  });

  it('names the default source "workflow"', () => {
    const error = weftErrorOf(() => parseWorkflowText('{"a": "unterminated'));
    expect(error.message).toBe('workflow:1:20: invalid JSON: Unterminated string');
  });

  it('rejects an empty array', () => {
    const error = weftErrorOf(() => parseWorkflowText('[]', 'empty.json'));
    expect(error.code).toBe('WEFT_E_INVALID_WORKFLOW');
    expect(error.message).toBe('empty.json: the file holds an empty array, no workflow');
    expect(error.details).toEqual({ source: 'empty.json' });
  });

  it('rejects a non-object entry of an array, naming its index', () => {
    const error = weftErrorOf(() => parseWorkflowText('[{"nodes":[]}, 3]', 'many.json'));
    expect(error.code).toBe('WEFT_E_INVALID_WORKFLOW');
    expect(error.message).toBe('many.json: [1] is not a workflow object');
    expect(error.details).toEqual({ source: 'many.json', path: '[1]' });
  });

  it('rejects nested arrays and null entries', () => {
    expect(weftErrorOf(() => parseWorkflowText('[[{"nodes":[]}]]', 'f')).message).toBe('f: [0] is not a workflow object');
    expect(weftErrorOf(() => parseWorkflowText('[{"nodes":[]}, null]', 'f')).message).toBe('f: [1] is not a workflow object');
  });

  it.each(['null', '42', '"text"', 'true'])('rejects a top-level %s', (text) => {
    const error = weftErrorOf(() => parseWorkflowText(text, 'f.json'));
    expect(error.code).toBe('WEFT_E_INVALID_WORKFLOW');
    expect(error.message).toBe('f.json: $ is not a workflow object');
  });
});
