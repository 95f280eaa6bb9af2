import { Router } from 'express';
import { ApiPath, CompleteTaskRequest, TaskQuery } from '@zhifa/api-types';
import { principalOf } from '../auth/principal.js';
import { param, parse } from '../http/validate.js';
import type { TaskService } from '../services/task.service.js';

export function taskController(tasks: TaskService): Router {
  const router = Router();
  router.get(ApiPath.tasks, async (req, res, next) => {
    // ?view=todo|done|started|cc is the inbox (the inbox feature's router, mounted after the core ones).
    if (req.query['view'] !== undefined) {
      next();
      return;
    }
    res.json(await tasks.list(principalOf(res), parse(TaskQuery, req.query, 'query')));
  });
  router.get(ApiPath.task, async (req, res) => {
    res.json(await tasks.get(principalOf(res), param(req.params, 'id')));
  });
  router.post(ApiPath.taskClaim, async (req, res) => {
    res.json(await tasks.claim(principalOf(res), param(req.params, 'id')));
  });
  router.post(ApiPath.taskUnclaim, async (req, res) => {
    res.json(await tasks.unclaim(principalOf(res), param(req.params, 'id')));
  });
  router.post(ApiPath.taskComplete, async (req, res) => {
    const body = parse(CompleteTaskRequest, req.body);
    res.json(await tasks.complete(principalOf(res), param(req.params, 'id'), body.variables, { outcome: body.outcome, opinion: body.opinion }));
  });
  return router;
}
