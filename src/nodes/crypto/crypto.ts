import { errorMessage } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { computeCryptoValue, cryptoOutputItem, type CryptoSecrets } from './compute.js';

/** Crypto parameters shared by v1 and v2 (v1 adds `secret` and `privateKey`). */
export const cryptoParameters = {
  action: 'options',
  binaryData: 'boolean',
  binaryPropertyName: 'string',
  type: 'options',
  value: 'any',
  dataPropertyName: 'string',
  encoding: 'options',
  algorithm: 'string',
  encodingType: 'options',
  stringLength: 'number',
} as const;

/**
 * Crypto v1: `action` hash (MD5 by default, SHA1, SHA256, SHA384, SHA512, SHA3-256/384/512), hmac with `secret`,
 * sign with `privateKey`, or generate (uuid, or a random ascii/hex/base64 string of `stringLength`). The result
 * is written to `dataPropertyName` (a literal key) of a copy of the item.
 */
export const cryptoNode: NodeTypeSpec = {
  type: 'n8n-nodes-base.crypto',
  versions: [1],
  displayName: 'Crypto',
  inputs: 1,
  outputs: 1,
  parameters: { ...cryptoParameters, secret: 'string', privateKey: 'string' },
  execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const action = ctx.getParameter<string>('action', 0, 'hash');
    const secrets: CryptoSecrets = {
      hmacSecret: (i) => ctx.getParameter<string>('secret', i, ''),
      privateKey: (i) => ctx.getParameter<string>('privateKey', i, ''),
    };
    const out: Item[] = [];
    items.forEach((item, i) => {
      try {
        const dataPropertyName = ctx.getParameter<string>('dataPropertyName', i, 'data');
        out.push(cryptoOutputItem(item, i, dataPropertyName, computeCryptoValue(ctx, action, item, i, secrets, 'MD5')));
      } catch (error) {
        if (!ctx.continueOnFail) throw error;
        out.push({ json: { error: errorMessage(error) }, pairedItem: { item: i } });
      }
    });
    return [out];
  },
};
