import { Router } from 'express';
import {
  ApiPath, CancelInstanceRequest, ProcessInstanceQuery, SetVariablesRequest, StartInstanceRequest,
} from '@zhifa/api-types';
import { principalOf } from '../auth/principal.js';
import { param, parse } from '../http/validate.js';
import type { InstanceService } from '../services/instance.service.js';

export function instanceController(instances: InstanceService): Router {
  const router = Router();
  router.post(ApiPath.startByKey, async (req, res) => {
    const body = parse(StartInstanceRequest, req.body);
    res.status(201).json(await instances.start(principalOf(res), param(req.params, 'key'), body));
  });
  router.get(ApiPath.processInstances, async (req, res) => {
    const query = parse(ProcessInstanceQuery, req.query, 'query');
    res.json(await instances.list(principalOf(res), query));
  });
  router.get(ApiPath.processInstance, async (req, res) => {
    res.json(await instances.get(principalOf(res), param(req.params, 'id')));
  });
  router.get(ApiPath.processInstanceHistory, async (req, res) => {
    res.json(await instances.history(principalOf(res), param(req.params, 'id')));
  });
  router.delete(ApiPath.processInstance, async (req, res) => {
    // A reason is required, from the body or `?reason=` (some clients send no body with DELETE).
    const body = parse(CancelInstanceRequest, req.body?.reason !== undefined ? req.body : { reason: req.query['reason'] });
    res.json(await instances.cancel(principalOf(res), param(req.params, 'id'), body.reason));
  });
  router.put(ApiPath.processInstanceVariables, async (req, res) => {
    const body = parse(SetVariablesRequest, req.body);
    res.json(await instances.setVariables(principalOf(res), param(req.params, 'id'), body.variables));
  });
  return router;
}
