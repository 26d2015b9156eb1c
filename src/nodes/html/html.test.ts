import { describe, expect, it } from 'vitest';
import type { ExpressionEvaluator } from '../../core/expression/index.js';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { html } from './html.js';
import { capitalizeHeader } from './table.js';
import { findResolvables } from './template.js';

const PAGE = `<html><head><title>Shop</title></head><body>
  <h2>Offers</h2>
  <ul class="list">
    <li class="item" data-id="a1">  Apple  </li>
    <li class="item" data-id="b2">Banana
      split</li>
  </ul>
  <a href="https://example.com/more">More</a>
  <img src="https://example.com/x.png" alt="Logo">
  <select id="pick" multiple><option value="1" selected>One</option><option value="2" selected>Two</option></select>
</body></html>`;

const extract = (values: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  operation: 'extractHtmlContent',
  extractionValues: { values },
  ...extra,
});

describe('HTML: extractHtmlContent', () => {
  it('v1.2 renders text with html-to-text and leaves it untrimmed by default', async () => {
    const [out] = await runNodeForTest(html, {
      typeVersion: 1.2,
      parameters: extract([{ key: 'text', cssSelector: 'body' }]),
      json: [{ data: PAGE }],
    });
    expect(jsonOf(out)).toEqual([
      { text: 'OFFERS\n\n * Apple\n * Banana split\n\nMore [https://example.com/more] Logo [https://example.com/x.png] OneTwo' },
    ]);
  });

  it('v1.2 skips the selectors listed in skipSelectors and cleans up text on request', async () => {
    const [out] = await runNodeForTest(html, {
      typeVersion: 1.2,
      parameters: extract([{ key: 'text', cssSelector: 'body', skipSelectors: 'a, img, select' }], { options: { cleanUpText: true } }),
      json: [{ data: PAGE }],
    });
    expect(jsonOf(out)).toEqual([{ text: 'OFFERS * Apple * Banana split' }]);
  });

  it('v1.1 uses the raw element text; returnArray gives one value per match', async () => {
    const [out] = await runNodeForTest(html, {
      typeVersion: 1.1,
      parameters: extract([{ key: 'items', cssSelector: 'li', returnArray: true }], { options: { trimValues: true } }),
      json: [{ data: PAGE }],
    });
    expect(jsonOf(out)).toEqual([{ items: ['Apple', 'Banana\n      split'] }]);
  });

  it('returns attributes, all attributes, inner HTML and form values (multi-select: option texts, as cheerio gives)', async () => {
    const [out] = await runNodeForTest(html, {
      typeVersion: 1.2,
      parameters: extract([
        { key: 'ids', cssSelector: 'li', returnValue: 'attribute', attribute: 'data-id', returnArray: true },
        { key: 'attrs', cssSelector: 'ul', returnValue: 'attribute' },
        { key: 'inner', cssSelector: 'ul li:first-child', returnValue: 'html' },
        { key: 'picked', cssSelector: '#pick', returnValue: 'value' },
        { key: 'missing', cssSelector: '.nothing', returnValue: 'html' },
      ]),
      json: [{ data: PAGE }],
    });
    expect(jsonOf(out)).toEqual([{ ids: ['a1', 'b2'], attrs: { class: 'list' }, inner: '  Apple  ', picked: 'One,Two', missing: undefined }]);
  });

  it('reads a nested property from v1.1 on, one output item per HTML string in an array', async () => {
    const [out] = await runNodeForTest(html, {
      typeVersion: 1.1,
      parameters: extract([{ key: 'title', cssSelector: 'h1' }], { dataPropertyName: 'page.docs' }),
      json: [{ page: { docs: ['<h1>One</h1>', '<h1>Two</h1>'] } }],
    });
    expect(out).toEqual([
      { json: { title: 'One' }, pairedItem: { item: 0 } },
      { json: { title: 'Two' }, pairedItem: { item: 0 } },
    ]);
  });

  it('v1 reads only a top-level key, so a dotted name is missing', async () => {
    const run = runNodeForTest(html, {
      typeVersion: 1,
      parameters: extract([{ key: 'title', cssSelector: 'h1' }], { dataPropertyName: 'page.doc' }),
      json: [{ page: { doc: '<h1>One</h1>' } }],
    });
    await expect(run).rejects.toMatchObject({ message: 'No property named "page.doc" exists!', context: { itemIndex: 0 } });
    const [out] = await runNodeForTest(html, {
      typeVersion: 1,
      parameters: extract([{ key: 'title', cssSelector: 'h1' }], { dataPropertyName: "['my key']" }),
      json: [{ 'my key': '<h1>Bracketed</h1>' }],
    });
    expect(jsonOf(out)).toEqual([{ title: 'Bracketed' }]);
  });

  it('reads HTML from a binary property', async () => {
    const binary = { page: { data: Buffer.from('<p class="x">Hé</p>').toString('base64'), mimeType: 'text/html' } };
    const [out] = await runNodeForTest(html, {
      typeVersion: 1.2,
      parameters: extract([{ key: 'p', cssSelector: 'p' }], { sourceData: 'binary', dataPropertyName: 'page' }),
      inputs: [[{ json: {}, binary }]],
    });
    expect(jsonOf(out)).toEqual([{ p: 'Hé' }]);
  });

  it('fails when trimming an attribute map, or reports it under continueOnFail', async () => {
    const parameters = extract([{ key: 'a', cssSelector: 'ul', returnValue: 'attribute' }], { options: { trimValues: true } });
    await expect(runNodeForTest(html, { typeVersion: 1.2, parameters, json: [{ data: PAGE }] })).rejects.toThrow('value.trim is not a function');
    const [out] = await runNodeForTest(html, { typeVersion: 1.2, parameters, json: [{ data: PAGE }], nodeFields: { continueOnFail: true } });
    expect(jsonOf(out)).toEqual([{ error: 'value.trim is not a function' }]);
  });
});

