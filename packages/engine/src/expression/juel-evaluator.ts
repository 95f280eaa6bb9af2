import { FORBIDDEN_KEYS, toPlainJson } from './json-value.js';
import { arithmetic, compare, isEmpty, looseEquals, toBoolean, toNumber, typeName } from './juel-coerce.js';
import type { JuelNode } from './juel-parser.js';
import { ExpressionAbort, type StepBudget } from './limits.js';

/** Raised for an identifier that is not a variable; worded like Camunda 7 (PropertyNotFoundException). */
export class UnknownIdentifier extends ExpressionAbort {
  constructor(readonly identifier: string) {
    super(`Cannot resolve identifier '${identifier}'`);
  }
}

export interface JuelScope {
  readonly variables: Readonly<Record<string, unknown>>;
  readonly functions: Readonly<Record<string, (...args: unknown[]) => unknown>>;
  readonly budget: StepBudget;
}

const has = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** Walks the tree; every node visited charges the budget. Variables are read as JSON copies on first use. */
export function evaluateNode(node: JuelNode, scope: JuelScope): unknown {
  scope.budget.charge(1);
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'ident':
      if (!has(scope.variables, node.name) || FORBIDDEN_KEYS.has(node.name)) throw new UnknownIdentifier(node.name);
      return toPlainJson(scope.variables[node.name]) ?? null;
    case 'getVariable': {
      const name = evaluateNode(node.name, scope);
      if (typeof name !== 'string') throw new ExpressionAbort('execution.getVariable needs a string name');
      return has(scope.variables, name) && !FORBIDDEN_KEYS.has(name) ? (toPlainJson(scope.variables[name]) ?? null) : null;
    }
    case 'member':
      return property(evaluateNode(node.object, scope), evaluateNode(node.property, scope));
    case 'call': {
      const fn = has(scope.functions, node.name) ? scope.functions[node.name] : undefined;
      if (typeof fn !== 'function') throw new ExpressionAbort(`unknown function '${node.name}'`);
      const args = node.args.map((arg) => evaluateNode(arg, scope));
      return toPlainJson(fn(...args)) ?? null;
    }
    case 'unary': {
      const value = evaluateNode(node.operand, scope);
      if (node.op === 'empty') return isEmpty(value);
      if (node.op === '!') return !toBoolean(value);
      return value === null ? 0 : -toNumber(value);
    }
    case 'binary':
      return binary(node, scope);
    case 'ternary':
      return toBoolean(evaluateNode(node.test, scope)) ? evaluateNode(node.then, scope) : evaluateNode(node.otherwise, scope);
    default: {
      const never: never = node;
      throw new ExpressionAbort(`unsupported node ${JSON.stringify(never)}`);
    }
  }
}

function binary(node: Extract<JuelNode, { type: 'binary' }>, scope: JuelScope): unknown {
  const left = evaluateNode(node.left, scope);
  switch (node.op) {
    case '&&':
      return toBoolean(left) && toBoolean(evaluateNode(node.right, scope));
    case '||':
      return toBoolean(left) || toBoolean(evaluateNode(node.right, scope));
    default:
      break;
  }
  const right = evaluateNode(node.right, scope);
  switch (node.op) {
    case '==':
      return looseEquals(left, right);
    case '!=':
      return !looseEquals(left, right);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(node.op, left, right);
    default:
      return arithmetic(node.op, left, right);
  }
}

/** `a.b` / `a[k]`: own properties of objects, list indexes, `length` of lists and strings; null base → null. */
function property(base: unknown, key: unknown): unknown {
  if (base === null || base === undefined) return null;
  const name = typeof key === 'number' ? String(key) : key;
  if (typeof name !== 'string') throw new ExpressionAbort(`cannot use ${typeName(key)} as a property name`);
  if (FORBIDDEN_KEYS.has(name)) throw new ExpressionAbort(`property '${name}' is not accessible`);
  if (Array.isArray(base)) {
    if (name === 'length') return base.length;
    const index = toNumber(key);
    if (!Number.isInteger(index)) throw new ExpressionAbort(`list index '${name}' is not an integer`);
    return index >= 0 && index < base.length ? (base[index] ?? null) : null;
  }
  if (typeof base === 'string') {
    if (name === 'length') return base.length;
    throw new ExpressionAbort(`property '${name}' not found on a string`);
  }
  if (typeof base === 'object') return has(base, name) ? (Reflect.get(base, name) ?? null) : null;
  throw new ExpressionAbort(`property '${name}' not found on ${typeName(base)}`);
}
