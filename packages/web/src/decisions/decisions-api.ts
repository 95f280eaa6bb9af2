import {
  ApiPath, type DecisionDefinition, type DecisionEvaluation, type DecisionInputColumn, type DecisionSummary, type Deployment, type MatchedRule,
} from '@zhifa/api-types';
import { ApiError, apiJson } from '../app/api-client.js';
import { clearSession, loadSession } from '../app/session.js';

/** The decisions routes (issue 10); their shapes are the zod schemas of `@zhifa/api-types`. */
export type { DecisionDefinition, DecisionEvaluation, DecisionInputColumn, DecisionSummary, MatchedRule };

async function send(path: string, init: { readonly method?: 'GET' | 'POST'; readonly body?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = loadSession()?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  if (response.ok) return response;
  const text = await response.text();
  let error: unknown;
  try {
    const parsed: unknown = JSON.parse(text);
    error = typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'error') : undefined;
  } catch {
    // not JSON: the raw text is the message
  }
  if (response.status === 401) {
    clearSession();
    window.dispatchEvent(new CustomEvent('zhifa:unauthenticated'));
  }
  const field = (name: string): unknown => (typeof error === 'object' && error !== null ? Reflect.get(error, name) : undefined);
  const code = field('code');
  const message = field('message');
  throw new ApiError(response.status, typeof code === 'string' ? code : `HTTP_${response.status}`, typeof message === 'string' ? message : text, field('details'));
}

export async function listDecisionDefinitions(): Promise<DecisionDefinition[]> {
  return (await send('/api/decision-definitions')).json();
}

export async function getDecisionDefinition(id: string): Promise<DecisionDefinition> {
  return (await send(`/api/decision-definitions/${encodeURIComponent(id)}`)).json();
}

export async function getDecisionXml(id: string): Promise<string> {
  return (await send(`/api/decision-definitions/${encodeURIComponent(id)}/xml`)).text();
}

export async function evaluateDecision(decisionId: string, version: number, variables: Readonly<Record<string, unknown>>): Promise<DecisionEvaluation> {
  const path = `/api/decisions/key/${encodeURIComponent(decisionId)}/evaluate?version=${version}`;
  return (await send(path, { method: 'POST', body: { variables } })).json();
}

/** Deploys one `.dmn` file; a 422 carries `details.problems[]` naming rules, columns or the table. */
export async function deployDmn(resourceName: string, xml: string): Promise<Deployment> {
  return apiJson<Deployment>(ApiPath.deployments, { method: 'POST', body: { name: resourceName, resources: [{ name: resourceName, content: xml }] } });
}
