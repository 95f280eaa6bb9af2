import type { DataSource, QueryRunner } from 'typeorm';
import type { StoreTransaction } from '@zhifa/engine';
import { ForeignTransactionError } from './store-errors.js';

/** Result of a statement: the rows it returned and how many rows it affected. */
export interface SqlResult<R> {
  readonly rows: R[];
  readonly rowCount: number;
}

/**
 * What every repository function of this package takes: something that runs parameterised SQL, either a
 * transaction ({@link PostgresTx}) or the pool ({@link PostgresDb}, auto-commit per statement).
 */
export interface Sql {
  /** Runs one statement and returns its rows (`$1`, `$2` … placeholders; never interpolate input). */
  query<R>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Like `query`, also returning the affected row count (for `UPDATE … WHERE version = $2` checks). */
  execute<R>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
}

async function run<R>(runner: QueryRunner, text: string, params: readonly unknown[] | undefined): Promise<SqlResult<R>> {
  const result = await runner.query(text, params ? [...params] : undefined, true);
  const rows: R[] = result.records ?? [];
  return { rows, rowCount: result.affected ?? rows.length };
}

/** An open transaction on one connection. Also the engine's `StoreTransaction` (kind `postgres`). */
export class PostgresTx implements Sql, StoreTransaction {
  readonly kind = 'postgres';
  private wroteAudit = false;

  constructor(private readonly runner: QueryRunner) {}

  /** Notes that this transaction appended audit entries (they are sealed into the chain after commit). */
  markAuditWritten(): void {
    this.wroteAudit = true;
  }

  get auditWritten(): boolean {
    return this.wroteAudit;
  }

  async query<R>(text: string, params?: readonly unknown[]): Promise<R[]> {
    return (await run<R>(this.runner, text, params)).rows;
  }

  execute<R>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
    return run<R>(this.runner, text, params);
  }
}

/** Narrows an engine `StoreTransaction` to ours; anything else is a wiring bug. */
export function asPostgresTx(tx: StoreTransaction): PostgresTx {
  if (tx instanceof PostgresTx) return tx;
  throw new ForeignTransactionError(tx.kind);
}

/** Isolation levels a unit of work may ask for. READ COMMITTED + version checks is the default. */
export type Isolation = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

export interface TransactionOptions {
  readonly isolation?: Isolation;
  readonly readOnly?: boolean;
}

/** Counts free transaction slots; waiters queue in order. */
class Slots {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number) {}

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}

/** Pool connections kept free of transactions (see {@link PostgresDb}). */
const reservedForReads = 2;

/**
 * The connection pool of a DataSource: plain reads and single statements, plus {@link PostgresDb.transaction}.
 * At most `poolSize - 2` transactions run at once: a unit of work may read through the pool while it holds
 * its own connection (the engine loads definitions that way), and if every connection were held by such a
 * transaction the pool would deadlock.
 */
export class PostgresDb implements Sql {
  private readonly slots: Slots;
  /** Called after a transaction that appended audit entries commits (the `AuditSealer` registers here). */
  auditCommitListener: (() => void) | undefined;

  constructor(readonly dataSource: DataSource) {
    const options = dataSource.options;
    const poolSize = (options.type === 'postgres' ? options.poolSize : undefined) ?? 10;
    this.slots = new Slots(Math.max(1, poolSize - reservedForReads));
  }

  async query<R>(text: string, params?: readonly unknown[]): Promise<R[]> {
    return (await this.execute<R>(text, params)).rows;
  }

  async execute<R>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await run<R>(runner, text, params);
    } finally {
      await runner.release();
    }
  }

  /**
   * Runs `work` in one transaction on one connection: commit when it resolves, roll back and rethrow when
   * it throws. The transaction object must be passed to every repository call of the unit of work.
   */
  async transaction<T>(work: (tx: PostgresTx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    await this.slots.acquire();
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      const mode = `${options.isolation ? `ISOLATION LEVEL ${options.isolation}` : ''}${options.readOnly ? ' READ ONLY' : ''}`;
      await runner.query(`BEGIN ${mode}`);
      const tx = new PostgresTx(runner);
      let result: T;
      try {
        result = await work(tx);
      } catch (error) {
        await runner.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      await runner.query('COMMIT');
      if (tx.auditWritten) this.auditCommitListener?.();
      return result;
    } finally {
      await runner.release();
      this.slots.release();
    }
  }
}
