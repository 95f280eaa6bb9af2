import type { DataSource } from 'typeorm';
import { createDataSource, migrate, type DataSourceOptions } from './data-source.js';
import { PostgresDefinitionRepository } from './postgres-definition-repository.js';
import { PostgresInstanceStore } from './postgres-instance-store.js';
import { PostgresDb } from './sql.js';

/** Everything the composition root needs from this package, wired to one DataSource. */
export interface PostgresStore {
  readonly dataSource: DataSource;
  /** Pool-level SQL and `transaction(...)` for the repository functions. */
  readonly db: PostgresDb;
  /** The engine's `InstanceStore` port. */
  readonly instances: PostgresInstanceStore;
  /** The engine's `DefinitionRepository` port. */
  readonly definitions: PostgresDefinitionRepository;
  /** Waits for background audit sealing, then closes the pool. */
  close(): Promise<void>;
}

/** Connects, optionally migrates (default: yes), and returns the wired adapters. */
export async function openPostgresStore(options: DataSourceOptions & { readonly migrate?: boolean }): Promise<PostgresStore> {
  const dataSource = await createDataSource(options);
  if (options.migrate ?? true) await migrate(dataSource);
  const db = new PostgresDb(dataSource);
  const instances = new PostgresInstanceStore(db);
  // Entries committed by a process that stopped before sealing them are chained now.
  if (options.migrate ?? true) instances.sealer.kick();
  return {
    dataSource,
    db,
    instances,
    definitions: new PostgresDefinitionRepository(db),
    close: async () => {
      await instances.sealer.flush().catch(() => 0);
      await dataSource.destroy();
    },
  };
}
