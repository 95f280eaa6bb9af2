/**
 * zhifa roles as real OS processes: the CLI (`packages/server/src/cli.ts`) run through tsx with settings in
 * environment variables only, as an operator would start them. kill -9 / restart come from ChildRunner.
 */
import { fileURLToPath } from 'node:url';
import { ChildRunner } from '../../support/child-process.js';

const cliEntry = fileURLToPath(new URL('../../../packages/server/src/cli.ts', import.meta.url));

/** `api` = `zhifa start --no-workers`, `worker` = `zhifa worker`, `all` = `zhifa start`. */
export const ZhifaRole = { api: 'api', worker: 'worker', all: 'all' } as const;
export type ZhifaRole = (typeof ZhifaRole)[keyof typeof ZhifaRole];

export interface ZhifaSettings {
  readonly databaseUrl: string;
  readonly schema: string;
  /** Without it BullMQ runs on its PostgreSQL backend. */
  readonly redisUrl?: string;
  readonly jwtSecret: string;
  readonly demoPassword: string;
  readonly dataDir: string;
  readonly logLevel?: string;
}

const argsOf = (role: ZhifaRole): string[] => {
  switch (role) {
    case 'api':
      return ['start', '--no-workers'];
    case 'worker':
      return ['worker'];
    case 'all':
      return ['start'];
    default: {
      const never: never = role;
      throw new Error(`unknown role ${String(never)}`);
    }
  }
};

/** A CLI process of `role`; `port` for the roles that serve HTTP. Call `start()` to spawn it. */
export function zhifaProcess(role: ZhifaRole, settings: ZhifaSettings, port = 0): ChildRunner {
  return new ChildRunner(cliEntry, {
    args: argsOf(role),
    env: {
      DATABASE_URL: settings.databaseUrl,
      ZHIFA_DB_SCHEMA: settings.schema,
      REDIS_URL: settings.redisUrl ?? '',
      ZHIFA_JWT_SECRET: settings.jwtSecret,
      ZHIFA_DEMO_PASSWORD: settings.demoPassword,
      ZHIFA_DATA_DIR: settings.dataDir,
      ZHIFA_CLOCK: 'system',
      PORT: String(port),
      LOG_LEVEL: settings.logLevel ?? 'warn',
    },
    readyLine: role === 'worker' ? /^zhifa worker running/ : /^zhifa is running at /,
    readyTimeoutMs: 120_000,
  });
}
