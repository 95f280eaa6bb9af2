import { Router } from 'express';
import {
  ApiPath, BroadcastSignalRequest, CompleteJobRequest, CorrelateMessageRequest, FailJobRequest, JobQuery,
  SetClockRequest, TimerQuery,
} from '@zhifa/api-types';
import { principalOf } from '../auth/principal.js';
import { param, parse } from '../http/validate.js';
import type { EventService } from '../services/event.service.js';
import type { OperationsService } from '../services/operations.service.js';
import type { ClockService } from '../services/clock.service.js';

export function operationsController(events: EventService, operations: OperationsService, clock: ClockService | undefined): Router {
  const router = Router();
  router.post(ApiPath.messages, async (req, res) => {
    res.json(await events.correlate(principalOf(res), parse(CorrelateMessageRequest, req.body)));
  });
  router.post(ApiPath.signals, async (req, res) => {
    res.json(await events.broadcast(principalOf(res), parse(BroadcastSignalRequest, req.body)));
  });
  router.get(ApiPath.jobs, async (req, res) => {
    res.json(await operations.listJobs(principalOf(res), parse(JobQuery, req.query, 'query').type));
  });
  router.post(ApiPath.jobComplete, async (req, res) => {
    const body = parse(CompleteJobRequest, req.body);
    res.json(await operations.completeJob(principalOf(res), param(req.params, 'id'), body.variables));
  });
  router.post(ApiPath.jobFail, async (req, res) => {
    res.json(await operations.failJob(principalOf(res), param(req.params, 'id'), parse(FailJobRequest, req.body)));
  });
  router.get(ApiPath.incidents, async (_req, res) => {
    res.json(await operations.listIncidents(principalOf(res)));
  });
  router.post(ApiPath.incidentRetry, async (req, res) => {
    res.json(await operations.retryIncident(principalOf(res), param(req.params, 'id')));
  });
  router.get(ApiPath.timers, async (req, res) => {
    res.json(await operations.listTimers(principalOf(res), parse(TimerQuery, req.query, 'query').processInstanceId));
  });
  // The clock routes exist only with ZHIFA_CLOCK=manual; otherwise they fall through to the 404 handler.
  if (clock) {
    router.get(ApiPath.adminClock, (_req, res) => {
      res.json(clock.get(principalOf(res)));
    });
    router.post(ApiPath.adminClock, async (req, res) => {
      res.json(await clock.set(principalOf(res), parse(SetClockRequest, req.body)));
    });
  }
  return router;
}
