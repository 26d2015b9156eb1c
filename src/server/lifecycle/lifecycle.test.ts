import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { handleShutdownSignals, type SignalTarget } from './shutdown-signals.js';

describe('handleShutdownSignals', () => {
  it('calls onFirst on the first SIGTERM/SIGINT and onSecond on the next, and removes its handlers', () => {
    const target = new EventEmitter() as EventEmitter & SignalTarget;
    const calls: string[] = [];
    const dispose = handleShutdownSignals(target, { onFirst: (s) => calls.push(`first:${s}`), onSecond: (s) => calls.push(`second:${s}`) });
    target.emit('SIGTERM', 'SIGTERM');
    target.emit('SIGINT', 'SIGINT');
    target.emit('SIGTERM', 'SIGTERM');
    expect(calls).toEqual(['first:SIGTERM', 'second:SIGINT', 'second:SIGTERM']);
    dispose();
    expect(target.listenerCount('SIGTERM') + target.listenerCount('SIGINT')).toBe(0);
  });
});
