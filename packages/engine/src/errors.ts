/**
 * Errors the engine raises, each with a stable string `code`. The server maps codes to HTTP status in one
 * table; nothing else inspects messages.
 */

/** One problem found while compiling a model, naming the element where known. */
export interface ModelProblem {
  /** Id of the offending element, when it has one. */
  readonly elementId?: string;
  /** Element type, e.g. `bpmn:ComplexGateway` or `dmn:Decision`. */
  readonly elementType?: string;
  readonly reason: string;
  readonly line?: number;
  readonly column?: number;
}

export class ZhifaError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A model (BPMN, DMN, form) that cannot be deployed. HTTP 422. */
export class DeployError extends ZhifaError {
  constructor(
    message: string,
    readonly problems: readonly ModelProblem[],
  ) {
    super('MODEL_INVALID', message, { problems });
  }

  static of(problems: readonly ModelProblem[]): DeployError {
    const first = problems[0];
    const where = first?.elementId ? ` at '${first.elementId}'` : '';
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    return new DeployError(`${first?.reason ?? 'invalid model'}${where}${more}`, problems);
  }
}

/** Input too large or too deeply nested to process safely. HTTP 413. */
export class ModelTooLargeError extends ZhifaError {
  constructor(message: string) {
    super('MODEL_TOO_LARGE', message);
  }
}

/** The command refers to something that does not exist (instance, task, definition). HTTP 404. */
export class NotFoundError extends ZhifaError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} '${id}' not found`, { what, id });
  }
}

/** The command is no longer valid for the current state (task completed, instance ended). HTTP 409. */
export class StaleStateError extends ZhifaError {
  constructor(message: string, details?: unknown) {
    super('STALE_STATE', message, details);
  }
}

/** Another transaction changed the instance first (optimistic lock). Retried internally; else HTTP 409. */
export class VersionConflictError extends ZhifaError {
  constructor(instanceId: string, expectedVersion: number) {
    super('VERSION_CONFLICT', `instance '${instanceId}' was changed concurrently`, { instanceId, expectedVersion });
  }
}

/** Bad input to a command: unknown variable names, wrong types, reserved names. HTTP 400. */
export class InvalidInputError extends ZhifaError {
  constructor(message: string, details?: unknown) {
    super('INVALID_INPUT', message, details);
  }
}

/**
 * A command ran more synchronous steps than allowed without reaching a wait state (a model that loops
 * forever). Nothing is committed; the command is refused. HTTP 422.
 */
export class ExecutionLimitError extends ZhifaError {
  constructor(instanceId: string, steps: number) {
    super('EXECUTION_LIMIT', `instance '${instanceId}' ran more than ${steps} steps without reaching a wait state`, { instanceId, steps });
  }
}

/** The caller may not perform the operation on this object (e.g. withdraw by someone else). HTTP 403. */
export class ForbiddenError extends ZhifaError {
  constructor(message: string, details?: unknown) {
    super('FORBIDDEN', message, details);
  }
}

/** Asked again too soon (e.g. 催办 within its interval). HTTP 429; `details.retryAfterSeconds` says when. */
export class RateLimitedError extends ZhifaError {
  constructor(message: string, details: { readonly reason: string; readonly retryAfterSeconds: number }) {
    super('RATE_LIMITED', message, details);
  }
}
