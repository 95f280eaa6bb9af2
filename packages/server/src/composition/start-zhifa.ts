import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Deployment } from '@zhifa/api-types';
import { DecisionRegistry, Engine, type Clock, type EffectListener, type EngineApi, type InstanceStore } from '@zhifa/engine';
import {
  createDataSource, openPostgresStore, PostgresAssignmentResolver, PostgresDb, seedDemoOrganisation,
} from '@zhifa/store-postgres';
import { createApp } from '../app.js';
import { attributingStore } from '../services/acting-user.js';
import { TokenService } from '../auth/token.service.js';
import { generatePassword } from '../auth/password.js';
import type { Principal } from '../auth/principal.js';
import type { Lifecycle } from '../controllers/health.controller.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded-postgres.js';
import { loadOrCreateSecret } from '../data-dir.js';
import { createLogger } from '../observability/logger.js';
import { Metrics } from '../observability/metrics.js';
import { AccessService } from '../services/access.service.js';
import { AuthService } from '../services/auth.service.js';
import { ClockService } from '../services/clock.service.js';
import { DeploymentService } from '../services/deployment.service.js';
import { EventService } from '../services/event.service.js';
import { InstanceService } from '../services/instance.service.js';
import { ManualClock, SystemClock } from '../services/manual-clock.js';
import { OperationsService } from '../services/operations.service.js';
import { TaskService } from '../services/task.service.js';
import type { Directory, DirectoryUser } from '../services/ports.js';
import { findProcessFiles, readResource } from './process-files.js';
import {
  PostgresDeploymentStore, PostgresDirectory, PostgresHealthProbe, PostgresIdempotencyStore, PostgresInstanceLister,
  PostgresInstanceVisibility,
  PostgresOwnershipStore, PostgresTaskRows,
} from './store-adapters.js';
import { createTimers, type TimerWorkers } from './timer-workers.js';
import { CachedDefinitionRepository } from './cached-definitions.js';
import { gateEngine } from './gated-engine.js';
import { combineFeatures, defaultFeatures, publicUrl, type DeadlineChannels } from './features.js';
import { CaseCodeJobWorker } from '../case-code/case-code.worker.js';
import { NotifyJobWorker } from '../notifications/notify-job.worker.js';
import { InProcessJobRunner } from '../jobs/in-process-job-runner.js';
import { InboxNotificationListener } from '../inbox/index.js';
import type { DeadlineFeature } from '../deadlines/deadline-feature.js';
import type { CaseCodeService } from '../case-code/index.js';
import { HolidayCalendarService } from '../calendar/holiday-calendar.service.js';
import { engineCalendarHooks } from '../calendar/engine-calendar-hooks.js';
import { DeadlineEffectListener } from '../deadlines/deadline.listener.js';
import { createQueueDashboard } from '../deadlines/operations/queue-dashboard.js';

const repoRoot = path.resolve(fileURLToPath(import.meta.url), '../../../../..');

export interface StartZhifaOptions {
  /** 0 picks a free port. Default 3000. */
  readonly port?: number;
  readonly host?: string;
  /** Without it an embedded PostgreSQL is started with data under `dataDir`. */
  readonly databaseUrl?: string;
  /** Schema for every table (tests: one per file). Default `zhifa`. */
  readonly schema?: string;
  /** Default `./data`. Holds the embedded database, its port and the generated token secret. */
  readonly dataDir?: string;
  readonly clock?: 'system' | 'manual';
  /** Start of the manual clock. Default: now. */
  readonly clockStart?: Date;
  /** Timer wake-up workers in this process. Default true (never with the manual clock). */
  readonly workers?: boolean;
  /** BullMQ on Redis when set; BullMQ's PostgreSQL backend otherwise. */
  readonly redisUrl?: string;
  /** HS256 secret; default `ZHIFA_JWT_SECRET` or one kept under dataDir. */
  readonly jwtSecret?: string;
  /** Seed the demo organisation (default true) with this password (default generated, printed once). */
  readonly seedDemo?: boolean;
  readonly demoPassword?: string;
  /** Deploy every `.bpmn/.form/.dmn` here at start. Default `<repo>/processes`; `false` to skip. */
  readonly processesDir?: string | false;
  /** Web build served at `/`. Default `<repo>/packages/web/dist`. */
  readonly webDist?: string | false;
  readonly bodyLimitBytes?: number;
  readonly loginRateLimit?: number;
  readonly logger?: Logger;
  /** Effect listeners handed to the engine (e.g. the deadline feature's, made before the engine exists). */
  readonly listeners?: readonly EffectListener[];
  /** Feature routers composed in (e.g. the case-code pages), built once the store and engine exist. */
  readonly routers?: (context: FeatureContext) => Promise<FeatureRouters> | FeatureRouters;
  /** Deadline e-mail/webhook channels (default: from `ZHIFA_SMTP_*` / `ZHIFA_WEBHOOK_*`). */
  readonly deadlineChannels?: DeadlineChannels;
  /** Serve HTTP (default true); `zhifa worker` runs timers only. */
  readonly http?: boolean;
}

