import { createHash, createHmac, createSign, randomBytes, randomUUID } from 'node:crypto';
import type { BinaryToTextEncoding } from 'node:crypto';
import type { Item } from '../../core/model/types.js';
import type { NodeContext } from '../../core/node-api/index.js';
import { binaryBuffer, requireBinary } from '../html/binary-input.js';

/** The keys Crypto signs and HMACs with: parameters in v1, the `crypto` credential in v2. */
export interface CryptoSecrets {
  readonly hmacSecret: (itemIndex: number) => string;
  readonly privateKey: (itemIndex: number) => string;
}

/** The result of one item's action, and whether the item's binary data was consumed by it. */
export interface CryptoResult {
  readonly value: unknown;
  readonly binaryProcessed: boolean;
}

/**
 * Runs `action` (hash, hmac, sign, generate) for item `i`. `defaultHashType` is the `type` default of the node
 * version (MD5 in v1, SHA256 in v2).
 */
export function computeCryptoValue(ctx: NodeContext, action: string, item: Item, i: number, secrets: CryptoSecrets, defaultHashType: string): CryptoResult {
  const value = ctx.getParameter<unknown>('value', i, '');
  if (action === 'generate') return { value: generate(ctx, i), binaryProcessed: false };
  if (action === 'hash' || action === 'hmac') {
    const type = ctx.getParameter<string>('type', i, defaultHashType);
    const encoding = ctx.getParameter<BinaryToTextEncoding>('encoding', i, 'hex');
    const digest = action === 'hash' ? createHash(type) : createHmac(type, secrets.hmacSecret(i));
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
    const signer = createSign(algorithm);
    signer.write(value);
    signer.end();
    return { value: signer.sign(secrets.privateKey(i), encoding), binaryProcessed: false };
  }
  // An unknown action leaves the property undefined, as n8n does.
  return { value: undefined, binaryProcessed: false };
}

/**
 * The output item: a shallow copy of the input with the result under `dataPropertyName`, taken as one literal key
 * (n8n sets it by a one-element path, so dots do not nest). Binary data that was just hashed is dropped, as n8n does.
 */
export function cryptoOutputItem(item: Item, i: number, dataPropertyName: string, result: CryptoResult): Item {
  const next: Item = { json: { ...item.json, [dataPropertyName]: result.value }, pairedItem: { item: i } };
  if (item.binary !== undefined && !result.binaryProcessed) next.binary = item.binary;
  return next;
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
