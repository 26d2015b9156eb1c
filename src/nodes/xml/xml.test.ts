import { describe, expect, it } from 'vitest';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { sanitizeXmlName, xml } from './xml.js';

const DOC = '<?xml version="1.0"?><order id="7"><line sku="a">2</line><line sku="b">3</line><note>  hi  </note></order>';

describe('XML v1: xmlToJson', () => {
  it('parses with merged attributes and arrays only for repeated children', async () => {
    const [out] = await runNodeForTest(xml, { parameters: {}, json: [{ data: DOC, dropped: true }] });
    expect(out).toEqual([
      {
        json: { order: { id: '7', line: [{ _: '2', sku: 'a' }, { _: '3', sku: 'b' }], note: '  hi  ' } },
        pairedItem: { item: 0 },
      },
    ]);
  });

  it('honours xml2js options', async () => {
    const [out] = await runNodeForTest(xml, {
      parameters: { dataPropertyName: 'x', options: { explicitRoot: false, explicitArray: true, mergeAttrs: false, trim: true, attrkey: 'attrs' } },
      json: [{ x: DOC }],
    });
    expect(jsonOf(out)).toEqual([
      { attrs: { id: '7' }, line: [{ _: '2', attrs: { sku: 'a' } }, { _: '3', attrs: { sku: 'b' } }], note: ['hi'] },
    ]);
    const [ignored] = await runNodeForTest(xml, {
      parameters: { options: { ignoreAttrs: true, normalizeTags: true } },
      json: [{ data: '<A b="1"><C>x</C></A>' }],
    });
    expect(jsonOf(ignored)).toEqual([{ a: { c: 'x' } }]);
  });

  it('fails on a missing property or bad XML; drops the item under continueOnFail', async () => {
    await expect(runNodeForTest(xml, { json: [{ other: 1 }] })).rejects.toMatchObject({
      message: 'Item has no JSON property called "data"',
      context: { itemIndex: 0 },
    });
    await expect(runNodeForTest(xml, { json: [{ data: '<a><b></a>' }] })).rejects.toThrow(/Unexpected close tag/);
    const [out] = await runNodeForTest(xml, {
      json: [{ data: '<a><b></a>' }, { data: '<ok>1</ok>' }],
      nodeFields: { continueOnFail: true },
    });
    expect(out).toEqual([{ json: { ok: '1' }, pairedItem: { item: 1 } }]);
  });

  it('refuses prototype keys as attribute or character keys and renames such elements', async () => {
    await expect(runNodeForTest(xml, { parameters: { options: { attrkey: '__proto__' } }, json: [{ data: '<a/>' }] })).rejects.toThrow(
      'The "Attribute Key" option value "__proto__" is not allowed',
    );
    expect(sanitizeXmlName('constructor')).toBe('_constructor');
    expect(sanitizeXmlName('item')).toBe('item');
  });
});

describe('XML v1: jsonToxml', () => {
  it('builds pretty XML with a declaration, using a single top-level key as the root', async () => {
    const [out] = await runNodeForTest(xml, { parameters: { mode: 'jsonToxml' }, json: [{ person: { id: 1, name: 'Ada', $: { lang: 'en' } } }] });
    expect(out).toEqual([
      {
        json: { data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<person lang="en">\n  <id>1</id>\n  <name>Ada</name>\n</person>' },
        pairedItem: { item: 0 },
      },
    ]);
  });

  it('wraps several keys in rootName and omits the header when headless', async () => {
    const [out] = await runNodeForTest(xml, {
      parameters: { mode: 'jsonToxml', dataPropertyName: 'xml', options: { headless: true, rootName: 'r', cdata: true } },
      json: [{ a: '1 < 2', b: 2 }],
    });
    expect(jsonOf(out)).toEqual([{ xml: '<r>\n  <a><![CDATA[1 < 2]]></a>\n  <b>2</b>\n</r>' }]);
  });

  it('round-trips through xmlToJson', async () => {
    const [built] = await runNodeForTest(xml, { parameters: { mode: 'jsonToxml' }, json: [{ a: { b: { c: 1 } } }] });
    const [parsed] = await runNodeForTest(xml, { inputs: [built ?? []] });
    expect(jsonOf(parsed)).toEqual([{ a: { b: { c: '1' } } }]);
  });
});