export interface FeatureContext {
  readonly db: PostgresDb;
  readonly schema: string;
  readonly engine: EngineApi;
  /** The engine's clock (the manual one with `clock: 'manual'`). */
  readonly clock: Clock;
  readonly databaseUrl: string;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly dataDir: string;
  readonly redisUrl: string | undefined;
  /** Whether this process consumes queues (false for `start --no-workers`). */
  readonly workers: boolean;
  /** With the manual clock, features fire their due timers from `fireDue` instead of queue wake-ups. */
  readonly manualClock: boolean;
  readonly holidays: HolidayCalendarService;
  readonly deadlineListener: DeadlineEffectListener;
}

export interface FeatureRouters {
  /** Mounted without authentication, before the API and the web app. */
  readonly public?: readonly RequestHandler[];
  /** Mounted after bearer authentication. */
  readonly api?: readonly RequestHandler[];
  /** Called once everything is composed, before the server listens (seed data, start workers). */
  start?(): Promise<void>;
  /** Called by `close()` before the pools close. */
  close?(): Promise<void>;
  /** With the manual clock: fires the feature's own due timers after the clock moved; returns how many. */
  fireDue?(): Promise<number>;
}

export interface RunningZhifa {
  readonly url: string;
  readonly port: number;
  readonly databaseUrl: string;
  readonly schema: string;
  readonly engine: EngineApi;
  /** The engine's store (reads of tasks, timers, history) for tools and tests. */
  readonly store: InstanceStore;
  /** The manual clock when `clock: 'manual'`. */
  readonly clock: ManualClock | undefined;
  /** Set only when this start created the demo users with a generated password. */
  readonly generatedDemoPassword: string | undefined;
  readonly logger: Logger;
  /** The deadline feature (reminders, escalations, notifications, calendar) of this server. */
  readonly deadlines: DeadlineFeature;
  readonly caseCodes: CaseCodeService;
  /** Deploys files (`.bpmn`, `.form`, `.dmn`) as one deployment by the system user. */
  deployFiles(files: readonly string[]): Promise<Deployment>;
  addUser(input: Parameters<Directory['createUser']>[0]): Promise<DirectoryUser>;
  /** Stops HTTP (draining), workers, the pool and the embedded database. */
  close(): Promise<void>;
}

const POOL_SIZE = 20;

const SYSTEM: Principal = { id: 'system', username: 'system', displayName: 'system', roles: ['admin'], unitId: null, groups: [] };

