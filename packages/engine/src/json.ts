/** JSON-safe values: what instance state, variables and records are made of. */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Deep-copies a value through JSON, dropping functions/undefined (variables from callers may hold them). */
export function toJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  if (text === undefined) return null;
  const parsed: JsonValue = JSON.parse(text);
  return parsed;
}

/** Copies a record of variables into JSON values. */
export function toJsonObject(value: Readonly<Record<string, unknown>> | undefined): JsonObject {
  const out: JsonObject = {};
  if (!value) return out;
  for (const [key, item] of Object.entries(value)) out[key] = toJson(item);
  return out;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
