export { itemListsV1 } from './v1.js';
export { itemListsV2 } from './v2.js';
export { itemListsV3 } from './v3.js';
