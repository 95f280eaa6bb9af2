/**
 * Definition-level triggers: timer start events (timer rows without an instance) and message/signal start
 * events (subscriptions without an instance). Armed for the latest version of a process at deploy; the
 * previous version's are removed.
 */
import { firstOccurrence } from '../kernel/timer-math.js';
import { evaluateString } from './expression-helpers.js';
import type { CompiledProcess } from '../model/model.js';
import type { DefinitionRecord, ProjectionChanges, SubscriptionRecord, TimerRecord } from '../ports.js';

export interface StartTriggers {
  readonly timers: TimerRecord[];
  readonly subscriptions: SubscriptionRecord[];
}

export function startTriggers(def: DefinitionRecord, model: CompiledProcess, now: Date, newId: () => string): StartTriggers {
  const timers: TimerRecord[] = [];
  const subscriptions: SubscriptionRecord[] = [];
  const base = { definitionId: def.id, processId: def.processId };
  for (const startId of model.scopes[model.id]?.starts ?? []) {
    const event = model.nodes[startId]?.event;
    if (event?.kind === 'timer') {
      const value = evaluateString(event.timer.expr);
      const occurrence = value === undefined ? undefined : firstOccurrence(event.timer.kind, value, now);
      if (occurrence && !('error' in occurrence)) timers.push({ id: newId(), ...base, elementId: startId, ...occurrence });
    } else if (event?.kind === 'message' || event?.kind === 'signal') {
      subscriptions.push({ id: newId(), kind: event.kind, ...base, elementId: startId, name: event.name });
    }
  }
  return { timers, subscriptions };
}

type Rows<T> = { upsert: T[]; delete: string[] };

/** A `ProjectionChanges` under construction. */
export interface MutableChanges extends ProjectionChanges {
  readonly tasks: Rows<ProjectionChanges['tasks']['upsert'][number]>;
  readonly timers: Rows<TimerRecord>;
  readonly subscriptions: Rows<SubscriptionRecord>;
  readonly jobs: Rows<ProjectionChanges['jobs']['upsert'][number]>;
  readonly incidents: Rows<ProjectionChanges['incidents']['upsert'][number]>;
}

export function emptyChanges(): MutableChanges {
  return {
    tasks: { upsert: [], delete: [] },
    timers: { upsert: [], delete: [] },
    subscriptions: { upsert: [], delete: [] },
    jobs: { upsert: [], delete: [] },
    incidents: { upsert: [], delete: [] },
  };
}
