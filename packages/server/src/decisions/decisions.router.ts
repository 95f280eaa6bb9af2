import { Router } from 'express';
import { ApiPath, DecisionDefinitionQuery, EvaluateDecisionQuery, EvaluateDecisionRequest } from '@zhifa/api-types';
import type { Sql } from '@zhifa/store-postgres';
import { param, parse } from '../http/validate.js';
import { PostgresDecisionDefinitionStore, type DecisionDefinitionStore } from './decision-definition.store.js';
import { DecisionsService } from './decisions.service.js';

export type DecisionsRouterDeps =
  /** The server's database (`FeatureContext.db`). */
  | { readonly db: Sql }
  | { readonly store: DecisionDefinitionStore };

/**
 * Decision definitions and "try it" evaluation. Mount it among the authenticated API routers
 * (`FeatureRouters.api`): every route needs a logged-in user, any role.
 */
export function createDecisionsRouter(deps: DecisionsRouterDeps): Router {
  const decisions = new DecisionsService('store' in deps ? deps.store : new PostgresDecisionDefinitionStore(deps.db));
  const router = Router();
  router.get(ApiPath.decisionDefinitions, async (req, res) => {
    const query = parse(DecisionDefinitionQuery, req.query, 'query');
    res.json(await decisions.list(query.key));
  });
  router.get(ApiPath.decisionDefinition, async (req, res) => {
    res.json(await decisions.get(param(req.params, 'id')));
  });
  router.get(ApiPath.decisionDefinitionXml, async (req, res) => {
    res.type('application/xml').send(await decisions.xml(param(req.params, 'id')));
  });
  router.post(ApiPath.decisionEvaluateByKey, async (req, res) => {
    const query = parse(EvaluateDecisionQuery, req.query, 'query');
    const body = parse(EvaluateDecisionRequest, req.body);
    res.json(await decisions.evaluate(param(req.params, 'key'), query.version, body.variables));
  });
  return router;
}
