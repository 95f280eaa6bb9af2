import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import { ApiPath } from '@zhifa/api-types';
import { requireAuth, requireRole } from './auth/auth.middleware.js';
import type { TokenService } from './auth/token.service.js';
import { ApiError } from './http/api-error.js';
import { actAsCaller } from './services/acting-user.js';
import { errorMiddleware } from './http/error.middleware.js';
import { idempotency, type IdempotencyStore } from './http/idempotency.middleware.js';
import { buildOpenApiDocument } from './http/openapi.js';
import { staticWeb } from './http/static-web.js';
import type { Metrics } from './observability/metrics.js';
import { accessLog } from './observability/access-log.js';
import { authController } from './controllers/auth.controller.js';
import { deploymentController } from './controllers/deployment.controller.js';
import { healthController, type Lifecycle } from './controllers/health.controller.js';
import { instanceController } from './controllers/instance.controller.js';
import { operationsController } from './controllers/operations.controller.js';
import { taskController } from './controllers/task.controller.js';
import type { AuthService } from './services/auth.service.js';
import type { ClockService } from './services/clock.service.js';
import type { DeploymentService } from './services/deployment.service.js';
import type { EventService } from './services/event.service.js';
import type { InstanceService } from './services/instance.service.js';
import type { OperationsService } from './services/operations.service.js';
import type { TaskService } from './services/task.service.js';
import type { HealthProbe } from './services/ports.js';

export interface AppServices {
  readonly auth: AuthService;
  readonly deployments: DeploymentService;
  readonly instances: InstanceService;
  readonly tasks: TaskService;
  readonly events: EventService;
  readonly operations: OperationsService;
  /** Present only with the manual clock. */
  readonly clock?: ClockService;
}

export interface AppOptions {
  readonly services: AppServices;
  readonly tokens: TokenService;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly probe: HealthProbe;
  /** Enables the `Idempotency-Key` header on POST / PUT / DELETE. */
  readonly idempotency?: IdempotencyStore;
  /** The timer queue, when this process uses one. */
  readonly queueProbe?: HealthProbe;
  readonly lifecycle: Lifecycle;
  /** Largest JSON body in bytes (larger → 413). */
  readonly bodyLimitBytes: number;
  /** Folder of the web build; served at `/` when it holds an index.html. */
  readonly webDist?: string;
  /** Login attempts per IP per minute. */
  readonly loginRateLimit: number;
  /** Login-free routers mounted before the API and the web app (e.g. the public case page `/case/:token`). */
  readonly publicRouters?: readonly RequestHandler[];
  /** Further API routers; mounted after authentication, so every route in them needs a bearer token. */
  readonly apiRouters?: readonly RequestHandler[];
  /** Extra admin-only routers mounted under /admin (e.g. the queue dashboard). */
  readonly adminRouters?: readonly { readonly path: string; readonly router: RequestHandler }[];
  readonly version: string;
}

/** The Express application: controllers over services, one error middleware at the end. */
export function createApp(options: AppOptions): Express {
  const { services, logger, metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(helmet());
  app.use(metrics.middleware());
  app.use(accessLog(logger));
  // Draining (SIGTERM): answer what arrives, but tell keep-alive clients to reconnect elsewhere.
  app.use((_req, res, next) => {
    if (options.lifecycle.draining) res.setHeader('Connection', 'close');
    next();
  });
  app.use(healthController(options.probe, options.lifecycle, metrics, options.queueProbe));

  app.use('/api', express.json({ limit: options.bodyLimitBytes, strict: true }));
  const openapi = buildOpenApiDocument(options.version);
  app.get(ApiPath.openapi, (_req, res) => {
    res.json(openapi);
  });
  const authenticated = requireAuth(options.tokens);
  const loginLimiter = rateLimit({
    windowMs: 60_000,
    limit: options.loginRateLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => {
      next(new ApiError('RATE_LIMITED', 'too many login attempts, retry later'));
    },
  });
  for (const router of options.publicRouters ?? []) app.use(router);
  app.use(authController(services.auth, authenticated, loginLimiter));
  app.use('/api', authenticated);
  // Engine history written while serving a request names the caller (A1: who).
  app.use('/api', actAsCaller());
  if (options.idempotency) app.use('/api', idempotency(options.idempotency));
  app.use(deploymentController(services.deployments, { fileBytes: options.bodyLimitBytes, files: 50 }));
  app.use(instanceController(services.instances));
  app.use(taskController(services.tasks));
  app.use(operationsController(services.events, services.operations, services.clock));
  for (const router of options.apiRouters ?? []) app.use(router);
  app.use('/api', () => {
    throw new ApiError('NOT_FOUND', 'no such route');
  });
  for (const admin of options.adminRouters ?? []) app.use(admin.path, authenticated, requireRole('admin'), admin.router);

  const web = options.webDist ? staticWeb(options.webDist) : undefined;
  if (web) app.use(web);
  app.use(errorMiddleware(logger));
  return app;
}
