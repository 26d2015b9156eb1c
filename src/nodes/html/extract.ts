import * as cheerio from 'cheerio';
import type { Cheerio } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { convert } from 'html-to-text';
import type { HtmlToTextOptions } from 'html-to-text';
import type { JsonObject } from '../../core/model/types.js';

/** One row of `extractionValues.values`, with n8n's defaults filled in. */
export interface ExtractionValue {
  key: string;
  cssSelector: string;
  returnValue: string;
  attribute: string;
  returnArray: boolean;
  /** Comma-separated selectors html-to-text skips (HTML v1.2 text extraction). */
  skipSelectors: string;
}

/** The two extraction flavours: the HTML node (by version) and the legacy HTML Extract node. */
export interface ExtractionFlavour {
  /** `html-to-text` renders text (HTML ≥ 1.2) instead of cheerio's raw `.text()`. */
  readonly renderText: boolean;
  /** An empty cheerio text counts as no value (HTML node) rather than `''` (HTML Extract). */
  readonly emptyTextAsUndefined: boolean;
  /** Post-processing of each extracted value. */
  readonly finish: (value: unknown) => unknown;
}

/** Fills the defaults n8n applies to each extraction row; fails like n8n when there is no `values` list. */
export function normalizeExtractionValues(raw: unknown): ExtractionValue[] {
  const rows = raw !== null && typeof raw === 'object' ? (raw as { values?: unknown }).values : undefined;
  if (!Array.isArray(rows)) throw new TypeError('extractionValues.values is not iterable');
  return rows.map((row: Record<string, unknown>) => ({
    key: String(row.key ?? ''),
    cssSelector: String(row.cssSelector ?? ''),
    returnValue: String(row.returnValue ?? 'text'),
    attribute: String(row.attribute ?? ''),
    returnArray: row.returnArray === true,
    skipSelectors: String(row.skipSelectors ?? ''),
  }));
}

/** Runs every extraction row over one HTML document and returns the extracted json. */
export function extractFromHtml(html: unknown, values: readonly ExtractionValue[], flavour: ExtractionFlavour): JsonObject {
  const $ = cheerio.load(toHtmlString(html));
  const json: JsonObject = {};
  for (const value of values) {
    const selection = $(value.cssSelector);
    if (value.returnArray) {
      json[value.key] = selection.toArray().map((element) => flavour.finish(extractOne($(element), value, flavour)));
    } else {
      json[value.key] = flavour.finish(extractOne(selection, value, flavour));
    }
  }
  return json;
}

function extractOne(selection: Cheerio<AnyNode>, value: ExtractionValue, flavour: ExtractionFlavour): unknown {
  switch (value.returnValue) {
    case 'attribute':
      // An empty attribute name returns every attribute as an object (cheerio's `attr()`).
      return value.attribute === '' ? selection.attr() : selection.attr(value.attribute);
    case 'html':
      return selection.html() || undefined;
    case 'text':
      if (flavour.renderText) return renderText(selection, value);
      return selection.text() || (flavour.emptyTextAsUndefined ? undefined : '');
    case 'value': {
      const current = selection.val();
      if (current === undefined) return undefined;
      return Array.isArray(current) ? current.join(',') : current;
    }
    default:
      throw new TypeError('extractFunctions[valueData.returnValue] is not a function');
  }
}

/** Text as html-to-text renders it (headings upper-cased, links as `text [href]`), minus skipped selectors. */
function renderText(selection: Cheerio<AnyNode>, value: ExtractionValue): string {
  let options: HtmlToTextOptions | undefined;
  if (value.skipSelectors) {
    options = { selectors: value.skipSelectors.split(',').map((selector) => ({ selector: selector.trim(), format: 'skip' })) };
  }
  return convert(selection.html() || '', options);
}

function toHtmlString(html: unknown): string {
  if (typeof html === 'string') return html;
  if (html === null || html === undefined) return '';
  return typeof html === 'object' ? JSON.stringify(html) : String(html);
}

/** `value.trim()` as n8n calls it: values that are not strings (attribute maps) fail like JavaScript does. */
export function trimValue(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError('value.trim is not a function');
  return value.trim();
}
