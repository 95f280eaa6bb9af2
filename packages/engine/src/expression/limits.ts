/**
 * Bounds shared by both expression languages. Expressions come from uploaded models and variables from
 * users, so every evaluation must end quickly whatever it is given.
 */
export const EXPRESSION_LIMITS = {
  /** Longest expression source accepted (characters). */
  maxSourceLength: 10_000,
  /** Default evaluation budget: JUEL nodes visited; FEEL loop iterations plus list elements passed to functions. */
  maxSteps: 100_000,
  /** Deepest syntax nesting accepted (parentheses, operators, paths). */
  maxDepth: 200,
  /** Deepest nesting of variable values cloned into an evaluation (objects in arrays in objects …). */
  maxValueDepth: 64,
  /** Longest regular expression pattern accepted by FEEL `matches`/`replace`/`split`. */
  maxPatternLength: 200,
} as const;

/** Thrown inside an evaluation to abort it; turned into `{ ok: false }` at the API boundary. */
export class ExpressionAbort extends Error {
  readonly code = 'EXPRESSION_ABORTED';
}

/** Counts work done by one evaluation and aborts it once the budget is spent. */
export class StepBudget {
  private used = 0;
  constructor(private readonly max: number) {}

  charge(steps: number): void {
    this.used += steps;
    if (this.used > this.max) {
      throw new ExpressionAbort(`expression exceeded its evaluation budget of ${this.max} steps`);
    }
  }
}

export function messageOf(error: unknown): string {
  if (error instanceof RangeError) return `expression too complex to evaluate (${error.message})`;
  return error instanceof Error ? error.message : String(error);
}

/** An expression source for an error message: long sources are cut so messages stay readable. */
export function quote(source: string): string {
  return source.length > 120 ? `'${source.slice(0, 120)}…' (${source.length} characters)` : `'${source}'`;
}
