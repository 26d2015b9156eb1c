import xml2js from 'xml2js';
import { NodeExecutionError } from '../../core/errors/index.js';
import type { Item, JsonObject } from '../../core/model/types.js';
import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { deepCopyJson } from '../markdown/deep-copy.js';

/** Keys that would reach Object.prototype if used as attribute/character keys or element names. */
const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Element and attribute names that could pollute prototypes get a leading underscore; others pass unchanged. */
export function sanitizeXmlName(name: string): string {
  return FORBIDDEN_KEYS.includes(name) ? `_${name}` : name;
}

/**
 * XML v1: `mode` xmlToJson parses `dataPropertyName` with xml2js (n8n's defaults: attributes merged into the
 * element, arrays only for repeated children) and outputs the parsed object as the item; jsonToxml builds XML
 * from the whole item json into `dataPropertyName`. `options` are handed to xml2js.
 */
export const xml: NodeTypeSpec = {
  type: 'n8n-nodes-base.xml',
  versions: [1],
  displayName: 'XML',
  inputs: 1,
  outputs: 1,
  // A failing item is dropped under continueOnFail (n8n's behaviour), so the output can be empty.
  mayStopFlow: true,
  parameters: { mode: 'options', dataPropertyName: 'string', options: 'object' },
  async execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const mode = ctx.getParameter<string>('mode', 0, 'xmlToJson');
    const dataPropertyName = ctx.getParameter<string>('dataPropertyName', 0, 'data');
    const options: Record<string, unknown> = { ...ctx.getParameter<Record<string, unknown>>('options', 0, {}) };
    for (const [key, label] of [['attrkey', 'Attribute Key'], ['charkey', 'Character Key']] as const) {
      if (options[key] === undefined) continue;
      options[key] = String(options[key]);
      if (FORBIDDEN_KEYS.includes(options[key] as string)) {
        throw new NodeExecutionError(ctx.node.name, `The "${label}" option value "${String(options[key])}" is not allowed`);
      }
    }

    const out: Item[] = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      try {
        if (mode === 'xmlToJson') {
          const source = item.json[dataPropertyName];
          if (source === undefined) {
            throw new NodeExecutionError(ctx.node.name, `Item has no JSON property called "${dataPropertyName}"`, { itemIndex: i });
          }
          const parser = new xml2js.Parser({
            mergeAttrs: true,
            explicitArray: false,
            ...options,
            tagNameProcessors: [sanitizeXmlName],
            attrNameProcessors: [sanitizeXmlName],
          });
          const parsed: unknown = await parser.parseStringPromise(source as string);
          // Blank input parses to null; an item needs an object.
          out.push({ json: (deepCopyJson(parsed) ?? {}) as JsonObject, pairedItem: { item: i } });
        } else if (mode === 'jsonToxml') {
          const builder = new xml2js.Builder(options as xml2js.BuilderOptions);
          out.push({ json: { [dataPropertyName]: builder.buildObject(item.json) }, pairedItem: { item: i } });
        } else {
          throw new NodeExecutionError(ctx.node.name, `The operation "${mode}" is not known!`, { itemIndex: i });
        }
      } catch (error) {
        // n8n swallows the error and emits nothing for the item under continueOnFail.
        if (ctx.continueOnFail) continue;
        throw error;
      }
    }
    return [out];
  },
};
