/** Set / Edit Fields (`n8n-nodes-base.set`): v1–v2 in `v1.ts`, v3–v3.4 in `v3.ts`. */
export { setV1 } from './v1.js';
export { setV3 } from './v3.js';
