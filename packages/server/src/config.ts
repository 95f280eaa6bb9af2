import path from 'node:path';

/** Settings read from the environment by the CLI (startZhifa takes them as options). */
export interface EnvConfig {
  readonly port: number;
  readonly databaseUrl: string | undefined;
  readonly schema: string;
  readonly dataDir: string;
  readonly clock: 'system' | 'manual';
  readonly redisUrl: string | undefined;
  readonly jwtSecret: string | undefined;
  readonly demoPassword: string | undefined;
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  const port = Number(env['PORT'] ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got '${env['PORT']}'`);
  const clock = env['ZHIFA_CLOCK'] ?? 'system';
  if (clock !== 'system' && clock !== 'manual') throw new Error(`ZHIFA_CLOCK must be 'system' or 'manual', got '${clock}'`);
  return {
    port,
    databaseUrl: env['DATABASE_URL'] || undefined,
    schema: env['ZHIFA_DB_SCHEMA'] || 'zhifa',
    dataDir: path.resolve(env['ZHIFA_DATA_DIR'] || 'data'),
    clock,
    redisUrl: env['REDIS_URL'] || undefined,
    jwtSecret: env['ZHIFA_JWT_SECRET'] || undefined,
    demoPassword: env['ZHIFA_DEMO_PASSWORD'] || undefined,
  };
}
