/**
 * JavaScript that runs INSIDE each fresh sandbox context, before the user's code. It is plain ES2022 kept in a
 * string because it never runs on the host: it is compiled once per isolate and run in every new context.
 *
 * The script evaluates to a factory `(payloadJson, bridge, luxon) => control`:
 * - `payloadJson` is the run's data (input items, node, workflow facts) as JSON, parsed here so every object the
 *   user sees belongs to this context's realm (no host objects ever enter the sandbox).
 * - `bridge(op, argsJson)` is the one synchronous host callback; it takes and returns JSON strings (copies).
 * - `luxon` is the frozen luxon export of the isolate's library context.
 *
 * The factory installs n8n's helpers as globals and returns `{ start(fn), result() }`: `start` launches the user
 * function (once, or once per item) and fires virtual timers in due order (`setTimeout` never waits for real time);
 * when the host's call returns, `result()` gives the final JSON, or `'stuck'` when the code waits for a promise
 * that can never settle.
 */
export const PRELUDE_FILENAME = 'weft-prelude.js';

/** File name the user's code is compiled under; stack frames with it give the user's line numbers. */
export const USER_CODE_FILENAME = 'user-code.js';

export const PRELUDE_SOURCE = String.raw`(function weftPrelude(payloadJson, bridge, luxon) {
  'use strict';
  const g = globalThis;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const P = parse(payloadJson);
  const kind = P.kind;
  const items = P.items;
  const MAX_LOG_LINES = 1000;
  const MAX_LOG_CHARS = 10000;
  const logs = [];
  const outcomes = [];
  let current = 0;
  let finished = false;
  let rejectCurrent = null;

  // ---- host bridge: JSON in, JSON out; host errors become errors of this realm
  const call = (op, args) => {
    const response = parse(bridge(op, stringify(args === undefined ? null : args)));
    if (response.error) {
      const error = new Error(response.error.message);
      if (response.error.description) error.description = response.error.description;
      throw error;
    }
    return response.value;
  };

  // ---- luxon, reset per run because its Settings live in the shared (frozen) library context
  const { DateTime, Duration, Interval, Settings } = luxon;
  Settings.defaultZone = P.timezone;
  Settings.defaultLocale = 'en-US';
  Settings.defaultNumberingSystem = null;
  Settings.defaultOutputCalendar = null;
  Settings.throwOnInvalid = false;
  Settings.twoDigitCutoffYear = 60;
  Settings.now = () => Date.now();
  if ('defaultWeekSettings' in Settings) Settings.defaultWeekSettings = null;

  // ---- console, captured and returned with the result
  const format = (value) => {
    if (typeof value === 'string') return value;
    if (value === undefined) return 'undefined';
    if (typeof value === 'function') return '[Function' + (value.name ? ': ' + value.name : '') + ']';
    if (typeof value === 'bigint') return String(value) + 'n';
    if (value instanceof Error) return value.stack || String(value);
    try {
      const seen = new WeakSet();
      return stringify(value, (_key, v) => {
        if (typeof v === 'bigint') return String(v);
        if (v !== null && typeof v === 'object') {
          if (seen.has(v)) return '[Circular]';
          seen.add(v);
        }
        return v;
      });
    } catch (e) {
      return String(value);
    }
  };
  const logger = (level) => (...args) => {
    if (logs.length >= MAX_LOG_LINES) return;
    const line = args.map(format).join(' ');
    logs.push([level, line.length > MAX_LOG_CHARS ? line.slice(0, MAX_LOG_CHARS) + '…' : line]);
  };
  const noop = () => undefined;
  g.console = {
    log: logger('info'), info: logger('info'), debug: logger('debug'), warn: logger('warn'), error: logger('warn'),
    trace: logger('debug'), dir: logger('info'), table: logger('info'),
    group: noop, groupEnd: noop, groupCollapsed: noop, time: noop, timeEnd: noop, timeLog: noop, count: noop, countReset: noop, assert: noop,
  };

  // ---- virtual timers: callbacks run in due order once the code awaits, without waiting for real time
  const timers = new Map();
  let timerSeq = 0;
  let virtualNow = 0;
  const addTimer = (fn, ms, args, repeat) => {
    const id = ++timerSeq;
    const delay = Math.max(0, Number(ms) || 0);
    timers.set(id, { id, at: virtualNow + delay, seq: id, fn, args, every: repeat ? Math.max(1, delay) : 0 });
    return id;
  };
  const clearTimer = (id) => { timers.delete(id); };
  g.setTimeout = (fn, ms, ...args) => addTimer(fn, ms, args, false);
  g.setInterval = (fn, ms, ...args) => addTimer(fn, ms, args, true);
  g.setImmediate = (fn, ...args) => addTimer(fn, 0, args, false);
  g.clearTimeout = clearTimer;
  g.clearInterval = clearTimer;
  g.clearImmediate = clearTimer;
  const tick = () => {
    let next = null;
    for (const timer of timers.values()) {
      if (next === null || timer.at < next.at || (timer.at === next.at && timer.seq < next.seq)) next = timer;
    }
    if (next === null) return false;
    virtualNow = next.at;
    if (next.every) { next.at += next.every; next.seq = ++timerSeq; } else timers.delete(next.id);
    try {
      if (typeof next.fn === 'function') next.fn(...next.args);
    } catch (error) {
      // An exception in a timer callback fails the item that is running, as an uncaught exception would.
      if (rejectCurrent) rejectCurrent(error);
    }
    return true;
  };

  // ---- base64 (n8n exposes Node's btoa/atob)
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  g.btoa = (input) => {
    const s = String(input);
    let out = '';
    for (let i = 0; i < s.length; i += 3) {
      const a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2);
      if (a > 255 || b > 255 || c > 255) throw new Error('Invalid character');
      const n = (a << 16) | ((b || 0) << 8) | (c || 0);
      out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < s.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < s.length ? B64[n & 63] : '=');
    }
    return out;
  };
  g.atob = (input) => {
    const s = String(input).replace(/[\s=]/g, '');
    let out = '';
    let bits = 0, acc = 0;
    for (const ch of s) {
      const v = B64.indexOf(ch);
      if (v < 0) throw new Error('Invalid character');
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) { bits -= 8; out += String.fromCharCode((acc >> bits) & 255); }
    }
    return out;
  };

  // ---- things that must not exist in the sandbox
  delete g.WebAssembly;
  delete g.SharedArrayBuffer;
  g.require = (name) => { throw new Error("Module '" + String(name) + "' is disallowed"); };
  g.global = g;

  // ---- workflow data
  // One copy per (node, output, run), so repeated lookups return the same objects, as in n8n.
  const itemsByLocation = new Map();
  const locationByRequest = new Map();
  const nodeItems = (name, branch, run) => {
    const request = stringify([name, branch === undefined ? null : branch, run === undefined ? null : run]);
    const known = locationByRequest.get(request);
    if (known !== undefined) return itemsByLocation.get(known);
    const answer = call('nodeItems', { name, branch: branch === undefined ? null : branch, run: run === undefined ? null : run });
    const location = stringify([name, answer.at.branch, answer.at.run]);
    if (!itemsByLocation.has(location)) itemsByLocation.set(location, answer.items);
    locationByRequest.set(request, location);
    return itemsByLocation.get(location);
  };
  const pairedItem = (name, itemIndex) => {
    const answer = call('pairedItem', { name, itemIndex });
    if (answer.item) return answer.item;
    return nodeItems(name, answer.branch, answer.run)[answer.index];
  };
  const nodeInfoCache = new Map();
  const nodeInfo = (name) => {
    if (typeof name !== 'string') throw new Error('Referenced node doesn\'t exist');
    if (!nodeInfoCache.has(name)) nodeInfoCache.set(name, call('nodeInfo', { name }));
    return nodeInfoCache.get(name);
  };
  g.$ = (name) => {
    const info = nodeInfo(name);
    return {
      all: (branch, run) => nodeItems(name, branch, run).slice(),
      first: (branch, run) => nodeItems(name, branch, run)[0],
      last: (branch, run) => { const list = nodeItems(name, branch, run); return list[list.length - 1]; },
      get item() { return pairedItem(name, current); },
      itemMatching: (itemIndex) => pairedItem(name, Number(itemIndex)),
      pairedItem: (itemIndex) => pairedItem(name, itemIndex === undefined ? current : Number(itemIndex)),
      params: info.params,
      context: info.context,
      isExecuted: info.isExecuted,
      runIndex: info.runIndex,
    };
  };
  g.$node = new Proxy({}, {
    get(_target, name) {
      if (typeof name !== 'string') return undefined;
      const info = nodeInfo(name);
      const list = info.isExecuted ? nodeItems(name, undefined, undefined) : [];
      const entry = list[current];
      return { json: entry ? entry.json : {}, binary: entry && entry.binary ? entry.binary : {}, parameter: info.params, runIndex: info.runIndex, context: info.context };
    },
  });
  g.$items = (name, branch, run) => (name === undefined ? items.slice() : nodeItems(name, branch, run).slice());
  g.$input = {
    all: () => items.slice(),
    first: () => items[0],
    last: () => items[items.length - 1],
    get item() { return items[current]; },
    params: P.node.parameters,
    context: P.nodeContext,
  };
  g.$parameter = P.node.parameters;
  g.$prevNode = P.prevNode;
  g.$runIndex = P.runIndex;
  g.$mode = P.executionMode;
  g.$nodeVersion = P.node.typeVersion;
  g.$nodeId = P.node.id;
  g.$webhookId = P.node.webhookId;
  g.$workflow = P.workflow;
  g.$execution = {
    id: P.executionId,
    mode: P.executionMode === 'manual' ? 'test' : 'production',
    resumeUrl: P.resumeUrl,
    resumeFormUrl: P.resumeFormUrl,
    customData: {
      // Kept on the host so that every node of the execution shares it.
      set: (key, value) => { call('customData.set', { key: String(key), value: String(value) }); },
      setAll: (values) => { for (const [key, value] of Object.entries(values || {})) call('customData.set', { key, value: String(value) }); },
      get: (key) => { const value = call('customData.get', { key: String(key) }); return value === null ? undefined : value; },
      getAll: () => call('customData.getAll', {}),
    },
  };
  g.$vars = {};
  Object.defineProperty(g, '$env', { configurable: true, get() { throw new Error('access to env vars denied'); } });
  g.$now = DateTime.fromMillis(P.now, { zone: P.timezone });
  g.$today = g.$now.startOf('day');
  g.DateTime = DateTime;
  g.Duration = Duration;
  g.Interval = Interval;
  g.$jmespath = (data, expression) => call('jmespath', { data, expression });
  g.$if = (condition, valueIfTrue, valueIfFalse) => (condition ? valueIfTrue : valueIfFalse);
  g.$ifEmpty = (value, fallback) => {
    if (value === undefined || value === null || value === '') return fallback;
    if (Array.isArray(value)) return value.length === 0 ? fallback : value;
    if (typeof value === 'object' && Object.keys(value).length === 0) return fallback;
    return value;
  };
  g.$max = (...values) => Math.max(...values);
  g.$min = (...values) => Math.min(...values);
  g.$evaluateExpression = (expression, itemIndex) => call('evaluate', { expression, itemIndex: itemIndex === undefined ? current : itemIndex });
  g.$getNodeParameter = (name, itemIndex, fallback) => call('parameter', { name, itemIndex: itemIndex === undefined ? current : itemIndex, fallback });
  // Static data is a copy in this realm: the scopes the code asked for go back with the result, and the host
  // writes them into the execution's static data (only those, so a node leaves other nodes' scopes alone).
  const staticData = P.staticData || {};
  const staticScopes = new Set();
  g.$getWorkflowStaticData = (type) => {
    let key;
    if (type === 'global') key = 'global';
    else if (type === 'node') key = 'node:' + P.node.name;
    else throw new Error('Unknown context type. Only \`global\` and \`node\` are supported.');
    const scope = staticData[key];
    if (scope === null || typeof scope !== 'object') staticData[key] = {};
    staticScopes.add(key);
    return staticData[key];
  };

  // ---- per-kind globals
  const setCurrent = (index) => {
    current = index;
    const entry = items[index];
    g.$json = entry ? entry.json : undefined;
    g.$binary = entry && entry.binary ? entry.binary : {};
    g.$itemIndex = index;
    if (kind === 'each') g.item = entry;
    if (kind === 'functionItem') g.item = entry ? entry.json : undefined;
  };
  if (kind === 'all' || kind === 'function') g.items = items;
  if (kind === 'function') {
    g.getNodeParameter = g.$getNodeParameter;
    g.getWorkflowStaticData = g.$getWorkflowStaticData;
    g.getBinaryDataAsync = async (entry) => (entry ? entry.binary : undefined);
    g.setBinaryDataAsync = async (entry, data) => {
      if (!entry) throw new Error('No item was provided to setBinaryDataAsync (item: INodeExecutionData, data: IBinaryKeyData).');
      if (!data) throw new Error('No data was provided to setBinaryDataAsync (item: INodeExecutionData, data: IBinaryKeyData).');
      entry.binary = data;
    };
  }
  if (kind === 'functionItem') {
    g.getNodeParameter = g.$getNodeParameter;
    g.getWorkflowStaticData = g.$getWorkflowStaticData;
    g.getBinaryData = () => (items[current] ? items[current].binary : undefined);
    g.setBinaryData = async (data) => { if (items[current]) items[current].binary = data; };
    g.getBinaryDataAsync = async () => (items[current] ? items[current].binary : undefined);
    g.setBinaryDataAsync = async (data) => {
      if (!data) throw new Error('No data was provided to setBinaryDataAsync (data: IBinaryKeyData).');
      if (items[current]) items[current].binary = data;
    };
  }

  // ---- errors: what the host needs to build n8n's messages
  const lineOf = (stack) => {
    if (typeof stack !== 'string') return undefined;
    const match = /user-code\.js:(\d+):\d+/.exec(stack);
    return match ? Number(match[1]) : undefined;
  };
  const describeError = (error) => {
    const isObject = error !== null && (typeof error === 'object' || typeof error === 'function');
    const read = (key) => { try { const v = isObject ? error[key] : undefined; return typeof v === 'string' ? v : undefined; } catch (e) { return undefined; } };
    const stack = read('stack');
    return {
      thrown: isObject ? 'object' : typeof error,
      name: read('name'),
      message: isObject ? read('message') : (typeof error === 'string' ? error : undefined),
      description: read('description'),
      stack,
      line: lineOf(stack),
    };
  };

  // ---- the driver
  const drive = async (fn) => {
    const perItem = kind === 'each' || kind === 'functionItem';
    const count = perItem ? items.length : 1;
    for (let index = 0; index < count; index++) {
      setCurrent(index);
      try {
        const failure = new Promise((_resolve, reject) => { rejectCurrent = reject; });
        const value = await Promise.race([fn(), failure]);
        const outcome = { i: index, ok: true, undef: value === undefined, value };
        if (kind === 'functionItem' && items[index] && items[index].binary) outcome.binary = items[index].binary;
        outcomes.push(outcome);
      } catch (error) {
        outcomes.push({ i: index, ok: false, error: describeError(error) });
        if (!P.continueOnFail) break;
      } finally {
        rejectCurrent = null;
      }
    }
    finished = true;
  };
  const result = () => {
    const parts = outcomes.map((outcome) => {
      try {
        return stringify(outcome);
      } catch (error) {
        return stringify({ i: outcome.i, ok: false, error: describeError(error) });
      }
    });
    const touched = staticDataJson();
    return '{"outcomes":[' + parts.join(',') + '],"logs":' + stringify(logs) + (touched === undefined ? '' : ',"staticData":' + touched) + '}';
  };
  const staticDataJson = () => {
    if (staticScopes.size === 0) return undefined;
    const out = {};
    for (const key of staticScopes) out[key] = staticData[key];
    try {
      return stringify(out);
    } catch (error) {
      // Not JSON (a cycle, a BigInt): it could never be stored, so it is dropped and the reason logged.
      logger('warn')('Workflow static data was not saved: ' + describeError(error).message);
      return undefined;
    }
  };
  // Timers fire inside the isolate, each once the microtasks queued so far had their turns (a timer is a
  // macrotask), so a whole run, timers included, completes within the host's single call to start().
  const SETTLE_TURNS = 200;
  const runTimers = async () => {
    for (;;) {
      for (let turn = 0; turn < SETTLE_TURNS && !finished; turn++) await undefined;
      if (finished || !tick()) return;
    }
  };
  return {
    start(fn) {
      drive(fn);
      runTimers();
    },
    result() {
      return finished ? result() : 'stuck';
    },
  };
})`;
