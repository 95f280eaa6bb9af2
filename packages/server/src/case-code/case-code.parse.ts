import type { AppliedBenchmark, CaseCodeJson, CaseStep } from './case-code.types.js';

/**
 * Runtime checks for data that arrives untyped: process variables handed to the decision hook, and jsonb columns.
 * Each returns null when the value does not have the expected shape.
 */

export function isCaseCodeJson(value: unknown, depth = 0): value is CaseCodeJson {
  if (depth > 20) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isCaseCodeJson(item, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).every((item) => isCaseCodeJson(item, depth + 1));
  }
  return false;
}

/** A plain JSON object (not an array, not a class instance). */
export function isCaseCodeJsonObject(value: unknown): value is { readonly [key: string]: CaseCodeJson } {
  return isObject(value) && Object.getPrototypeOf(value) === Object.prototype && isCaseCodeJson(value);
}

function field(value: object, key: string): unknown {
  return Object.hasOwn(value, key) ? Reflect.get(value, key) : undefined;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses the discretion benchmark applied (e.g. the process variable the business rule task wrote). */
export function parseAppliedBenchmark(value: unknown): AppliedBenchmark | null {
  if (!isObject(value)) return null;
  const tableName = field(value, 'tableName');
  const decisionId = field(value, 'decisionId');
  const version = field(value, 'version');
  const ruleId = field(value, 'ruleId');
  const ruleIndex = field(value, 'ruleIndex');
  const legalBasis = field(value, 'legalBasis') ?? null;
  const outputs = field(value, 'outputs') ?? {};
  if (typeof tableName !== 'string' || typeof decisionId !== 'string' || typeof ruleId !== 'string') return null;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return null;
  if (typeof ruleIndex !== 'number' || !Number.isInteger(ruleIndex) || ruleIndex < 0) return null;
  if (legalBasis !== null && typeof legalBasis !== 'string') return null;
  if (!isCaseCodeJsonObject(outputs)) return null;
  return { tableName, decisionId, version, ruleId, ruleIndex, legalBasis, outputs: { ...outputs } };
}

export function parseCaseSteps(value: unknown): CaseStep[] | null {
  if (!Array.isArray(value)) return null;
  const steps: CaseStep[] = [];
  for (const item of value) {
    if (!isObject(item)) return null;
    const activityName = field(item, 'activityName');
    const completedAt = field(item, 'completedAt');
    if (typeof activityName !== 'string' || typeof completedAt !== 'string' || Number.isNaN(Date.parse(completedAt))) {
      return null;
    }
    steps.push({ activityName, completedAt });
  }
  return steps;
}

export function parseStringList(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  const strings = value.filter((item): item is string => typeof item === 'string');
  return strings.length === value.length ? strings : null;
}
