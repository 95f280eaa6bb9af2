import { Router } from 'express';
import type { Metrics } from '../observability/metrics.js';
import type { HealthProbe } from '../services/ports.js';

/** What readiness depends on besides the database answering. */
export interface Lifecycle {
  migrating: boolean;
  draining: boolean;
}

const PROBE_TIMEOUT_MS = 2_000;

/**
 * `/healthz` (process alive), `/readyz` (may receive traffic: database reachable, not migrating or
 * draining; a lost timer queue only makes it `degraded` — the API keeps working and the reconciler catches
 * up), `/metrics` (Prometheus).
 */
export function healthController(probe: HealthProbe, lifecycle: Lifecycle, metrics: Metrics, queueProbe?: HealthProbe): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const database = lifecycle.migrating || lifecycle.draining ? false : await answers(probe);
    const ready = database && !lifecycle.migrating && !lifecycle.draining;
    const queue = queueProbe ? ((await answers(queueProbe)) ? 'ok' : 'down') : 'none';
    if (!ready) res.setHeader('Retry-After', '5');
    res.status(ready ? 200 : 503).json({
      ready,
      status: !ready ? 'unavailable' : queue === 'down' ? 'degraded' : 'ok',
      database,
      queue,
      migrating: lifecycle.migrating,
      draining: lifecycle.draining,
    });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}

async function answers(probe: HealthProbe): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([probe.ping().then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
