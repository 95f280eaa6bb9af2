/** Helpers for this module's integration tests: a random schema on the real test PostgreSQL, dropped after. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { caseCodeMigrationSql } from './case-code.sql.js';

const TEST_POSTGRES_URL = process.env['ZHIFA_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestSchema {
  readonly pool: pg.Pool;
  readonly schema: string;
  drop(): Promise<void>;
}

export async function createTestSchema(): Promise<TestSchema> {
  const schema = `case_code_test_${randomBytes(6).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 12 });
  await pool.query(caseCodeMigrationSql(schema));
  // The audit table a revocation writes to (its columns as in the store's migration; no chain needed here).
  await pool.query(`CREATE TABLE "${schema}".history (seq bigserial PRIMARY KEY, id text NOT NULL UNIQUE, instance_id text, instance_seq integer,
    at timestamptz NOT NULL, actor text, action text NOT NULL, element_id text, element_instance_id text, data jsonb NOT NULL DEFAULT '{}'::jsonb,
    chain_pos bigint UNIQUE, prev_hash text, hash text)`);
  return {
    pool,
    schema,
    async drop() {
      try {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await pool.end();
      }
    },
  };
}

export const TEST_KEY = { kid: 'k2026', secret: 'test-secret-of-at-least-32-bytes-for-hs256!' } as const;
export const OTHER_KEY = { kid: 'k2026', secret: 'another-secret-of-at-least-32-bytes-long!!' } as const;

/** Replaces the payload of a compact JWS while keeping its header and signature. */
export function withPayload(token: string, payload: unknown): string {
  const [header, , signature] = token.split('.');
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}
