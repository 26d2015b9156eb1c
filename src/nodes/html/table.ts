import type { Item } from '../../core/model/types.js';
import type { NodeContext } from '../../core/node-api/index.js';

/** The options of `convertToHtmlTable`. */
interface TableOptions {
  capitalize?: boolean;
  customStyling?: boolean;
  caption?: string;
  tableAttributes?: string;
  headerAttributes?: string;
}

// n8n's built-in look, dropped when `customStyling` is on.
const TABLE_STYLE = "style='border-spacing:0; font-family:helvetica,arial,sans-serif'";
const HEADER_STYLE =
  "style='margin:0; padding:7px 20px 7px 0px; border-bottom:1px solid #eee; text-align:left; color:#888; font-weight:normal'";
const CELL_STYLE = "style='margin:0; padding:7px 20px 7px 0px; border-bottom:1px solid #eee'";

/** `first_name` -> `First Name` when `capitalize` is on. */
export function capitalizeHeader(header: string, capitalize: boolean | undefined): string {
  if (!capitalize) return header;
  return header
    .split('_')
    .filter((word) => word)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
}

/**
 * All items as one HTML table: one column per key seen (first-seen order), one row per item. Booleans render as
 * checkboxes; other values are inserted as they are (not escaped), like n8n does. Returns a single item.
 */
export function itemsToHtmlTable(ctx: NodeContext, items: readonly Item[]): Item {
  const options = ctx.getParameter<TableOptions>('options', 0, {});
  const tableStyle = options.customStyling ? '' : TABLE_STYLE;
  const headerStyle = options.customStyling ? '' : HEADER_STYLE;
  const cellStyle = options.customStyling ? '' : CELL_STYLE;
  const headers = [...new Set(items.flatMap((item) => Object.keys(item.json)))];

  let table = `<table ${tableStyle} ${options.tableAttributes || ''}>`;
  if (options.caption) table += `<caption>${options.caption}</caption>`;
  table += `<thead ${headerStyle} ${options.headerAttributes || ''}>`;
  table += '<tr>' + headers.map((header) => `<th>${capitalizeHeader(header, options.capitalize)}</th>`).join('') + '</tr>';
  table += '</thead><tbody>';
  items.forEach((item, index) => {
    const rowAttributes = ctx.getParameter<string>('options.rowAttributes', index, '');
    const cellAttributes = ctx.getParameter<string>('options.cellAttributes', index, '');
    table += `<tr  ${rowAttributes}>`;
    table += headers.map((header) => `<td ${cellStyle} ${cellAttributes}>${cellContent(item.json[header])}</td>`).join('');
    table += '</tr>';
  });
  table += '</tbody></table>';
  return { json: { table }, pairedItem: items.map((_item, index) => ({ item: index })) };
}

function cellContent(value: unknown): string {
  if (typeof value === 'boolean') return `<input type="checkbox" ${value ? 'checked="checked"' : ''}/>`;
  return String(value);
}