/** The composition root: database, migrations, engine, services, HTTP and workers in one process. */
export async function startZhifa(options: StartZhifaOptions = {}): Promise<RunningZhifa> {
  const logger = options.logger ?? createLogger();
  const dataDir = path.resolve(options.dataDir ?? 'data');
  const lifecycle: Lifecycle = { migrating: true, draining: false };
  const metrics = new Metrics();
  const embedded: EmbeddedDatabase | undefined = options.databaseUrl ? undefined : await startEmbeddedPostgres(dataDir, logger);
  const databaseUrl = options.databaseUrl ?? embedded?.url ?? '';
  const schema = options.schema ?? 'zhifa';
  // Connects and migrates (readiness stays false meanwhile; HTTP is not even listening yet).
  const postgres = await openPostgresStore({ url: databaseUrl, schema, poolSize: POOL_SIZE });
  const db = postgres.db;
  // Idempotency reservations stay open while their request runs: a pool of their own (see the adapter).
  const keysDb = new PostgresDb(await createDataSource({ url: databaseUrl, schema, poolSize: 5, applicationName: 'zhifa-idempotency' }));
  lifecycle.migrating = false;

  const manual = options.clock === 'manual' ? new ManualClock(options.clockStart ?? new Date()) : undefined;
  const clock: Clock = manual ?? new SystemClock();
  // History written during a request names its caller where the engine named nobody (A1).
  const store = attributingStore(postgres.instances);
  const definitions = new CachedDefinitionRepository(postgres.definitions);
  // The manual clock fires timers itself (POST /api/admin/clock); no queue then.
  const timers: TimerWorkers | undefined = manual
    ? undefined
    : await createTimers({ logger, databaseUrl, schema, redisUrl: options.redisUrl, store, metrics });
  const deploymentStore = new PostgresDeploymentStore(db, definitions);
  const decisions = await loadDecisions(deploymentStore, logger);
  // The holiday table (admin-importable) drives working-day timers and FEEL calendar functions; deadline
  // reminders hear about tasks through an effect listener bound once the deadline feature exists.
  const holidays = new HolidayCalendarService(db);
  const deadlineListener = new DeadlineEffectListener(logger);
  // Works the case-code and notify jobs (where workers run); it hears of new jobs through the engine's effects.
  const jobRunner = new InProcessJobRunner({ db, clock, logger });
  const inboxListener = new InboxNotificationListener(db, clock, logger);
  const core = new Engine({
    store,
    definitions,
    clock,
    ids: { newId: randomUUID },
    decisions: decisions.resolve,
    ...engineCalendarHooks(holidays),
    assignments: new PostgresAssignmentResolver(),
    listeners: [deadlineListener, jobRunner, inboxListener, ...(options.listeners ?? [])],
    ...(timers && { timers: timers.scheduler }),
  });
  const engine: EngineApi = gateEngine(core, Math.floor(POOL_SIZE / 2));
  if (options.workers ?? true) timers?.startWorkers(engine);
  await engine.recover();

  const directory = new PostgresDirectory(db);
  const ownership = new PostgresOwnershipStore(db);
  const access = new AccessService(directory, ownership, new PostgresInstanceVisibility(db));
  const tokens = new TokenService(options.jwtSecret ?? loadOrCreateSecret(dataDir, process.env['ZHIFA_JWT_SECRET']));
  const deployments = new DeploymentService(engine, definitions, deploymentStore, decisions, () => clock.now());

  let generatedDemoPassword: string | undefined;
  if (options.seedDemo ?? true) {
    const password = options.demoPassword ?? generatePassword();
    const seeded = await db.transaction((tx) => seedDemoOrganisation(tx, { password }));
    // The password is shown only when this start created the demo users with a generated one.
    if (seeded.created.users > 0 && options.demoPassword === undefined) generatedDemoPassword = password;
  }
  const processesDir = options.processesDir === undefined ? path.join(repoRoot, 'processes') : options.processesDir;
  if (processesDir) await deployProcesses(deployments, processesDir, logger);

  const featureContext: FeatureContext = {
    db, schema, engine, clock, databaseUrl, metrics, logger, dataDir,
    redisUrl: options.redisUrl, workers: options.workers ?? true, manualClock: manual !== undefined, holidays, deadlineListener,
  };
  // Set once HTTP listens, unless ZHIFA_PUBLIC_URL names the public address.
  let listeningUrl: string | undefined;
  const defaults = defaultFeatures(featureContext, options.deadlineChannels);
  jobRunner.register(new CaseCodeJobWorker({ service: defaults.caseCodes, store, modelOf: (id) => core.modelOf(id), publicBaseUrl: () => listeningUrl ?? publicUrl() }));
  jobRunner.register(new NotifyJobWorker(db));
  const features: FeatureRouters = combineFeatures([
    defaults.routers,
    ...(options.routers ? [await options.routers(featureContext)] : []),
  ]);
  // The BullMQ dashboard for admins: engine timers plus the deadline and notification queues.
  const dashboard = createQueueDashboard({
    backend: defaults.deadlines.backend,
    queueNames: [...(timers ? [`timers-${schema}`] : []), ...defaults.deadlines.queueNames],
    basePath: '/admin/queues',
  });
  const app = createApp({
    adminRouters: [{ path: '/admin/queues', router: dashboard.router }],
    ...(features.public && { publicRouters: features.public }),
    ...(features.api && { apiRouters: features.api }),
    services: {
      auth: new AuthService(directory, tokens),
      deployments,
      instances: new InstanceService(engine, store, access, new PostgresInstanceLister(db)),
      tasks: new TaskService(engine, store, new PostgresTaskRows(db), access),
      events: new EventService(engine),
      operations: new OperationsService(engine, store, clock, access),
      ...(manual && { clock: new ClockService(manual, engine, store, features.fireDue ? [features.fireDue] : []) }),
    },
    tokens,
    logger,
    metrics,
    probe: new PostgresHealthProbe(db),
    idempotency: new PostgresIdempotencyStore(keysDb),
    ...(timers && { queueProbe: { ping: () => timers.ping() } }),
    lifecycle,
    bodyLimitBytes: options.bodyLimitBytes ?? 2 * 1024 * 1024,
    loginRateLimit: options.loginRateLimit ?? 60,
    version: '0.1.0',
    ...(options.webDist !== false && { webDist: options.webDist ?? path.join(repoRoot, 'packages/web/dist') }),
  });

  await features.start?.();
  const server: Server | undefined = options.http === false ? undefined : await listen(app, options.port ?? 3000, options.host ?? '0.0.0.0');
  const address = server?.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  if (server && process.env['ZHIFA_PUBLIC_URL'] === undefined) listeningUrl = `http://localhost:${port}`;
  if (options.workers ?? true) jobRunner.start(engine);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    databaseUrl,
    schema,
    engine,
    store,
    clock: manual,
    generatedDemoPassword,
    logger,
    deadlines: defaults.deadlines,
    caseCodes: defaults.caseCodes,
    deployFiles: (files) =>
      deployments.deploy(SYSTEM, { name: files.map((f) => path.basename(f)).join(', ').slice(0, 200), resources: files.map(readResource) }),
    addUser: (input) => directory.createUser(input),
    close: async () => {
      lifecycle.draining = true;
      if (server) await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests in flight get a few seconds; a client that keeps its connection busy is then cut off.
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      });
      await jobRunner.close();
      await timers?.close();
      await features.close?.();
      await dashboard.close();
      await keysDb.dataSource.destroy();
      await postgres.close();
      await embedded?.stop();
    },
  };
}

