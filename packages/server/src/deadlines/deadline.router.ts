import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from '../auth/principal.js';
import { param, parse } from '../http/validate.js';
import type { DeadlineAdjustService } from './deadline-adjust.service.js';

const reason = z.string().trim().min(1).max(500);
const AdjustBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('pause'), reason }).strict(),
  z.object({ action: z.literal('resume'), reason }).strict(),
  z
    .object({
      action: z.literal('extend'),
      reason,
      days: z.number().int().min(1).max(3650).optional(),
      until: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
      calendar: z.enum(['calendar', 'working']).optional(),
    })
    .strict()
    .refine((b) => (b.days === undefined) !== (b.until === undefined), { message: 'give exactly one of days or until' }),
]);

/** `GET /api/tasks/:id/deadline` (due date, provisional flag, trace, timers) and `POST` to pause / resume / extend. */
export function deadlineRouter(service: DeadlineAdjustService): Router {
  const router = Router();
  router.get('/api/tasks/:id/deadline', async (req, res) => {
    res.json(await service.view(principalOf(res), param(req.params, 'id')));
  });
  router.post('/api/tasks/:id/deadline', async (req, res) => {
    const body = parse(AdjustBody, req.body);
    res.json(await service.adjust(principalOf(res), param(req.params, 'id'), body));
  });
  return router;
}
