/** The `expect` vocabulary of the conformance corpus, checked against an observation. */
import type { JsonValue } from '@zhifa/engine';

export interface Expect {
  readonly active?: readonly string[];
  readonly scopes?: readonly string[];
  readonly completed?: readonly string[];
  readonly notCompleted?: readonly string[];
  readonly notActivated?: readonly string[];
  readonly completedCount?: Readonly<Record<string, number>>;
  readonly takenFlows?: Readonly<Record<string, number>>;
  readonly passedInOrder?: readonly string[];
  readonly ended?: boolean;
  readonly instances?: Readonly<Record<string, number>>;
  readonly instancesStarted?: Readonly<Record<string, number>>;
  readonly calledProcesses?: readonly string[];
  readonly variables?: Readonly<Record<string, JsonValue>>;
  readonly variablesAt?: Readonly<Record<string, Readonly<Record<string, JsonValue>>>>;
  readonly userTasks?: readonly ({ readonly id: string } & Readonly<Record<string, JsonValue>>)[];
  readonly subscriptions?: { readonly message?: readonly string[]; readonly signal?: readonly string[]; readonly timers?: number; readonly conditional?: number };
  readonly error?: { readonly atElement: string; readonly kind: string };
}

export interface Observed {
  readonly active: string[];
  readonly scopes: string[];
  readonly completed: Map<string, number>;
  readonly activated: Set<string>;
  readonly takenFlows: Map<string, number>;
  readonly order: string[];
  ended: boolean;
  readonly instances: Map<string, number>;
  readonly instancesStarted: Map<string, number>;
  readonly calledProcesses: string[];
  variables: Record<string, JsonValue>;
  readonly variablesAt: Map<string, Record<string, JsonValue>>;
  readonly userTasks: { id: string; assignee?: string; name?: string }[];
  readonly subscriptions: { message: string[]; signal: string[]; timers: number; conditional: number };
  readonly incidentElements: string[];
  readonly actionError: string | undefined;
}

export function checkExpectations(e: Expect, o: Observed): string[] {
  const p: string[] = [];
  if (e.active && !sameMultiset(e.active, o.active)) p.push(`active ${show(o.active)} ≠ ${show(e.active)}`);
  if (e.scopes && !sameMultiset([...new Set(e.scopes)], [...new Set(o.scopes)])) p.push(`scopes ${show(o.scopes)} ≠ ${show(e.scopes)}`);
  for (const id of e.completed ?? []) if (!o.completed.has(id)) p.push(`'${id}' not completed`);
  for (const id of e.notCompleted ?? []) if (o.completed.has(id)) p.push(`'${id}' completed`);
  for (const id of e.notActivated ?? []) if (o.activated.has(id)) p.push(`'${id}' activated`);
  for (const [id, n] of Object.entries(e.completedCount ?? {})) if ((o.completed.get(id) ?? 0) !== n) p.push(`'${id}' completed ${o.completed.get(id) ?? 0}× ≠ ${n}`);
  for (const [id, n] of Object.entries(e.takenFlows ?? {})) if ((o.takenFlows.get(id) ?? 0) !== n) p.push(`flow '${id}' taken ${o.takenFlows.get(id) ?? 0}× ≠ ${n}`);
  if (e.passedInOrder) {
    const wanted = new Set(e.passedInOrder);
    const got = o.order.filter((id) => wanted.has(id));
    if (show(got) !== show(e.passedInOrder)) p.push(`order ${show(got)} ≠ ${show(e.passedInOrder)}`);
  }
  if (e.ended !== undefined && e.ended !== o.ended) p.push(`ended ${o.ended} ≠ ${e.ended}`);
  for (const [id, n] of Object.entries(e.instances ?? {})) if ((o.instances.get(id) ?? 0) !== n) p.push(`instances of '${id}' ${o.instances.get(id) ?? 0} ≠ ${n}`);
  for (const [id, n] of Object.entries(e.instancesStarted ?? {})) if ((o.instancesStarted.get(id) ?? 0) !== n) p.push(`started '${id}' ${o.instancesStarted.get(id) ?? 0} ≠ ${n}`);
  if (e.calledProcesses && !sameMultiset([...new Set(e.calledProcesses)], [...new Set(o.calledProcesses)])) p.push(`called ${show(o.calledProcesses)} ≠ ${show(e.calledProcesses)}`);
  if (e.variables) p.push(...subset('variables', e.variables, o.variables));
  for (const [id, vars] of Object.entries(e.variablesAt ?? {})) {
    const at = o.variablesAt.get(id);
    if (!at) p.push(`nothing waits at '${id}' for variablesAt`);
    else p.push(...subset(`variables at '${id}'`, vars, at));
  }
  if (e.userTasks) {
    const keys = new Set(e.userTasks.flatMap((t) => Object.keys(t)));
    const pick = (t: Record<string, unknown>) => JSON.stringify([...keys].sort().map((k) => [k, t[k] ?? null]));
    if (!sameMultiset(e.userTasks.map(pick), o.userTasks.map(pick))) p.push(`userTasks ${JSON.stringify(o.userTasks)} ≠ ${JSON.stringify(e.userTasks)}`);
  }
  const s = e.subscriptions;
  if (s?.message && !sameMultiset(s.message, o.subscriptions.message)) p.push(`message subscriptions ${show(o.subscriptions.message)} ≠ ${show(s.message)}`);
  if (s?.signal && !sameMultiset(s.signal, o.subscriptions.signal)) p.push(`signal subscriptions ${show(o.subscriptions.signal)} ≠ ${show(s.signal)}`);
  if (s?.timers !== undefined && s.timers !== o.subscriptions.timers) p.push(`timers ${o.subscriptions.timers} ≠ ${s.timers}`);
  if (s?.conditional !== undefined && s.conditional !== o.subscriptions.conditional) p.push(`conditional ${o.subscriptions.conditional} ≠ ${s.conditional}`);
  if (e.error && !o.incidentElements.includes(e.error.atElement) && !(o.actionError ?? '').includes(e.error.atElement)) {
    p.push(`no failure at '${e.error.atElement}' (incidents at ${show(o.incidentElements)}${o.actionError ? `, error ${o.actionError}` : ''})`);
  }
  return p;
}

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  return show([...a].sort()) === show([...b].sort());
}

function show(list: readonly string[]): string {
  return JSON.stringify(list);
}

function subset(what: string, expected: Readonly<Record<string, JsonValue>>, actual: Readonly<Record<string, JsonValue>>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(expected)) {
    if (!jsonEqual(v, actual[k])) out.push(`${what}.${k} = ${JSON.stringify(actual[k])} ≠ ${JSON.stringify(v)}`);
  }
  return out;
}

function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}
