import { ApiPath, type Deployment } from '@zhifa/api-types';
import { ApiError, apiJson } from '../app/api-client.js';
import { clearSession, loadSession } from '../app/session.js';

/**
 * The decisions routes (issue 10). They are not in `@zhifa/api-types`' `ApiPath` yet, so this client takes
 * plain paths; the shapes mirror `packages/server/src/decisions/decision.types.ts`.
 */
export interface DecisionInputColumn {
  readonly id: string;
  readonly label: string | null;
  readonly expression: string;
  readonly typeRef: string | null;
  readonly inputValues: string | null;
}

export interface DecisionSummary {
  readonly id: string;
  readonly name: string;
  readonly table: {
    readonly id: string;
    readonly hitPolicy: string;
    readonly inputs: readonly DecisionInputColumn[];
    readonly outputs: readonly { readonly id: string; readonly name: string | null; readonly label: string | null }[];
    readonly annotationColumns: readonly string[];
  } | null;
}

export interface DecisionDefinition {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly version: number;
  readonly deployedAt: string;
  readonly deploymentId: string;
  readonly resourceName: string | null;
  readonly decisions: readonly DecisionSummary[];
  readonly problem: string | null;
}

export interface MatchedRule {
  readonly decisionId: string;
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly annotations: Readonly<Record<string, string>>;
  readonly outputs: unknown;
}

export interface DecisionEvaluation {
  readonly result: unknown;
  readonly matchedRules: readonly MatchedRule[];
  readonly decisionVersion: number;
  readonly decisionId: string;
  readonly decisionName: string;
}

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
