import { z } from 'zod';

/** Variable names the engine keeps for itself or that reach into object prototypes. */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
/** Letters (any script, so 当事人 works), digits and `_`; not starting with a digit, `_` or `$` (system). */
const NAME_PATTERN = /^[\p{L}][\p{L}\p{N}_]*$/u;
export const MAX_VARIABLE_NAME_LENGTH = 64;

export function isAllowedVariableName(name: string): boolean {
  return !FORBIDDEN_NAMES.has(name) && name.length <= MAX_VARIABLE_NAME_LENGTH && NAME_PATTERN.test(name);
}

export const VariableName = z
  .string()
  .max(MAX_VARIABLE_NAME_LENGTH)
  .refine(isAllowedVariableName, { message: 'reserved or invalid variable name' });

/** Object keys inside values: anything but the ones that reach into prototypes. */
const SafeKey = z.string().max(200).refine((key) => !FORBIDDEN_NAMES.has(key), { message: 'forbidden key' });

/** JSON values only: no functions, no undefined, no prototype keys at any depth. */
export const JsonValue: z.ZodType<unknown> = z
  .lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(SafeKey, JsonValue)]))
  .meta({ id: 'JsonValue', description: 'Any JSON value' });

/** Process variables: names checked here at the edge, values JSON. */
export const Variables = z.record(VariableName, JsonValue);
export type Variables = z.infer<typeof Variables>;

export const Id = z.string().min(1).max(200);
export const IsoDateTime = z.string().describe('ISO 8601 date-time');
