import { InMemoryDefinitionRepository } from './in-memory-definition-repository.js';
import { InMemoryInstanceStore } from './in-memory-instance-store.js';
import { describeInstanceStoreContract } from './instance-store.contract.js';

describeInstanceStoreContract('in-memory', async () => ({ store: new InMemoryInstanceStore(), definitions: new InMemoryDefinitionRepository() }));
