import { describe, expect, it } from 'vitest';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { customerMessenger } from './customer-messenger.js';

describe('Customer Messenger (n8n training)', () => {
  it('reports one sent message per item', async () => {
    const [output] = await runNodeForTest(customerMessenger, { parameters: { customerId: '7', message: 'hello' }, json: [{}, {}] });
    expect(jsonOf(output)).toEqual([{ output: 'Sent message to customer 7:  hello' }, { output: 'Sent message to customer 7:  hello' }]);
    expect(output!.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });
});
