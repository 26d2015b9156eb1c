export type { LeaderLock } from './types.js';
