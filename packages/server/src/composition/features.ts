/**
 * The product's feature modules (case codes, …) composed around the core server. Each feature lives in its
 * own folder with a router factory; this file is the one place that decides which are on by default.
 */
import { requireRole } from '../auth/auth.middleware.js';
import { principalOf } from '../auth/principal.js';
import { loadOrCreateNamedSecret } from '../data-dir.js';
import { CaseCodeService, createCaseCodeAdminRouter, createCaseCodeRouter, PostgresCaseCodeRepository } from '../case-code/index.js';
import { createDecisionsRouter } from '../decisions/index.js';
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

/** 一案一码: the public case page and QR codes (no login) and admin revocation. */
export function caseCodeFeature(context: FeatureContext): FeatureRouters & { service: CaseCodeService } {
  const secret = loadOrCreateNamedSecret(context.dataDir, 'case-code-secret', process.env['ZHIFA_LINK_SECRET']);
  const publicBaseUrl = process.env['ZHIFA_PUBLIC_URL'] ?? `http://localhost:${process.env['PORT'] ?? '3000'}`;
  const repository = new PostgresCaseCodeRepository({ query: (text, values) => context.db.execute(text, values) }, context.schema);
  const service = new CaseCodeService({ repository, keys: [{ kid: 'k1', secret }], now: () => context.clock.now() });
  return {
    service,
    public: [createCaseCodeRouter({ service, publicBaseUrl })],
    api: [createCaseCodeAdminRouter({ service, publicBaseUrl, requireAdmin: requireRole('admin'), actorOf: (_req, res) => principalOf(res).id })],
  };
}

/** The features every `startZhifa` gets unless told otherwise. */
export async function defaultFeatures(context: FeatureContext): Promise<FeatureRouters> {
  return combineFeatures([caseCodeFeature(context), { api: [createDecisionsRouter({ db: context.db })] }]);
}
