import { ApiPath } from '@zhifa/api-types';
import { traceLines } from './deadline-trace.js';
import { callJson, routeOf } from './inbox-api.js';

interface Entry {
  readonly at: number;
  readonly promise: Promise<void>;
  /** The trace lines once loaded; `null` when the server would not give them (no right, no trace). */
  lines?: readonly string[] | null;
}

/** Kept for a minute: a deadline changes when a supervisor extends or pauses it. */
const TTL_MS = 60_000;
const cache = new Map<string, Entry>();

/** The trace of a task if it was loaded already: lines, `null` (unavailable) or undefined (not yet). */
export function cachedTrace(taskId: string): readonly string[] | null | undefined {
  const entry = cache.get(taskId);
  return entry && Date.now() - entry.at < TTL_MS ? entry.lines : undefined;
}

/**
 * Loads the trace once per task (and minute) from `GET /api/inbox/tasks/:id/deadline`, which answers anyone who
 * may see the task (group candidates too, unlike the supervisors' deadline route); concurrent hovers share it.
 */
export function loadTrace(taskId: string): Promise<readonly string[] | null> {
  const existing = cache.get(taskId);
  if (existing && Date.now() - existing.at < TTL_MS) return existing.promise.then(() => existing.lines ?? null);
  const entry: Entry = {
    at: Date.now(),
    promise: callJson<unknown>(routeOf(ApiPath.inboxTaskDeadline, { id: taskId })).then(
      (view) => { const lines = traceLines(view); entry.lines = lines.length > 0 ? lines : null; },
      () => { entry.lines = null; },
    ),
  };
  cache.set(taskId, entry);
  return entry.promise.then(() => entry.lines ?? null);
}

/** Forgets every loaded trace (tests; after an adjustment). */
export function clearTraceCache(): void {
  cache.clear();
}
