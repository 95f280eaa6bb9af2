/**
 * The stored decision definitions (one row per version of a `.dmn` file, keyed by its `definitions` id), as
 * the decisions feature needs them. The deployment service versions them; this port only reads.
 */
import { getVersioned, listVersioned, type Sql, type VersionedDefinition } from '@zhifa/store-postgres';

export interface StoredDecisionDefinition {
  readonly id: string;
  /** The DMN `definitions` id: versions share it. */
  readonly key: string;
  readonly version: number;
  readonly deploymentId: string;
  /** Resource (file) name it was deployed from. */
  readonly resourceName?: string;
  readonly content: string;
  readonly deployedAt: string;
}

export interface DecisionDefinitionStore {
  /** Every version (or of one key), by key then version descending. */
  list(key?: string): Promise<readonly StoredDecisionDefinition[]>;
  get(id: string): Promise<StoredDecisionDefinition | undefined>;
}

export class PostgresDecisionDefinitionStore implements DecisionDefinitionStore {
  constructor(private readonly sql: Sql) {}

  async list(key?: string): Promise<readonly StoredDecisionDefinition[]> {
    return (await listVersioned(this.sql, 'decision', key === undefined ? {} : { key })).map(toStored);
  }

  async get(id: string): Promise<StoredDecisionDefinition | undefined> {
    const row = await getVersioned(this.sql, 'decision', id);
    return row && toStored(row);
  }
}

function toStored(row: VersionedDefinition): StoredDecisionDefinition {
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    deploymentId: row.deploymentId,
    ...(row.name !== undefined && { resourceName: row.name }),
    content: row.content,
    deployedAt: row.deployedAt,
  };
}
