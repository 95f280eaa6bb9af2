/**
 * An in-memory engine whose whole durable state (store tables, definitions, clock, id counter) can be
 * written to JSON and loaded into a fresh store and a fresh Engine: a "restart" with nothing carried over
 * in memory (no compiled-model cache, no pending promises).
 */
import { Engine, type DefinitionRecord, type IdGenerator, type JsonObject } from '@zhifa/engine';
import { InMemoryDefinitionRepository, InMemoryInstanceStore, ManualClock } from '@zhifa/testing';

/** Sequential ids whose counter is part of the snapshot (so a restarted engine continues the sequence). */
export class CounterIds implements IdGenerator {
  constructor(public counter = 0) {}
  newId(): string {
    this.counter += 1;
    return `id${this.counter}`;
  }
}

export interface Snapshot {
  readonly now: string;
  readonly idCounter: number;
  readonly definitions: readonly DefinitionRecord[];
  readonly tables: Record<string, unknown>;
}

export interface EngineBox {
  readonly engine: Engine;
  readonly store: InMemoryInstanceStore;
  readonly definitions: InMemoryDefinitionRepository;
  readonly clock: ManualClock;
  readonly ids: CounterIds;
}

export function freshEngine(start: string): EngineBox {
  const store = new InMemoryInstanceStore();
  const definitions = new InMemoryDefinitionRepository();
  const clock = new ManualClock(start);
  const ids = new CounterIds();
  return { engine: new Engine({ store, definitions, clock, ids }), store, definitions, clock, ids };
}

const mapTables = ['instances', 'tasks', 'timers', 'subscriptions', 'jobs', 'incidents', 'outbox'] as const;

/** Everything durable, as a JSON string. */
export async function snapshot(box: EngineBox): Promise<string> {
  const tables: Record<string, unknown> = {};
  for (const name of mapTables) tables[name] = [...box.store[name].entries()];
  tables['firedTimers'] = [...box.store.firedTimers];
  tables['history'] = box.store.history;
  const definitions = [...(await box.definitions.list())].sort((a, b) => a.version - b.version || a.id.localeCompare(b.id));
  const snap: Snapshot = { now: box.clock.now().toISOString(), idCounter: box.ids.counter, definitions, tables };
  return JSON.stringify(snap);
}

/** A brand-new store + Engine loaded from a snapshot string. */
export async function restore(json: string): Promise<EngineBox> {
  const snap = JSON.parse(json) as Snapshot;
  const box = freshEngine(snap.now);
  box.ids.counter = snap.idCounter;
  await box.store.transaction(async (tx) => {
    for (const def of snap.definitions) {
      const { version: _version, ...rest } = def;
      await box.definitions.insert(tx, rest);
    }
  });
  for (const name of mapTables) {
    const rows = snap.tables[name] as [string, never][];
    const table = box.store[name] as Map<string, unknown>;
    for (const [id, row] of rows) table.set(id, row);
  }
  for (const id of snap.tables['firedTimers'] as string[]) box.store.firedTimers.add(id);
  box.store.history.push(...(snap.tables['history'] as never[]));
  return box;
}

/** A canonical dump (keys sorted, rows sorted by id) for comparing two engines. */
export async function normalisedDump(box: EngineBox): Promise<string> {
  const parsed = JSON.parse(await snapshot(box)) as JsonObject;
  return JSON.stringify(canonical(parsed));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    // Map entries ([id, row]) and id-keyed rows are sets: order them by id so insertion order does not matter.
    const keyOf = (v: unknown): string | undefined =>
      Array.isArray(v) && typeof v[0] === 'string' ? v[0] : typeof v === 'object' && v !== null && 'id' in v && typeof v.id === 'string' && !('seq' in v) ? v.id : undefined;
    if (items.length > 0 && items.every((v) => keyOf(v) !== undefined)) return items.sort((a, b) => (keyOf(a) ?? '').localeCompare(keyOf(b) ?? ''));
    return items;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = canonical((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}
