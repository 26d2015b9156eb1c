import { parse } from 'acorn';
import type { Expression, PrivateIdentifier, SpreadElement } from 'acorn';

/**
 * Parses a JavaScript object literal written as text (`{a: 1, 'b': [true]}`) into a value, without running it.
 * n8n accepts this relaxed JSON where a parameter expects an object; only literal values are read, anything
 * else (calls, identifiers) becomes `undefined`. Returns `undefined` when the text is not an object literal.
 */
export function parseJsObjectLiteral(text: string): unknown {
  const program = parse(`(${text})`, { ecmaVersion: 'latest' });
  const [statement] = program.body;
  if (statement?.type !== 'ExpressionStatement' || statement.expression.type !== 'ObjectExpression') return undefined;
  return literalValue(statement.expression);
}

function literalValue(node: Expression | SpreadElement | PrivateIdentifier | null): unknown {
  if (node === null) return undefined;
  switch (node.type) {
    case 'Literal':
      return node.value instanceof RegExp || typeof node.value === 'bigint' ? undefined : node.value;
    case 'ArrayExpression':
      return node.elements.map((element) => literalValue(element));
    case 'ObjectExpression': {
      const result: Record<string, unknown> = {};
      for (const property of node.properties) {
        if (property.type !== 'Property') continue;
        const key = property.key.type === 'Identifier' ? property.key.name : literalValue(property.key);
        if (typeof key === 'string' || typeof key === 'number') result[String(key)] = literalValue(property.value);
      }
      return result;
    }
    case 'UnaryExpression': {
      const operand = literalValue(node.argument);
      if (typeof operand !== 'number') return undefined;
      return node.operator === '-' ? -operand : node.operator === '+' ? operand : undefined;
    }
    default:
      return undefined;
  }
}
