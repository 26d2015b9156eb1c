import { describe, expect, it } from 'vitest';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { deepCopyJson } from './deep-copy.js';
import { markdown } from './markdown.js';

const HTML = '<h1>Title</h1><p>Some <em>em</em> and <strong>bold</strong>.</p><ul><li>one</li><li>two</li></ul><p><a href="https://x.test">link</a></p>';

describe('Markdown v1: htmlToMarkdown', () => {
  it('converts with the converter defaults and keeps the item fields', async () => {
    const [out] = await runNodeForTest(markdown, { parameters: { html: HTML }, json: [{ keep: true }] });
    expect(out).toEqual([
      { json: { keep: true, data: '# Title\n\nSome _em_ and **bold**.\n\n* one\n* two\n\n[link](https://x.test)' }, pairedItem: { item: 0 } },
    ]);
  });

  it('applies bullet, delimiter and ignore options and writes to a nested key', async () => {
    const [out] = await runNodeForTest(markdown, {
      parameters: { html: HTML, destinationKey: 'md.text', options: { bulletMarker: '-', emDelimiter: '*', strongDelimiter: '__', ignore: 'a, img' } },
    });
    expect(jsonOf(out)).toEqual([{ md: { text: '# Title\n\nSome *em* and __bold__.\n\n- one\n- two' } }]);
  });

  it('replaces the first literal occurrence of a textReplace pattern in each text node', async () => {
    const [out] = await runNodeForTest(markdown, {
      parameters: { html: '<p>a.b a.b</p>', options: { textReplace: { values: [{ pattern: 'a.b', replacement: 'X' }] } } },
    });
    expect(jsonOf(out)).toEqual([{ data: 'X a.b' }]);
  });

  it('places links at the bottom on request', async () => {
    const [out] = await runNodeForTest(markdown, {
      parameters: { html: '<p><a href="https://x.test">link</a></p>', options: { useLinkReferenceDefinitions: true } },
    });
    expect(jsonOf(out)).toEqual([{ data: '[link][1]\n\n\n[1]: https://x.test' }]);
  });
});

describe('Markdown v1: markdownToHtml', () => {
  it('converts with showdown defaults', async () => {
    const [out] = await runNodeForTest(markdown, {
      parameters: { mode: 'markdownToHtml', markdown: '# Hello World\n\nSome *text*...' },
    });
    expect(jsonOf(out)).toEqual([{ data: '<h1 id="helloworld">Hello World</h1>\n<p>Some <em>text</em>…</p>' }]);
  });

  it('passes the options to showdown', async () => {
    const [out] = await runNodeForTest(markdown, {
      parameters: { mode: 'markdownToHtml', markdown: '# Hi\n\n~~gone~~', destinationKey: 'html', options: { noHeaderId: true, strikethrough: true } },
    });
    expect(jsonOf(out)).toEqual([{ html: '<h1>Hi</h1>\n<p><del>gone</del></p>' }]);
  });
});

describe('deepCopyJson', () => {
  it('copies nested data and turns values with toJSON into their JSON form', () => {
    const source = { a: [{ b: 1 }], when: new Date('2024-01-01T00:00:00Z') };
    const copy = deepCopyJson(source);
    expect(copy).toEqual({ a: [{ b: 1 }], when: '2024-01-01T00:00:00.000Z' });
    expect(copy.a).not.toBe(source.a);
  });
});
