export { startZhifa, type StartZhifaOptions, type RunningZhifa, type FeatureContext, type FeatureRouters } from './composition/start-zhifa.js';
export { createApp, type AppOptions, type AppServices } from './app.js';
export { TokenService } from './auth/token.service.js';
export { ManualClock } from './services/manual-clock.js';
export { mapError } from './http/error.middleware.js';
export { isDatabaseUnavailable } from './db/db-unavailable.js';
export { createLogger } from './observability/logger.js';
export { createDecisionsRouter } from './decisions/index.js';
