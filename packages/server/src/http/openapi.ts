import { z } from 'zod';
import { ErrorBody, routes, type RouteSpec } from '@zhifa/api-types';
import { statusOfCode } from './error-status.js';

type JsonSchema = Record<string, unknown>;

/** Shared schemas (recursive ones like JsonValue) collected while converting; become components.schemas. */
const shared: Record<string, unknown> = {};

/**
 * zod emits local `definitions` with `#/definitions/X` refs, which OpenAPI resolves from the document root:
 * move them to components.schemas and point the refs there.
 */
function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json: Record<string, unknown> = { ...z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) };
  delete json['$schema'];
  const definitions = json['definitions'];
  delete json['definitions'];
  if (typeof definitions === 'object' && definitions !== null) {
    for (const [name, definition] of Object.entries(definitions)) shared[name] = rewriteRefs(definition);
  }
  const rewritten = rewriteRefs(json);
  return typeof rewritten === 'object' && rewritten !== null && !Array.isArray(rewritten) ? { ...rewritten } : {};
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = key === '$ref' && typeof item === 'string' ? item.replace('#/definitions/', '#/components/schemas/') : rewriteRefs(item);
  }
  return out;
}

/** The OpenAPI 3 document, generated from the same zod schemas the server validates with. */
export function buildOpenApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'zhifa API', version, description: 'BPMN workflow engine API' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { ErrorBody: toSchema(ErrorBody, 'output'), ...shared },
    },
    paths,
  };
}

function operation(route: RouteSpec): Record<string, unknown> {
  const parameters: unknown[] = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
    name: m[1], in: 'path', required: true, schema: { type: 'string' },
  }));
  if (route.query) {
    const schema = toSchema(route.query, 'input');
    const raw = schema['properties'];
    const properties = typeof raw === 'object' && raw !== null ? raw : {};
    for (const [name, prop] of Object.entries(properties)) parameters.push({ name, in: 'query', required: false, schema: prop });
  }
  const errorRef = { content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } };
  const responses: Record<string, unknown> = {
    [String(route.status ?? 200)]: { description: 'OK', content: { [route.produces ?? 'application/json']: { schema: toSchema(route.response, 'output') } } },
  };
  for (const status of new Set(Object.values(statusOfCode))) responses[String(status)] = { description: 'error', ...errorRef };
  const content: Record<string, unknown> = {};
  if (route.body) content['application/json'] = { schema: toSchema(route.body, 'input') };
  if (route.textBody) content[route.textBody] = { schema: { type: 'string' } };
  if (route.multipart) {
    const binary = { type: 'string', format: 'binary' };
    const fields = Object.entries(route.multipart).map(([name, kind]) => [name, kind === 'text' ? { type: 'string' } : kind === 'file' ? binary : { type: 'array', items: binary }]);
    content['multipart/form-data'] = { schema: { type: 'object', properties: Object.fromEntries(fields) } };
  }
  return {
    summary: route.summary,
    operationId: `${route.method}${route.path.replace(/[^A-Za-z]+(.)?/g, (_, c?: string) => (c ?? '').toUpperCase())}`,
    ...(route.auth ? { security: [{ bearer: [] }] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(Object.keys(content).length > 0 ? { requestBody: { required: true, content } } : {}),
    responses,
  };
}
