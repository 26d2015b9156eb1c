import { describe, expect, it } from 'vitest';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { htmlExtract } from './html-extract.js';

const DOC = '<div><h1>  Title  </h1><p class="a">x</p><p class="b"></p></div>';

describe('HTML Extract v1', () => {
  it('extracts trimmed text by default from a top-level property', async () => {
    const [out] = await runNodeForTest(htmlExtract, {
      parameters: { extractionValues: { values: [{ key: 'title', cssSelector: 'h1' }] } },
      json: [{ data: DOC, dropped: true }],
    });
    expect(out).toEqual([{ json: { title: 'Title' }, pairedItem: { item: 0 } }]);
  });

  it('follows dot notation in dataPropertyName', async () => {
    const [out] = await runNodeForTest(htmlExtract, {
      parameters: { dataPropertyName: 'body.html', extractionValues: { values: [{ key: 'title', cssSelector: 'h1' }] } },
      json: [{ body: { html: DOC } }],
    });
    expect(jsonOf(out)).toEqual([{ title: 'Title' }]);
  });

  it('keeps whitespace when trimValues is false and returns an empty string for empty text', async () => {
    const [out] = await runNodeForTest(htmlExtract, {
      parameters: {
        extractionValues: { values: [{ key: 'title', cssSelector: 'h1' }, { key: 'empty', cssSelector: 'p.b' }, { key: 'ps', cssSelector: 'p', returnArray: true }] },
        options: { trimValues: false },
      },
      json: [{ data: DOC }],
    });
    expect(jsonOf(out)).toEqual([{ title: '  Title  ', empty: '', ps: ['x', ''] }]);
  });

  it('fails when the property is missing', async () => {
    await expect(
      runNodeForTest(htmlExtract, { parameters: { extractionValues: { values: [{ key: 'a', cssSelector: 'p' }] } }, json: [{ other: 1 }] }),
    ).rejects.toThrow('No property named "data" exists!');
  });

  it('cannot trim an attribute map (n8n fails the same way)', async () => {
    await expect(
      runNodeForTest(htmlExtract, {
        parameters: { extractionValues: { values: [{ key: 'a', cssSelector: 'p', returnValue: 'attribute' }] } },
        json: [{ data: DOC }],
      }),
    ).rejects.toThrow('value.trim is not a function');
  });
});
