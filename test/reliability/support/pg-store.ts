/** A PostgresStore on a fresh random schema of the test server, and an Engine on it (store-level tests). */
import { randomUUID } from 'node:crypto';
import { Engine, type Clock } from '@zhifa/engine';
import { dropSchema, openPostgresStore, type PostgresStore } from '@zhifa/store-postgres';
import { randomSchemaName, TEST_DATABASE_URL } from '../../support/pg-faults.js';

export interface TestPgStore extends PostgresStore {
  readonly schema: string;
  readonly applicationName: string;
  dispose(): Promise<void>;
}

export async function openPgStore(prefix: string, poolSize = 20): Promise<TestPgStore> {
  const schema = randomSchemaName(prefix);
  const applicationName = `zhifa-rel-${schema}`;
  const store = await openPostgresStore({ url: TEST_DATABASE_URL, schema, poolSize, applicationName });
  return {
    ...store,
    schema,
    applicationName,
    async dispose() {
      await store.instances.sealer.flush().catch(() => 0);
      await dropSchema(store.dataSource);
      await store.close();
    },
  };
}

/** A clock the test moves by hand. */
export class HandClock implements Clock {
  constructor(private at = Date.parse('2026-03-02T01:00:00.000Z')) {}
  now(): Date {
    return new Date(this.at);
  }
  set(iso: string): void {
    this.at = Math.max(this.at, Date.parse(iso));
  }
}

export function engineOn(store: PostgresStore, clock: Clock = new HandClock()): Engine {
  return new Engine({ store: store.instances, definitions: store.definitions, clock, ids: { newId: () => randomUUID() } });
}
