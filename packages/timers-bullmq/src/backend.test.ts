import { describe, expect, it } from 'vitest';
import { resolveBackend } from './backend.js';
import { QueueBackendConfigError } from './errors.js';

describe('resolveBackend', () => {
  it('uses Redis when a Redis URL is given, even with a PostgreSQL URL', () => {
    expect(resolveBackend({ redisUrl: 'redis://r:6379/1', postgresUrl: 'postgres://p/db' })).toEqual({ type: 'redis', url: 'redis://r:6379/1' });
  });

  it('falls back to the PostgreSQL backend in schema bullmq', () => {
    expect(resolveBackend({ postgresUrl: 'postgres://p/db' })).toEqual({ type: 'postgres', url: 'postgres://p/db', schema: 'bullmq', poolSize: 5 });
    expect(resolveBackend({ redisUrl: '', postgresUrl: 'postgres://p/db', postgresSchema: 'queues' })).toMatchObject({ schema: 'queues' });
  });

  it('refuses to start with neither', () => {
    expect(() => resolveBackend({})).toThrow(QueueBackendConfigError);
  });
});
