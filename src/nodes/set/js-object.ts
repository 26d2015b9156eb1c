import { parse } from 'acorn';
import type { Expression, PrivateIdentifier, SpreadElement } from 'acorn';

/**
 * Reads a JavaScript object literal written as text (`{a: 1, 'b': [true]}`) without running it, as n8n does when
 * an object-typed field holds relaxed JSON. Like n8n, only literal syntax is understood: a bare identifier reads
 * as its name, anything else (calls, operators) as `undefined`. Returns `undefined` when the text is not an
 * object literal; throws when it is not JavaScript at all.
 */
export function parseJsObject(text: string): unknown {
  const program = parse(`(${text})`, { ecmaVersion: 'latest' });
  for (const statement of program.body) {
    if (statement.type === 'ExpressionStatement' && statement.expression.type === 'ObjectExpression') {
      return nodeValue(statement.expression);
    }
  }
  return undefined;
}

function nodeValue(node: Expression | SpreadElement | PrivateIdentifier | null): unknown {
  if (node === null) return undefined;
  switch (node.type) {
    case 'Literal':
      return node.value;
    case 'Identifier':
      return node.name;
    case 'ArrayExpression':
      return node.elements.map((element) => nodeValue(element));
    case 'ObjectExpression': {
      const result: Record<string, unknown> = {};
      for (const property of node.properties) {
        if (property.type !== 'Property') continue;
        const key = String(nodeValue(property.key));
        Object.defineProperty(result, key, { value: nodeValue(property.value), enumerable: true, writable: true, configurable: true });
      }
      return result;
    }
    default:
      return undefined;
  }
}
