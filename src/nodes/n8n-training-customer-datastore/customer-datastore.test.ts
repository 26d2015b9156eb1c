import { describe, expect, it } from 'vitest';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { customerDatastore } from './customer-datastore.js';
import { PEOPLE } from './people.js';

describe('Customer Datastore (n8n training)', () => {
  it('returns the first person by default, once per input item', async () => {
    const [out] = await runNodeForTest(customerDatastore, { json: [{}, {}] });
    expect(jsonOf(out).map((json) => json.name)).toEqual(['Jay Gatsby', 'Jay Gatsby']);
    expect(out?.[1]?.pairedItem).toEqual({ item: 1 });
  });

  it('returns five people with the default limit, or all of them', async () => {
    const [limited] = await runNodeForTest(customerDatastore, { parameters: { operation: 'getAllPeople' } });
    expect(jsonOf(limited)).toEqual(PEOPLE);
    expect(jsonOf(limited)[3]).toEqual({
      id: '23423535',
      name: 'Zaphod Beeblebrox',
      email: 'captain@heartofgold.com',
      notes: 'Felt like I was talking to more than one person',
      country: null,
      created: '1979-10-12',
    });
    const [all] = await runNodeForTest(customerDatastore, { parameters: { operation: 'getAllPeople', returnAll: true } });
    expect(jsonOf(all)).toHaveLength(5);
  });

  it('honours the limit and hands out copies', async () => {
    const [out] = await runNodeForTest(customerDatastore, { parameters: { operation: 'getAllPeople', limit: 2 } });
    expect(jsonOf(out).map((json) => json.id)).toEqual(['23423532', '23423533']);
    out![0]!.json.name = 'changed';
    expect(PEOPLE[0]!.name).toBe('Jay Gatsby');
  });
});
