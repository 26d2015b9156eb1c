import { describeStoreContract } from '../../ports/store/store-contract.js';
import { postgresTestStore } from './test-support.js';

// The one shared Store contract, against a fresh database on the machine's PostgreSQL for each store it asks for.
describeStoreContract('postgres', async () => {
  const made = await postgresTestStore();
  return {
    store: made.store,
    teardown: made.teardown,
    rawCredentialRow: async (id) => JSON.stringify(await made.query('select * from credentials where id = $1', [id])),
    storedExecutionDataBytes: async (id) => {
      const [row] = await made.query<{ bytes: number }>('select octet_length(result)::int as bytes from execution_data where id = $1', [id]);
      return row?.bytes ?? 0;
    },
  };
});
