import { CaseCodeConfigError } from './case-code.errors.js';

/** Anything that runs a parameterised query the way `pg.Pool`, `pg.PoolClient` and `pg.Client` do. */
export interface SqlQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** A schema name quoted for SQL; only plain identifiers are accepted, so nothing can be injected through config. */
export function quoteSchema(schema: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new CaseCodeConfigError(`invalid schema name '${schema}'`);
  return `"${schema}"`;
}

/**
 * The table of case codes (一案一码) in `schema`. Idempotent; add it to the server's migrations.
 * At most one unrevoked code per process instance, so a decision hook that runs twice issues one code.
 */
export function caseCodeMigrationSql(schema: string): string {
  const s = quoteSchema(schema);
  return `CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.case_code (
  id text PRIMARY KEY,
  instance_id text NOT NULL,
  process_name text NOT NULL,
  decision_summary text NOT NULL,
  steps jsonb NOT NULL,
  -- json, not jsonb: jsonb reorders object keys, and the outputs are shown in the table's column order.
  benchmark json,
  personal_names jsonb NOT NULL DEFAULT '[]'::jsonb,
  issued_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_by text,
  revoke_reason text,
  CONSTRAINT case_code_revocation_complete CHECK (
    (revoked_at IS NULL AND revoked_by IS NULL AND revoke_reason IS NULL)
    OR (revoked_at IS NOT NULL AND revoked_by IS NOT NULL AND revoke_reason IS NOT NULL))
);
CREATE UNIQUE INDEX IF NOT EXISTS case_code_active_instance ON ${s}.case_code (instance_id) WHERE revoked_at IS NULL;
CREATE INDEX IF NOT EXISTS case_code_instance ON ${s}.case_code (instance_id, issued_at DESC);
`;
}