/**
 * Decisions live in memory for business rule tasks; rebuilt from every stored DMN at start. A DMN deployed
 * through another process is seen here after a restart.
 */
async function loadDecisions(store: PostgresDeploymentStore, logger: Logger): Promise<DecisionRegistry> {
  const registry = new DecisionRegistry();
  for (const stored of await store.allDecisions()) {
    try {
      await registry.deploy(stored.content, { definitionId: stored.definitionId, version: stored.version });
    } catch (error) {
      logger.warn({ err: error }, 'a stored DMN no longer parses; its decisions are unavailable');
    }
  }
  return registry;
}

async function deployProcesses(deployments: DeploymentService, dir: string, logger: Logger): Promise<void> {
  const files = findProcessFiles(dir);
  for (const file of files) {
    // One deployment per file: a broken diagram is reported and skipped, the others still deploy.
    try {
      const result = await deployments.deploy(SYSTEM, { name: path.basename(file), resources: [readResource(file)] });
      logger.info({ file: path.relative(dir, file), definitions: result.processDefinitions }, 'deployed');
    } catch (error) {
      // An invalid model is the author's problem, not a server fault: say which elements, no stack.
      const code = error instanceof Error ? Reflect.get(error, 'code') : undefined;
      if (error instanceof Error && (code === 'MODEL_INVALID' || code === 'MODEL_TOO_LARGE')) {
        logger.warn({ file: path.relative(dir, file), details: Reflect.get(error, 'details') }, `not deployed: ${error.message}`);
      } else {
        logger.error({ err: error, file: path.relative(dir, file) }, 'could not deploy');
      }
    }
  }
}

function listen(app: ReturnType<typeof createApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}
