/**
 * The product's feature modules (case codes, …) composed around the core server. Each feature lives in its
 * own folder with a router factory; this file is the one place that decides which are on by default.
 */
import { requireRole } from '../auth/auth.middleware.js';
import { principalOf } from '../auth/principal.js';
import { loadOrCreateNamedSecret } from '../data-dir.js';
import { CaseCodeService, createCaseCodeAdminRouter, createCaseCodeRouter, PostgresCaseCodeRepository } from '../case-code/index.js';
import { createDecisionsRouter } from '../decisions/index.js';
import { taskOperationsRouter } from '../operations/operations.feature.js';
import { inboxFeature } from '../inbox/index.js';
import { directoryFeature } from '../directory/index.js';
import { createMigrationRouter } from '../migration/migration.router.js';
import { createDeadlineFeature, type DeadlineFeature, type DeadlineFeatureOptions } from '../deadlines/deadline-feature.js';
import type { FeatureContext, FeatureRouters } from './start-zhifa.js';

/** Merges feature router sets: public and api routers in order, lifecycle hooks all called. */
export function combineFeatures(parts: readonly FeatureRouters[]): FeatureRouters {
  const fireDue = parts.map((p) => p.fireDue).filter((f): f is NonNullable<typeof f> => f !== undefined);
  return {
    public: parts.flatMap((p) => p.public ?? []),
    api: parts.flatMap((p) => p.api ?? []),
    start: async () => {
      for (const p of parts) await p.start?.();
    },
    close: async () => {
      for (const p of [...parts].reverse()) await p.close?.();
    },
    ...(fireDue.length > 0 && {
      fireDue: async () => {
        let fired = 0;
        for (const f of fireDue) fired += await f();
        return fired;
      },
    }),
  };
}

/** Base of public links (case pages, QR codes): `ZHIFA_PUBLIC_URL`, else this host's port. */
export function publicUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env['ZHIFA_PUBLIC_URL'] ?? `http://localhost:${env['PORT'] ?? '3000'}`;
}

/** 一案一码: the public case page and QR codes (no login) and admin revocation. */
export function caseCodeFeature(context: FeatureContext): FeatureRouters & { service: CaseCodeService } {
  const secret = loadOrCreateNamedSecret(context.dataDir, 'case-code-secret', process.env['ZHIFA_LINK_SECRET']);
  const publicBaseUrl = publicUrl();
  const repository = new PostgresCaseCodeRepository({ query: (text, values) => context.db.execute(text, values) }, context.schema);
  const service = new CaseCodeService({ repository, keys: [{ kid: 'k1', secret }], now: () => context.clock.now() });
  return {
    service,
    public: [createCaseCodeRouter({ service, publicBaseUrl })],
    api: [createCaseCodeAdminRouter({ service, publicBaseUrl, requireAdmin: requireRole('admin'), actorOf: (_req, res) => principalOf(res).id })],
  };
}

/** Where deadline notifications go besides the inbox; from the environment unless given. */
export type DeadlineChannels = Pick<DeadlineFeatureOptions, 'smtp' | 'webhook'>;

/** Deadlines (reminders, escalation), notifications and the working-day calendar API. */
export function deadlineFeature(context: FeatureContext, channels: DeadlineChannels = channelsFromEnv()): DeadlineFeature {
  return createDeadlineFeature({
    db: context.db,
    schema: context.schema,
    engine: context.engine,
    clock: context.clock,
    logger: context.logger,
    databaseUrl: context.databaseUrl,
    ...(context.redisUrl && { redisUrl: context.redisUrl }),
    alarms: !context.manualClock,
    workers: context.workers,
    calendar: context.holidays,
    listener: context.deadlineListener,
    metrics: context.metrics,
    ...channels,
  });
}

/** `ZHIFA_SMTP_HOST/PORT/SECURE/USER/PASS/FROM` and `ZHIFA_WEBHOOK_URL/SECRET/ALLOWED_HOSTS`. */
export function channelsFromEnv(env: NodeJS.ProcessEnv = process.env): DeadlineChannels {
  const smtpHost = env['ZHIFA_SMTP_HOST'];
  const webhookUrl = env['ZHIFA_WEBHOOK_URL'];
  return {
    ...(smtpHost && {
      smtp: {
        host: smtpHost,
        port: Number(env['ZHIFA_SMTP_PORT'] ?? 25),
        secure: env['ZHIFA_SMTP_SECURE'] === 'true',
        from: env['ZHIFA_SMTP_FROM'] ?? 'zhifa@localhost',
        ...(env['ZHIFA_SMTP_USER'] && { auth: { user: env['ZHIFA_SMTP_USER'], pass: env['ZHIFA_SMTP_PASS'] ?? '' } }),
      },
    }),
    ...(webhookUrl && {
      webhook: {
        url: webhookUrl,
        secret: env['ZHIFA_WEBHOOK_SECRET'] ?? '',
        allowedHosts: (env['ZHIFA_WEBHOOK_ALLOWED_HOSTS'] ?? new URL(webhookUrl).host).split(',').map((h) => h.trim()).filter(Boolean),
      },
    }),
  };
}

/** The features every `startZhifa` gets: case codes, deadlines/notifications/calendar, decisions. */
export interface DefaultFeatures {
  readonly routers: FeatureRouters;
  readonly deadlines: DeadlineFeature;
  readonly caseCodes: CaseCodeService;
}

export function defaultFeatures(context: FeatureContext, channels?: DeadlineChannels): DefaultFeatures {
  const caseCodes = caseCodeFeature(context);
  const deadlines = deadlineFeature(context, channels);
  return {
    caseCodes: caseCodes.service,
    deadlines,
    routers: combineFeatures([
      { api: [taskOperationsRouter(context)] },
      caseCodes,
      deadlines.featureRouters,
      { api: [createDecisionsRouter({ db: context.db })] },
      inboxFeature(context, async (task) => (await deadlines.service.stateOf(task))?.state),
      directoryFeature(context),
      { api: [createMigrationRouter({ engine: context.engine })] },
    ]),
  };
}
