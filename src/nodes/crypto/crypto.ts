import { createHash, createHmac, createSign, randomBytes, randomUUID } from 'node:crypto';
import type { BinaryToTextEncoding } from 'node:crypto';
import { errorMessage } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import type { NodeContext, NodeTypeSpec } from '../../core/node-api/index.js';
import { binaryBuffer, requireBinary } from '../html/binary-input.js';

/**
 * Crypto v1: `action` hash (MD5, SHA1, SHA256, SHA384, SHA512, SHA3-256/384/512), hmac, sign (private key), or
 * generate (uuid, or a random ascii/hex/base64 string of `stringLength`). The result is written to
 * `dataPropertyName` (a literal key) of a copy of the item.
 */
export const cryptoNode: NodeTypeSpec = {
  type: 'n8n-nodes-base.crypto',
  versions: [1],
  displayName: 'Crypto',
  inputs: 1,
  outputs: 1,
  parameters: {
    action: 'options',
    binaryData: 'boolean',
    binaryPropertyName: 'string',
    type: 'options',
    value: 'any',
    dataPropertyName: 'string',
    encoding: 'options',
    secret: 'string',
    algorithm: 'string',
    privateKey: 'string',
    encodingType: 'options',
    stringLength: 'number',
  },
  execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const action = ctx.getParameter<string>('action', 0, 'hash');
    const out: Item[] = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      try {
        const dataPropertyName = ctx.getParameter<string>('dataPropertyName', i, 'data');
        const { value, binaryProcessed } = computeValue(ctx, action, item, i);
        const next: Item = { json: { ...item.json, [dataPropertyName]: value }, pairedItem: { item: i } };
        // n8n drops the binary data it has just hashed from the output item.
        if (item.binary !== undefined && !binaryProcessed) next.binary = item.binary;
        out.push(next);
      } catch (error) {
        if (!ctx.continueOnFail) throw error;
        out.push({ json: { error: errorMessage(error) }, pairedItem: { item: i } });
      }
    }
    return [out];
  },
};

function computeValue(ctx: NodeContext, action: string, item: Item, i: number): { value: unknown; binaryProcessed: boolean } {
  const value = ctx.getParameter<unknown>('value', i, '');
  if (action === 'generate') return { value: generate(ctx, i), binaryProcessed: false };
  if (action === 'hash' || action === 'hmac') {
    const type = ctx.getParameter<string>('type', i, 'MD5');
    const encoding = ctx.getParameter<BinaryToTextEncoding>('encoding', i, 'hex');
    const digest = action === 'hash' ? createHash(type) : createHmac(type, ctx.getParameter<string>('secret', i, ''));
    if (ctx.getParameter<boolean>('binaryData', i, false)) {
      const property = ctx.getParameter<string>('binaryPropertyName', i, 'data');
      const data = requireBinary(ctx.node.name, item, i, property);
      return { value: digest.update(binaryBuffer(data)).digest(encoding), binaryProcessed: true };
    }
    return { value: digest.update(value as string).digest(encoding), binaryProcessed: false };
  }
  if (action === 'sign') {
    const algorithm = ctx.getParameter<string>('algorithm', i, '');
    const encoding = ctx.getParameter<BinaryToTextEncoding>('encoding', i, 'hex');
    const privateKey = ctx.getParameter<string>('privateKey', i, '');
    const signer = createSign(algorithm);
    signer.write(value);
    signer.end();
    return { value: signer.sign(privateKey, encoding), binaryProcessed: false };
  }
  // An unknown action leaves the property undefined, as n8n does.
  return { value: undefined, binaryProcessed: false };
}

/** A UUID v4, or `stringLength` random characters in the chosen encoding. */
function generate(ctx: NodeContext, i: number): string {
  const encodingType = ctx.getParameter<string>('encodingType', i, 'uuid');
  if (encodingType === 'uuid') return randomUUID();
  const length = ctx.getParameter<number>('stringLength', i, 32);
  const text = randomBytes(length).toString(encodingType as BufferEncoding);
  // base64 output is limited to letters and digits (n8n strips `+`, `/` and `=`).
  return (encodingType === 'base64' ? text.replace(/\W/g, '') : text).slice(0, length);
}
