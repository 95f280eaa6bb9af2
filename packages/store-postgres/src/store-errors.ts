import { ZhifaError } from '@zhifa/engine';

/** A schema name that is not a plain lower-case identifier (it is interpolated into DDL). */
export class InvalidSchemaNameError extends ZhifaError {
  constructor(schema: string) {
    super('INVALID_SCHEMA_NAME', `schema name '${schema}' must match [a-z_][a-z0-9_]*`);
  }
}

/** A transaction object that did not come from this package was passed to a Postgres adapter. */
export class ForeignTransactionError extends ZhifaError {
  constructor(kind: string) {
    super('FOREIGN_TRANSACTION', `expected a postgres transaction, got '${kind}'`);
  }
}

/** A unique value (username, definition key + version, ...) is already taken. HTTP 409. */
export class DuplicateError extends ZhifaError {
  constructor(what: string, value: string) {
    super('DUPLICATE', `${what} '${value}' already exists`, { what, value });
  }
}

/** The same idempotency key was reused for a different request body. HTTP 422 by convention. */
export class IdempotencyKeyReusedError extends ZhifaError {
  constructor(key: string) {
    super('IDEMPOTENCY_KEY_REUSED', `idempotency key '${key}' was used for a different request`);
  }
}
