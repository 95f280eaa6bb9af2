/** @zhifa/testing: in-memory adapters, a manual clock, port contract suites and scenario helpers. */
export { InMemoryInstanceStore } from './in-memory-instance-store.js';
export { InMemoryDefinitionRepository } from './in-memory-definition-repository.js';
export { ManualClock } from './manual-clock.js';
export { SequentialIdGenerator } from './sequential-ids.js';
export { RecordingTimerScheduler, InMemoryJobQueue } from './recording-adapters.js';
export { createTestEngine, type TestEngine } from './test-engine.js';
export { describeInstanceStoreContract, type StoreFixture } from './instance-store.contract.js';
export { InMemoryAssignmentResolver, type OrgUnitSpec } from './in-memory-assignment-resolver.js';
