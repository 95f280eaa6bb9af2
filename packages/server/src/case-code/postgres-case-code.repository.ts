import { parseAppliedBenchmark, parseCaseSteps, parseStringList } from './case-code.parse.js';
import type { CaseCodeRepository, RevokeOutcome } from './case-code.repository.js';
import { quoteSchema, type SqlQueryable } from './case-code.sql.js';
import type { CaseCodeRecord } from './case-code.types.js';

const COLUMNS = `id, instance_id, process_name, decision_summary, steps, benchmark, personal_names, issued_at, revoked_at,
  revoked_by, revoke_reason`;
/** An insert that lost the race for the instance retries this often before giving up. */
const INSERT_ATTEMPTS = 3;

/** Case codes in PostgreSQL (table from `caseCodeMigrationSql`), with raw SQL on a pool or client passed in. */
export class PostgresCaseCodeRepository implements CaseCodeRepository {
  private readonly table: string;
  private readonly history: string;

  constructor(
    private readonly db: SqlQueryable,
    schema: string,
  ) {
    this.table = `${quoteSchema(schema)}.case_code`;
    this.history = `${quoteSchema(schema)}.history`;
  }

  async insert(record: CaseCodeRecord): Promise<CaseCodeRecord> {
    for (let attempt = 0; attempt < INSERT_ATTEMPTS; attempt += 1) {
      const inserted = await this.db.query(
        `INSERT INTO ${this.table} (id, instance_id, process_name, decision_summary, steps, benchmark, personal_names,
           issued_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6::json, $7::jsonb, $8)
         ON CONFLICT (instance_id) WHERE revoked_at IS NULL DO NOTHING RETURNING ${COLUMNS}`,
        [
          record.id,
          record.instanceId,
          record.processName,
          record.decisionSummary,
          JSON.stringify(record.steps),
          record.benchmark === null ? null : JSON.stringify(record.benchmark),
          JSON.stringify(record.personalNames),
          record.issuedAt,
        ],
      );
      const row = inserted.rows[0];
      if (row !== undefined) return toRecord(row);
      const active = await this.db.query(
        `SELECT ${COLUMNS} FROM ${this.table} WHERE instance_id = $1 AND revoked_at IS NULL`,
        [record.instanceId],
      );
      const existing = active.rows[0];
      // The active code may have been revoked between the two statements: then try the insert again.
      if (existing !== undefined) return toRecord(existing);
    }
    throw new Error(`could not store a case code for instance '${record.instanceId}'`);
  }

  async findById(id: string): Promise<CaseCodeRecord | null> {
    const result = await this.db.query(`SELECT ${COLUMNS} FROM ${this.table} WHERE id = $1`, [id]);
    const row = result.rows[0];
    return row === undefined ? null : toRecord(row);
  }

  async findByInstance(instanceId: string): Promise<CaseCodeRecord[]> {
    const result = await this.db.query(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE instance_id = $1 ORDER BY revoked_at IS NULL DESC, issued_at DESC, id`,
      [instanceId],
    );
    return result.rows.map(toRecord);
  }

  async revoke(id: string, by: string, reason: string, at: string): Promise<RevokeOutcome> {
    // One statement, so one transaction: the revocation and its audit entry exist together or not at all (A1).
    const updated = await this.db.query(
      `WITH revoked AS (
         UPDATE ${this.table} SET revoked_at = $2, revoked_by = $3, revoke_reason = $4
          WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}
       ), audit AS (
         INSERT INTO ${this.history} (id, instance_id, at, actor, action, data)
         SELECT gen_random_uuid()::text, instance_id, $2, $3, 'case-code.revoked', jsonb_build_object('caseCodeId', id, 'reason', revoke_reason)
           FROM revoked
       )
       SELECT * FROM revoked`,
      [id, at, by, reason],
    );
    const row = updated.rows[0];
    if (row !== undefined) return { type: 'revoked', record: toRecord(row) };
    const existing = await this.findById(id);
    return existing === null ? { type: 'not-found' } : { type: 'already-revoked', record: existing };
  }
}

function toRecord(row: unknown): CaseCodeRecord {
  if (typeof row !== 'object' || row === null) throw new CorruptCaseCodeRowError('not a row');
  const get = (key: string): unknown => Reflect.get(row, key);
  const steps = parseCaseSteps(get('steps'));
  const personalNames = parseStringList(get('personal_names'));
  const rawBenchmark = get('benchmark');
  const benchmark = rawBenchmark === null ? null : parseAppliedBenchmark(rawBenchmark);
  if (steps === null || personalNames === null || (rawBenchmark !== null && benchmark === null)) {
    throw new CorruptCaseCodeRowError(`case code '${String(get('id'))}' has malformed json columns`);
  }
  return {
    id: text(get('id')),
    instanceId: text(get('instance_id')),
    processName: text(get('process_name')),
    decisionSummary: text(get('decision_summary')),
    steps,
    benchmark,
    personalNames,
    issuedAt: instant(get('issued_at')),
    revokedAt: get('revoked_at') === null ? null : instant(get('revoked_at')),
    revokedBy: nullableText(get('revoked_by')),
    revokeReason: nullableText(get('revoke_reason')),
  };
}

/** A row that does not match the table's shape: a bug or a hand edit, never a client error. */
class CorruptCaseCodeRowError extends Error {
  readonly code = 'INTERNAL';
  constructor(message: string) {
    super(message);
    this.name = 'CorruptCaseCodeRowError';
  }
}

function text(value: unknown): string {
  if (typeof value !== 'string') throw new CorruptCaseCodeRowError('expected a text column');
  return value;
}

function nullableText(value: unknown): string | null {
  return value === null ? null : text(value);
}

function instant(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  throw new CorruptCaseCodeRowError('expected a timestamptz column');
}
