/**
 * Migration of a running instance to another version of its process (issue 6 item 3): a pure rewrite of
 * the state document. Every live element instance, subscription and incident is moved to its element in
 * the target (through the mapping, else the same id); an element missing from the target, or of another
 * type there, refuses the whole migration naming it. Projections (tasks, timers, subscriptions) follow from
 * the rewritten state in the caller's unit of work.
 */
import { InvalidInputError } from '../errors.js';
import type { CompiledProcess } from '../model/model.js';
import type { InstanceState } from './types.js';

export interface MigrationInput {
  readonly targetDefinitionId: string;
  /** Old element id → new element id; unmapped ids stay as they are. */
  readonly mapping: Readonly<Record<string, string>>;
}

export interface MigrationResult {
  readonly state: InstanceState;
  /** Element ids that changed, for the audit entry. */
  readonly moved: readonly { readonly from: string; readonly to: string }[];
}

export function migrateState(state: InstanceState, source: CompiledProcess, target: CompiledProcess, input: MigrationInput): MigrationResult {
  if (state.status !== 'active') throw new InvalidInputError(`instance '${state.id}' is ${state.status}; only running instances migrate`);
  if (target.id !== state.processId) {
    throw new InvalidInputError(`the target is process '${target.id}', not a version of '${state.processId}'`, { element: target.id });
  }
  for (const [from, to] of Object.entries(input.mapping)) {
    if (source.nodes[from] === undefined) throw new InvalidInputError(`mapping names '${from}', which is not an element of the current version`, { element: from });
    if (target.nodes[to] === undefined) throw new InvalidInputError(`mapping target '${to}' is not an element of the target version`, { element: to });
  }
  const moved = new Map<string, string>();
  const mapId = (elementId: string): string => {
    if (elementId === source.id) return target.id;
    const to = input.mapping[elementId] ?? elementId;
    const before = source.nodes[elementId];
    const after = target.nodes[to];
    if (!after) throw new InvalidInputError(`active element '${elementId}' has no counterpart in the target version; map it`, { element: elementId });
    if (before && before.type !== after.type) {
      throw new InvalidInputError(`active element '${elementId}' (${before.type}) cannot move to '${to}' (${after.type})`, { element: elementId, target: to });
    }
    if (to !== elementId) moved.set(elementId, to);
    return to;
  };
  const elements = Object.fromEntries(
    Object.entries(state.elements).map(([id, e]) => [
      id,
      {
        ...e,
        elementId: mapId(e.elementId),
        ...(e.task?.previous && { task: { ...e.task, previous: { ...e.task.previous, elementId: input.mapping[e.task.previous.elementId] ?? e.task.previous.elementId } } }),
      },
    ]),
  );
  const subscriptions = Object.fromEntries(Object.entries(state.subscriptions).map(([id, s]) => [id, { ...s, elementId: mapId(s.elementId) }]));
  const incidents = Object.fromEntries(Object.entries(state.incidents).map(([id, i]) => [id, { ...i, elementId: mapId(i.elementId) }]));
  // The trail is history (退回 targets): renamed steps follow the mapping, steps gone from the model stay as they were.
  const trail = state.trail?.map((t) => ({ ...t, elementId: input.mapping[t.elementId] ?? t.elementId }));
  return {
    state: { ...state, definitionId: input.targetDefinitionId, elements, subscriptions, incidents, ...(trail && { trail }) },
    moved: [...moved].map(([from, to]) => ({ from, to })),
  };
}
