import type { z } from 'zod';
import { invalidInput } from './api-error.js';

/** Parses input at the edge; a failure is a 400 listing each problem with its path. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'params' = 'body'): z.output<S> {
  // zod's record() silently accepts an own `__proto__` key (JSON.parse creates one): refuse it anywhere.
  if (hasPrototypeKey(input, 0)) throw invalidInput(`invalid ${where}: '__proto__' is not an allowed key`);
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  throw invalidInput(`invalid ${where}: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}`, { issues });
}

/** A route parameter as a string (Express 5 types params as string | string[]). */
export function param(params: Readonly<Record<string, string | string[] | undefined>>, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) throw invalidInput(`bad path parameter '${name}'`);
  return value;
}

const MAX_DEPTH = 64;

function hasPrototypeKey(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth > MAX_DEPTH) throw invalidInput('input nested too deeply');
  if (Array.isArray(value)) return value.some((item) => hasPrototypeKey(item, depth + 1));
  if (Object.hasOwn(value, '__proto__')) return true;
  return Object.values(value).some((item) => hasPrototypeKey(item, depth + 1));
}
