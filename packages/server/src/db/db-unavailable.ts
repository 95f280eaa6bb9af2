/**
 * Tells whether an error means "the database cannot be reached right now" (connection refused, reset,
 * terminated by the server, pool timeout) as opposed to a bug or a bad query. Such errors become 503 with
 * Retry-After; the pool reconnects by itself once the database is back.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** SQLSTATE class 08 (connection exception) and 57P0x (operator intervention: shutdown, cannot connect now). */
const SQLSTATE_UNAVAILABLE = /^(08\d{3}|57P0[1-3])$/;
const MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'connection timeout',
  'Client has encountered a connection error',
  'the database system is starting up',
  'the database system is shutting down',
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const code = readString(error, 'code');
  if (code && (NETWORK_CODES.has(code) || SQLSTATE_UNAVAILABLE.test(code))) return true;
  const message = readString(error, 'message');
  if (message && MESSAGES.some((m) => message.includes(m))) return true;
  // TypeORM wraps driver errors; AggregateError wraps per-address connection failures.
  if (isDatabaseUnavailable(read(error, 'driverError'), depth + 1)) return true;
  if (isDatabaseUnavailable(read(error, 'cause'), depth + 1)) return true;
  const errors = read(error, 'errors');
  return Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1));
}

function read(value: object, key: string): unknown {
  return Object.hasOwn(value, key) || key in value ? Reflect.get(value, key) : undefined;
}

function readString(value: object, key: string): string | undefined {
  const v = read(value, key);
  return typeof v === 'string' ? v : undefined;
}
