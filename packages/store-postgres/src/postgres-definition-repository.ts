import type { DefinitionRecord, DefinitionRepository, StoreTransaction } from '@zhifa/engine';
import { lockDefinitionKey } from './deployment.repository.js';
import { asPostgresTx, type PostgresDb, type Sql } from './sql.js';

interface DefinitionRow {
  id: string;
  key: string;
  version: number;
  name: string | null;
  deployment_id: string;
  xml: string;
  hash: string;
  deployed_at: Date;
}

const columns = 'id, key, version, name, deployment_id, xml, hash, deployed_at';

function toDefinition(row: DefinitionRow): DefinitionRecord {
  return {
    id: row.id,
    processId: row.key,
    version: row.version,
    ...(row.name !== null && { name: row.name }),
    deploymentId: row.deployment_id,
    xml: row.xml,
    checksum: row.hash,
    deployedAt: row.deployed_at.toISOString(),
  };
}

export interface DefinitionRepositoryOptions {
  /**
   * Re-deploying XML whose checksum equals the latest version's returns that version instead of creating a
   * new one (issue 3). Default true. The shared port contract suite still inserts identical checksums
   * expecting new versions, so it runs with `false`.
   */
  readonly reuseIdenticalChecksum?: boolean;
}

/**
 * The engine's `DefinitionRepository` on the `process_definition` table. Versions are assigned under a
 * per-key advisory lock, so concurrent deploys of one key get 1, 2, 3 … without a unique-violation race.
 */
export class PostgresDefinitionRepository implements DefinitionRepository {
  /** Definitions never change once stored, so lookups by id are cached (the engine asks on every command). */
  private readonly byId = new Map<string, DefinitionRecord>();
  private readonly reuseIdentical: boolean;

  constructor(
    private readonly db: PostgresDb,
    options: DefinitionRepositoryOptions = {},
  ) {
    this.reuseIdentical = options.reuseIdenticalChecksum ?? true;
  }

  /**
   * Stores the next version of `processId`, unless `checksum` equals the latest version's: re-deploying
   * identical XML creates no new version, and the latest record is returned as it is.
   */
  async insert(tx: StoreTransaction, definition: Omit<DefinitionRecord, 'version'>): Promise<DefinitionRecord> {
    const sql = asPostgresTx(tx);
    await lockDefinitionKey(sql, 'process_definition', definition.processId);
    const latest = await latestProcessDefinition(sql, definition.processId);
    if (this.reuseIdentical && latest && latest.checksum === definition.checksum) return latest;
    // The engine names deployments itself; make sure the row exists (a richer one may be written by saveDeployment).
    await sql.query(`INSERT INTO deployment (id, deployed_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [
      definition.deploymentId,
      definition.deployedAt,
    ]);
    const [row] = await sql.query<DefinitionRow>(
      `INSERT INTO process_definition (id, key, version, deployment_id, name, xml, hash, deployed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${columns}`,
      [definition.id, definition.processId, (latest?.version ?? 0) + 1, definition.deploymentId, definition.name ?? null, definition.xml, definition.checksum, definition.deployedAt],
    );
    if (!row) throw new Error('insert returned no row');
    return toDefinition(row);
  }

  async get(definitionId: string): Promise<DefinitionRecord | undefined> {
    const cached = this.byId.get(definitionId);
    if (cached) return cached;
    const found = await getProcessDefinition(this.db, definitionId);
    if (found) this.byId.set(definitionId, found);
    return found;
  }

  latest(processId: string): Promise<DefinitionRecord | undefined> {
    return latestProcessDefinition(this.db, processId);
  }

  list(filter: { readonly processId?: string } = {}): Promise<readonly DefinitionRecord[]> {
    return listProcessDefinitions(this.db, filter);
  }
}

export async function getProcessDefinition(sql: Sql, definitionId: string): Promise<DefinitionRecord | undefined> {
  const [row] = await sql.query<DefinitionRow>(`SELECT ${columns} FROM process_definition WHERE id = $1`, [definitionId]);
  return row && toDefinition(row);
}

/** Highest version of a process key. */
export async function latestProcessDefinition(sql: Sql, processId: string): Promise<DefinitionRecord | undefined> {
  const [row] = await sql.query<DefinitionRow>(
    `SELECT ${columns} FROM process_definition WHERE key = $1 ORDER BY version DESC LIMIT 1`,
    [processId],
  );
  return row && toDefinition(row);
}

/** Every version (or of one key), by key then version descending; `latestOnly` keeps one per key. */
export async function listProcessDefinitions(
  sql: Sql,
  filter: { readonly processId?: string; readonly latestOnly?: boolean } = {},
): Promise<DefinitionRecord[]> {
  const rows = await sql.query<DefinitionRow>(
    `SELECT ${columns} FROM process_definition p
      WHERE ($1::text IS NULL OR key = $1)
        AND (NOT $2 OR version = (SELECT MAX(version) FROM process_definition q WHERE q.key = p.key))
      ORDER BY key, version DESC`,
    [filter.processId ?? null, filter.latestOnly ?? false],
  );
  return rows.map(toDefinition);
}
