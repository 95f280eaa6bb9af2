import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { allMigrations } from './migrations/index.js';
import { InvalidSchemaNameError } from './store-errors.js';

/** Options for {@link createDataSource}. */
export interface DataSourceOptions {
  /** PostgreSQL connection URL, e.g. `postgres://postgres@127.0.0.1:5432/zhifa`. */
  readonly url: string;
  /** Schema that holds every table; becomes the connection's `search_path`. Default `zhifa`. */
  readonly schema?: string;
  /** Pool size (max connections). Default 20. */
  readonly poolSize?: number;
  /** Shown in `pg_stat_activity`. Default `zhifa`. */
  readonly applicationName?: string;
}

const schemaName = /^[a-z_][a-z0-9_]{0,62}$/;

/** Validates a schema name so it can be interpolated into DDL and `search_path` without quoting. */
export function assertSchemaName(schema: string): string {
  if (!schemaName.test(schema)) throw new InvalidSchemaNameError(schema);
  return schema;
}

/**
 * Creates and initialises a TypeORM DataSource whose every connection uses `schema` as its only
 * `search_path`, so all SQL in this package can name tables unqualified and each test can own a schema.
 * No entities and never `synchronize`: the schema comes from {@link migrate} alone.
 */
export async function createDataSource(options: DataSourceOptions): Promise<DataSource> {
  const schema = assertSchemaName(options.schema ?? 'zhifa');
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    schema,
    synchronize: false,
    migrationsRun: false,
    migrations: allMigrations,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    applicationName: options.applicationName ?? 'zhifa',
    poolSize: options.poolSize ?? 20,
    logging: false,
    // `-c search_path` is applied by the server at connection start, before any query of ours runs.
    extra: { options: `-c search_path=${schema}` },
  });
  await dataSource.initialize();
  return dataSource;
}

/** The schema a DataSource made by {@link createDataSource} works in. */
export function schemaOf(dataSource: DataSource): string {
  const options = dataSource.options;
  const schema = options.type === 'postgres' ? options.schema : undefined;
  return assertSchemaName(schema ?? 'public');
}

/**
 * Creates the schema if needed and applies every pending migration, each in its own transaction.
 * Safe to call at every start; concurrent callers are serialised by an advisory lock.
 * Returns the names of the migrations applied now.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const schema = schemaOf(dataSource);
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    // Session-level lock: two processes starting together must not both run migration 1.
    await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [`zhifa-migrate:${schema}`]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`zhifa-migrate:${schema}`]);
    }
  } finally {
    await runner.release();
  }
}

/** Drops the schema and everything in it. For tests and `zhifa` maintenance only. */
export async function dropSchema(dataSource: DataSource): Promise<void> {
  await dataSource.query(`DROP SCHEMA IF EXISTS ${schemaOf(dataSource)} CASCADE`);
}
