import { pino, type Logger } from 'pino';

/** JSON logs to stdout; `LOG_LEVEL` overrides the level (tests default to `warn`). */
export function createLogger(level: string = process.env['LOG_LEVEL'] ?? 'info'): Logger {
  return pino({ level, base: { service: 'zhifa' }, redact: ['req.headers.authorization', 'password', '*.password'] });
}
