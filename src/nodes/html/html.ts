import lodash from 'lodash';
import { NodeExecutionError, errorMessage } from '../../core/errors/index.js';
import type { Item, JsonObject } from '../../core/model/types.js';
import type { NodeContext, NodeTypeSpec } from '../../core/node-api/index.js';
import { binaryBuffer, requireBinary } from './binary-input.js';
import { extractFromHtml, normalizeExtractionValues, trimValue } from './extract.js';
import type { ExtractionFlavour } from './extract.js';
import { itemsToHtmlTable } from './table.js';
import { renderTemplate } from './template.js';

interface ExtractOptions {
  trimValues?: boolean;
  cleanUpText?: boolean;
}

/**
 * HTML v1, v1.1, v1.2: `generateHtmlTemplate` (renders `{{ }}` blocks of a template), `extractHtmlContent`
 * (CSS-selector extraction with cheerio) and `convertToHtmlTable` (all items as one table).
 * v1.1 reads nested JSON properties by path; v1.2 renders text with html-to-text and supports `skipSelectors`.
 */
export const html: NodeTypeSpec = {
  type: 'n8n-nodes-base.html',
  versions: [1, 1.1, 1.2],
  displayName: 'HTML',
  inputs: 1,
  outputs: 1,
  parameters: {
    operation: 'options',
    html: 'string',
    sourceData: 'options',
    dataPropertyName: 'string',
    extractionValues: 'object',
    options: 'object',
  },
  async execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const operation = ctx.getParameter<string>('operation', 0, 'generateHtmlTemplate');
    if (operation === 'convertToHtmlTable') return [items.length > 0 ? [itemsToHtmlTable(ctx, items)] : []];

    const out: Item[] = [];
    for (let i = 0; i < items.length; i++) {
      try {
        if (operation === 'generateHtmlTemplate') {
          out.push({ json: { html: renderTemplate(ctx, i) }, pairedItem: { item: i } });
        } else if (operation === 'extractHtmlContent') {
          out.push(...extractItem(ctx, items[i]!, i));
        }
      } catch (error) {
        if (!ctx.continueOnFail) throw error;
        out.push({ json: { error: errorMessage(error) }, pairedItem: { item: i } });
      }
    }
    return [out];
  },
};

/** One output item per HTML document found in the item (a string, or an array of strings). */
function extractItem(ctx: NodeContext, item: Item, itemIndex: number): Item[] {
  const dataPropertyName = ctx.getParameter<string>('dataPropertyName', itemIndex, 'data');
  const values = normalizeExtractionValues(ctx.getParameter<unknown>('extractionValues', itemIndex, defaultExtractionValues(ctx)));
  const options = ctx.getParameter<ExtractOptions>('options', itemIndex, {});
  const sourceData = ctx.getParameter<string>('sourceData', itemIndex, 'json');

  let source: unknown;
  if (sourceData === 'json') {
    source = ctx.typeVersion === 1 ? item.json[jsonKeyV1(item.json, dataPropertyName)] : lodash.get(item.json, dataPropertyName);
    if (source === undefined) {
      throw new NodeExecutionError(ctx.node.name, `No property named "${dataPropertyName}" exists!`, { itemIndex });
    }
  } else {
    source = binaryBuffer(requireBinary(ctx.node.name, item, itemIndex, dataPropertyName)).toString('utf-8');
  }

  const flavour = htmlFlavour(ctx.typeVersion, options);
  const documents = Array.isArray(source) ? source : [source];
  return documents.map((document) => ({ json: extractFromHtml(document, values, flavour), pairedItem: { item: itemIndex } }));
}

/** From v1.1 on, a missing `extractionValues` means one text row with an empty key and selector. */
function defaultExtractionValues(ctx: NodeContext): unknown {
  if (ctx.typeVersion === 1) return {};
  return { values: [{ key: '', cssSelector: '', returnValue: 'text', returnArray: false }] };
}

/** v1 reads a top-level key; `['key']` / `["key"]` brackets are accepted around it. */
function jsonKeyV1(json: JsonObject, key: string): string {
  if (json[key] !== undefined) return key;
  const bracketed = (key.startsWith("['") && key.endsWith("']")) || (key.startsWith('["') && key.endsWith('"]'));
  if (bracketed && json[key.slice(2, -2)] !== undefined) return key.slice(2, -2);
  return key;
}

/** The HTML node only trims or cleans up when the option is set explicitly. */
function htmlFlavour(typeVersion: number, options: ExtractOptions): ExtractionFlavour {
  return {
    renderText: typeVersion > 1.1,
    emptyTextAsUndefined: true,
    finish(value) {
      if (value === undefined) return value;
      let result = value;
      if (options.trimValues) result = trimValue(result);
      if (options.cleanUpText) result = cleanUpText(result);
      return result;
    },
  };
}

/** Drops line breaks, trims, and collapses runs of whitespace into one space. */
function cleanUpText(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError('value.replace is not a function');
  return value
    .replace(/^\s+|\s+$/g, '')
    .replace(/(\r\n|\n|\r)/gm, '')
    .replace(/\s+/g, ' ');
}
