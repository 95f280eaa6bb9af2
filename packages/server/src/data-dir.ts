import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateSecret } from './auth/password.js';

/**
 * The token secret: `ZHIFA_JWT_SECRET` when set, else one generated at first start and kept (mode 600) under
 * the data dir, so tokens survive a restart.
 */
export function loadOrCreateSecret(dataDir: string, fromEnv: string | undefined): string {
  return loadOrCreateNamedSecret(dataDir, 'jwt-secret', fromEnv);
}

/** A secret from the environment, else generated at first start and kept (mode 600) under the data dir. */
export function loadOrCreateNamedSecret(dataDir: string, name: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const file = path.resolve(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = generateSecret();
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
