import { NodeExecutionError } from '../../core/errors/index.js';
import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { generateRandomData, type RandomDataType } from './random-data.js';

const randomTypes = new Set<RandomDataType>(['user', 'email', 'firstname', 'lastname', 'password', 'uuid', 'number', 'ipv4', 'nanoid']);

/**
 * Debug Helper: passes items on (`doNothing`), fails on purpose (`throwError`), or emits random test data
 * (`randomData`, repeatable with `randomDataSeed`). The out-of-memory category is refused: Weft does not let a
 * workflow crash its process on purpose.
 */
export const debugHelper: NodeTypeSpec = {
  type: 'n8n-nodes-base.debugHelper',
  versions: [1],
  displayName: 'DebugHelper',
  inputs: 1,
  outputs: 1,
  parameters: { category: 'options', throwErrorType: 'options', throwErrorMessage: 'string', randomDataType: 'options', randomDataCount: 'number', randomDataSeed: 'string' },
  execute(ctx, inputs) {
    const category = ctx.getParameter<string>('category', 0, 'doNothing');
    switch (category) {
      case 'doNothing':
        return [[...(inputs[0] ?? [])]];
      case 'throwError': {
        const message = String(ctx.getParameter('throwErrorMessage', 0, 'Node has thrown an error'));
        throw new NodeExecutionError(ctx.node.name, message);
      }
      case 'randomData': {
        const type = ctx.getParameter<string>('randomDataType', 0, 'user');
        if (!randomTypes.has(type as RandomDataType)) throw new NodeExecutionError(ctx.node.name, `Unknown random data type "${type}"`);
        const count = Math.max(0, Math.floor(Number(ctx.getParameter('randomDataCount', 0, 10))));
        const seed = String(ctx.getParameter('randomDataSeed', 0, ''));
        return [generateRandomData(type as RandomDataType, count, seed).map((json) => ({ json }))];
      }
      default:
        throw new NodeExecutionError(ctx.node.name, `Debug Helper category "${category}" is not available in Weft`, {
          description: 'Weft supports the categories doNothing, throwError and randomData.',
        });
    }
  },
};
