import { FeelDate, FeelDateTime, FeelDuration, FeelTime, dateAndTime, duration, parseDate, time, toFeel } from 'feelin';
import type { DmnItemDefinition } from './model.js';

/** Variables nested deeper than this are refused (a guard against hostile or cyclic input). */
const MAX_DEPTH = 64;

function isFeelTemporal(value: unknown): value is FeelDate | FeelTime | FeelDateTime | FeelDuration {
  return value instanceof FeelDate || value instanceof FeelTime || value instanceof FeelDateTime || value instanceof FeelDuration;
}

/**
 * Copies caller variables into plain data: strings, finite numbers, booleans, null, arrays, plain objects and
 * feelin temporal values. Functions become null so nothing the caller passes in can be invoked from FEEL.
 */
export function toPlainValue(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new Error(`variables are nested deeper than ${MAX_DEPTH} levels`);
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object':
      if (isFeelTemporal(value)) return value;
      if (value instanceof Date) return toFeel(value);
      if (Array.isArray(value)) return value.map((item) => toPlainValue(item, depth + 1));
      // fromEntries defines keys such as `__proto__` as plain own properties.
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlainValue(item, depth + 1)]));
    default:
      return null;
  }
}

/** FEEL type names, plus the XML Schema spellings older models use (TCK 0036: `dateTime`). */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  date: 'date',
  time: 'time',
  'date and time': 'date and time',
  dateTime: 'date and time',
  'days and time duration': 'days and time duration',
  dayTimeDuration: 'days and time duration',
  'years and months duration': 'years and months duration',
  yearMonthDuration: 'years and months duration',
  context: 'context',
  list: 'list',
};

/**
 * The FEEL built-in type a typeRef stands for, following simple item definitions; undefined when it is not
 * checkable (`Any`, unknown names, functions).
 */
export function builtinType(typeRef: string | undefined, items: Readonly<Record<string, DmnItemDefinition>>): string | undefined {
  let name = typeRef?.replace(/^feel:/, '');
  for (let hops = 0; name !== undefined && hops < 16; hops++) {
    const alias = TYPE_ALIASES[name];
    if (alias !== undefined) return alias;
    const item = items[name];
    if (!item) return undefined;
    if (item.isCollection) return 'list';
    if (item.components.length > 0) return 'context';
    name = item.typeRef;
  }
  return undefined;
}

/** Turns ISO text into a temporal value for temporal types (variables arrive as JSON). */
export function coerceTo(value: unknown, type: string | undefined): unknown {
  if (typeof value !== 'string') return value;
  switch (type) {
    case 'date':
      return parseDate(value) ?? value;
    case 'time':
      return time(value) ?? value;
    case 'date and time':
      return dateAndTime(value) ?? value;
    case 'days and time duration':
    case 'years and months duration':
      return /^-?P/.test(value) ? (duration(value) ?? value) : value;
    default:
      return value;
  }
}

export function conformsTo(value: unknown, type: string): boolean {
  if (value === null || value === undefined) return true;
  switch (type) {
    case 'string':
    case 'number':
    case 'boolean':
      return typeof value === type;
    case 'date':
      return value instanceof FeelDate;
    case 'time':
      return value instanceof FeelTime;
    case 'date and time':
      return value instanceof FeelDateTime || value instanceof FeelDate;
    case 'days and time duration':
      return value instanceof FeelDuration && !value.yearsMonths;
    case 'years and months duration':
      return value instanceof FeelDuration && value.yearsMonths;
    case 'list':
      return Array.isArray(value);
    case 'context':
      return typeof value === 'object' && !Array.isArray(value) && !isFeelTemporal(value);
    default:
      return true;
  }
}

/** A short name of a value's kind for error messages. */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (value instanceof FeelDate) return 'date';
  if (value instanceof FeelTime) return 'time';
  if (value instanceof FeelDateTime) return 'date and time';
  if (value instanceof FeelDuration) return value.yearsMonths ? 'years and months duration' : 'days and time duration';
  return typeof value === 'object' ? 'context' : typeof value;
}

/** A short JSON rendering of a value for error messages. */
export function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Structural equality of FEEL values (temporal values by their canonical ISO form). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (isFeelTemporal(a) || isFeelTemporal(b)) {
    return isFeelTemporal(a) && isFeelTemporal(b) && a.constructor === b.constructor && a.iso === b.iso;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameValue(Reflect.get(a, key), Reflect.get(b, key)));
}
