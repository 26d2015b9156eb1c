import type { Item } from '../../core/model/types.js';
import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { PEOPLE } from './people.js';

/**
 * Customer Datastore (n8n training) v1: demo data for tutorials. Per input item, `getOnePerson` emits the first
 * person and `getAllPeople` emits all five (`returnAll`) or the first `limit` (default 5).
 */
export const customerDatastore: NodeTypeSpec = {
  type: 'n8n-nodes-base.n8nTrainingCustomerDatastore',
  versions: [1],
  displayName: 'Customer Datastore (n8n training)',
  inputs: 1,
  outputs: 1,
  parameters: { operation: 'options', returnAll: 'boolean', limit: 'number' },
  execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const operation = ctx.getParameter<string>('operation', 0, 'getOnePerson');
    const out: Item[] = [];
    for (let i = 0; i < items.length; i++) {
      let people: readonly object[] = [];
      if (operation === 'getOnePerson') {
        people = PEOPLE.slice(0, 1);
      } else if (operation === 'getAllPeople') {
        const returnAll = ctx.getParameter<boolean>('returnAll', i, false);
        people = returnAll ? PEOPLE : PEOPLE.slice(0, ctx.getParameter<number>('limit', i, 5));
      }
      // Fresh copies: downstream nodes may mutate their input.
      for (const person of people) out.push({ json: { ...person }, pairedItem: { item: i } });
    }
    return [out];
  },
};
