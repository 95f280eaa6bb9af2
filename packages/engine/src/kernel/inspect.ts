/** Read-only views of instance state (what is waiting, which scopes are open, what a task sees). */
import { isJsonObject, type JsonValue } from '../json.js';
import type { CompiledProcess } from '../model/model.js';
import { SCOPE_TYPES, WAITING_TYPES } from '../model/registry.js';
import type { ElementInstance, InstanceState } from './types.js';


/** Leaf element instances waiting for the outside world: tasks and catch events. */
export function waitingElements(state: InstanceState, model: CompiledProcess): ElementInstance[] {
  if (state.status !== 'active') return [];
  return Object.values(state.elements).filter((e) => {
    if (e.role === 'mi-body' || e.role === 'process' || (e.status !== 'waiting' && e.status !== 'failed')) return false;
    const type = model.nodes[e.elementId]?.type;
    return type !== undefined && WAITING_TYPES.has(type);
  });
}

/** Open subprocess, event-subprocess and call-activity instances. */
export function openScopes(state: InstanceState, model: CompiledProcess): ElementInstance[] {
  if (state.status !== 'active') return [];
  return Object.values(state.elements).filter((e) => {
    if (e.role === 'mi-body' || e.role === 'process') return false;
    const type = model.nodes[e.elementId]?.type;
    return type !== undefined && SCOPE_TYPES.has(type);
  });
}

/** Variables visible from an element instance (inner scopes shadow outer ones). */
export function visibleVariables(state: InstanceState, elementInstanceId: string): Record<string, JsonValue> {
  const chain: Record<string, JsonValue>[] = [];
  let current: ElementInstance | undefined = state.elements[elementInstanceId];
  while (current) {
    if (current.variables) chain.push(current.variables);
    current = current.parentId === null ? undefined : state.elements[current.parentId];
  }
  const out: Record<string, JsonValue> = {};
  for (let i = chain.length - 1; i >= 0; i--) Object.assign(out, chain[i]);
  return out;
}

/** Process-level variables. */
export function processVariables(state: InstanceState): Record<string, JsonValue> {
  return { ...(state.elements[state.id]?.variables ?? {}) };
}

/** Reads stored instance state back (as written by the Engine); throws on something else. */
export function readInstanceState(json: unknown): InstanceState {
  if (!isInstanceState(json)) throw new Error('not an instance state document');
  return json;
}

function isInstanceState(value: unknown): value is InstanceState {
  return isJsonObject(value) && value.schema === 1 && typeof value.id === 'string' && isJsonObject(value.elements) && isJsonObject(value.subscriptions);
}
