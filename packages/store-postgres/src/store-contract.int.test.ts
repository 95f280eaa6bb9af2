// The shared port contract: the Postgres adapters must behave exactly like the in-memory ones the engine
// is developed against. (Adapters may otherwise not import @zhifa/testing; a test-only exception.)
import { describeInstanceStoreContract } from '@zhifa/testing';
import { openTestStore } from './int-test-support.js';
import { PostgresDefinitionRepository } from './postgres-definition-repository.js';

describeInstanceStoreContract('postgres', async () => {
  const store = await openTestStore('contract');
  return {
    store: store.instances,
    // The contract inserts identical checksums and expects new versions; production reuses them.
    definitions: new PostgresDefinitionRepository(store.db, { reuseIdenticalChecksum: false }),
    cleanup: () => store.dispose(),
  };
});
