/**
 * Child process for R1: a zhifa server with the system clock and timer workers (BullMQ on PostgreSQL) on
 * the schema and port given in the environment. Prints `READY <url>` once it serves requests.
 */
import { createLogger, startZhifa } from '@zhifa/server';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const zhifa = await startZhifa({
  port: Number(env('ZHIFA_R1_PORT')),
  host: '127.0.0.1',
  databaseUrl: env('ZHIFA_R1_DATABASE_URL'),
  schema: env('ZHIFA_R1_SCHEMA'),
  clock: 'system',
  workers: true,
  jwtSecret: env('ZHIFA_R1_SECRET'),
  demoPassword: env('ZHIFA_R1_PASSWORD'),
  processesDir: false,
  webDist: false,
  loginRateLimit: 100_000,
  logger: createLogger(process.env['LOG_LEVEL'] ?? 'warn'),
});
const shutdown = (): void => {
  void zhifa.close().then(() => process.exit(0), () => process.exit(1));
};
// Handlers first: the parent may signal as soon as it reads READY.
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
process.stdout.write(`READY ${zhifa.url}\n`);
