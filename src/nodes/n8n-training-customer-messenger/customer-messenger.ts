import type { NodeTypeSpec } from '../../core/node-api/index.js';

/**
 * Customer Messenger (n8n training): a demo node that pretends to message a customer and reports what it "sent".
 * The output text, with its two spaces, is what n8n's training node produces.
 */
export const customerMessenger: NodeTypeSpec = {
  type: 'n8n-nodes-base.n8nTrainingCustomerMessenger',
  versions: [1],
  displayName: 'Customer Messenger (n8n training)',
  inputs: 1,
  outputs: 1,
  parameters: { customerId: 'string', message: 'string' },
  execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    return [
      items.map((_item, itemIndex) => {
        const customerId = String(ctx.getParameter('customerId', itemIndex, ''));
        const message = String(ctx.getParameter('message', itemIndex, ''));
        return { json: { output: `Sent message to customer ${customerId}:  ${message}` }, pairedItem: { item: itemIndex } };
      }),
    ];
  },
};
