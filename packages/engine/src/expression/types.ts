/** Which expression language a source is written in. */
export type ExpressionKind = 'feel' | 'juel';

export interface EvaluateOptions {
  /** Functions callable by name from expressions (e.g. working-day arithmetic). Arguments and results are JSON. */
  functions?: Readonly<Record<string, (...args: unknown[]) => unknown>>;
  /** Evaluation budget; defaults to EXPRESSION_LIMITS.maxSteps. */
  maxSteps?: number;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };
