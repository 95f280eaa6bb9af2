import { Router } from 'express';
import { AdjustDeadlineRequest, ApiPath } from '@zhifa/api-types';
import { principalOf } from '../auth/principal.js';
import { param, parse } from '../http/validate.js';
import type { DeadlineAdjustService } from './deadline-adjust.service.js';

/** `GET /api/tasks/:id/deadline` (due date, provisional flag, trace, timers) and `POST` to pause / resume / extend. */
export function deadlineRouter(service: DeadlineAdjustService): Router {
  const router = Router();
  router.get(ApiPath.taskDeadline, async (req, res) => {
    res.json(await service.view(principalOf(res), param(req.params, 'id')));
  });
  router.post(ApiPath.taskDeadline, async (req, res) => {
    const body = parse(AdjustDeadlineRequest, req.body);
    res.json(await service.adjust(principalOf(res), param(req.params, 'id'), body));
  });
  return router;
}