describe('HTML: generateHtmlTemplate', () => {
  it('finds each {{ }} block, across lines', () => {
    expect(findResolvables('<p>{{ $json.a }}</p><style>p { color: red }</style>{{\n 1 + 1 }}')).toEqual(['{{ $json.a }}', '{{\n 1 + 1 }}']);
  });

  it('replaces each block with its value per item and leaves CSS braces alone', async () => {
    const evaluator: ExpressionEvaluator = {
      resolve: (value, scope) => (value === '={{ $json.name }}' ? (scope.inputs[0]?.[scope.itemIndex]?.json.name ?? '') : value),
    };
    const [out] = await runNodeForTest(html, {
      typeVersion: 1.2,
      evaluator,
      parameters: { operation: 'generateHtmlTemplate', html: '<style>h1 { color: red }</style><h1>{{ $json.name }}</h1>' },
      json: [{ name: 'Ada' }, { name: 'Lin' }],
    });
    expect(jsonOf(out)).toEqual([
      { html: '<style>h1 { color: red }</style><h1>Ada</h1>' },
      { html: '<style>h1 { color: red }</style><h1>Lin</h1>' },
    ]);
  });
});

describe('HTML: convertToHtmlTable', () => {
  it('capitalizes snake_case headers on request', () => {
    expect(capitalizeHeader('first_name', true)).toBe('First Name');
    expect(capitalizeHeader('first_name', false)).toBe('first_name');
  });

  it('builds one table from all items, with checkboxes for booleans', async () => {
    const [out] = await runNodeForTest(html, {
      typeVersion: 1.2,
      parameters: { operation: 'convertToHtmlTable', options: { customStyling: true, caption: 'People', rowAttributes: 'class="r"' } },
      json: [{ name: 'Ada', ok: true }, { name: 'Lin', age: 3 }],
    });
    expect(out).toEqual([
      {
        json: {
          table:
            '<table  ><caption>People</caption><thead  ><tr><th>name</th><th>ok</th><th>age</th></tr></thead><tbody>' +
            '<tr  class="r"><td  >Ada</td><td  ><input type="checkbox" checked="checked"/></td><td  >undefined</td></tr>' +
            '<tr  class="r"><td  >Lin</td><td  >undefined</td><td  >3</td></tr></tbody></table>',
        },
        pairedItem: [{ item: 0 }, { item: 1 }],
      },
    ]);
  });

  it('applies the default styling and returns nothing for no items', async () => {
    const [out] = await runNodeForTest(html, { typeVersion: 1.2, parameters: { operation: 'convertToHtmlTable' }, json: [{ a: 1 }] });
    expect(String(jsonOf(out)[0]?.table)).toContain("<table style='border-spacing:0; font-family:helvetica,arial,sans-serif' >");
    const [none] = await runNodeForTest(html, { typeVersion: 1.2, parameters: { operation: 'convertToHtmlTable' }, inputs: [[]] });
    expect(none).toEqual([]);
  });
});
