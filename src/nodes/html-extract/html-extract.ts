import lodash from 'lodash';
import { NodeExecutionError, errorMessage } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import type { NodeContext, NodeTypeSpec } from '../../core/node-api/index.js';
import { binaryBuffer, requireBinary } from '../html/binary-input.js';
import { extractFromHtml, normalizeExtractionValues, trimValue } from '../html/extract.js';
import type { ExtractionFlavour } from '../html/extract.js';

/**
 * HTML Extract v1 (legacy, superseded by HTML's extractHtmlContent): CSS-selector extraction with cheerio.
 * `dataPropertyName` may be a dotted path (`body.html`); values are trimmed unless `options.trimValues` is false.
 */
export const htmlExtract: NodeTypeSpec = {
  type: 'n8n-nodes-base.htmlExtract',
  versions: [1],
  displayName: 'HTML Extract',
  inputs: 1,
  outputs: 1,
  parameters: { sourceData: 'options', dataPropertyName: 'string', extractionValues: 'object', options: 'object' },
  execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const out: Item[] = [];
    for (let i = 0; i < items.length; i++) {
      try {
        out.push(...extractItem(ctx, items[i]!, i));
      } catch (error) {
        if (!ctx.continueOnFail) throw error;
        out.push({ json: { error: errorMessage(error) }, pairedItem: { item: i } });
      }
    }
    return [out];
  },
};

function extractItem(ctx: NodeContext, item: Item, itemIndex: number): Item[] {
  const dataPropertyName = ctx.getParameter<string>('dataPropertyName', itemIndex, 'data');
  const values = normalizeExtractionValues(ctx.getParameter<unknown>('extractionValues', itemIndex, {}));
  const { trimValues } = ctx.getParameter<{ trimValues?: boolean }>('options', itemIndex, {});
  const sourceData = ctx.getParameter<string>('sourceData', itemIndex, 'json');

  let source: unknown;
  if (sourceData === 'json') {
    source = lodash.get(item.json, dataPropertyName);
    if (source === undefined) {
      throw new NodeExecutionError(ctx.node.name, `No property named "${dataPropertyName}" exists!`, { itemIndex });
    }
  } else {
    source = binaryBuffer(requireBinary(ctx.node.name, item, itemIndex, dataPropertyName)).toString('utf-8');
  }

  const flavour: ExtractionFlavour = {
    renderText: false,
    emptyTextAsUndefined: false,
    // Trimming is on unless switched off explicitly.
    finish: (value) => (trimValues === false || value === undefined ? value : trimValue(value)),
  };
  const documents = Array.isArray(source) ? source : [source];
  return documents.map((document) => ({ json: extractFromHtml(document, values, flavour), pairedItem: { item: itemIndex } }));
}
