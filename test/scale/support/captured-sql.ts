/**
 * The exact SQL a store function sends: a `Sql` that records statements instead of running them, so a
 * benchmark can time the very same query on a plain connection (its reference) and EXPLAIN it.
 */
import type { Sql, SqlResult } from '@zhifa/store-postgres';

export interface Statement {
  readonly text: string;
  readonly params: readonly unknown[];
}

export class CapturingSql implements Sql {
  readonly statements: Statement[] = [];

  query<R>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    this.statements.push({ text, params });
    return Promise.resolve([]);
  }

  execute<R>(text: string, params: readonly unknown[] = []): Promise<SqlResult<R>> {
    this.statements.push({ text, params });
    return Promise.resolve({ rows: [], rowCount: 0 });
  }
}

/** Records the one statement `call` sends. */
export async function captureStatement(call: (sql: Sql) => Promise<unknown>): Promise<Statement> {
  const sql = new CapturingSql();
  await call(sql);
  const [only, ...more] = sql.statements;
  if (!only || more.length > 0) throw new Error(`expected one statement, saw ${sql.statements.length}`);
  return only;
}

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Index Name'?: string;
  readonly 'Relation Name'?: string;
  readonly 'Actual Rows'?: number;
  readonly 'Sort Method'?: string;
  readonly Plans?: readonly PlanNode[];
}

/** One line per plan node, indented: "Bitmap Index Scan task_assignee_state_idx rows=1000". */
export function describePlan(node: PlanNode, depth = 0): string[] {
  const label = [node['Node Type'], node['Index Name'] ?? node['Relation Name'] ?? '', node['Sort Method'] ?? '']
    .filter(Boolean)
    .join(' ');
  const line = `${'  '.repeat(depth)}${label} rows=${node['Actual Rows'] ?? '?'}`;
  return [line, ...(node.Plans ?? []).flatMap((child) => describePlan(child, depth + 1))];
}

export interface Explained {
  readonly executionMs: number;
  readonly planningMs: number;
  readonly lines: readonly string[];
}

/** EXPLAIN (ANALYZE, BUFFERS) of a captured statement on `client`. */
export async function explain(
  client: { query: (text: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> },
  statement: Statement,
): Promise<Explained> {
  const result = await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.text}`, [...statement.params]);
  const [doc] = (result.rows[0]?.['QUERY PLAN'] ?? []) as { Plan: PlanNode; 'Execution Time': number; 'Planning Time': number }[];
  if (!doc) throw new Error('EXPLAIN returned no plan');
  return { executionMs: doc['Execution Time'], planningMs: doc['Planning Time'], lines: describePlan(doc.Plan) };
}
