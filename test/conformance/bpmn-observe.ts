/** Collects what the conformance expectations can ask about, from the in-memory store. */
import { openScopes, processVariables, readInstanceState, visibleVariables, waitingElements } from '@zhifa/engine';
import type { TestEngine } from '@zhifa/testing';
import type { Observed } from './bpmn-expectations.js';

export async function observe(t: TestEngine, mainId: string | undefined, family: readonly string[], actionError: string | undefined): Promise<Observed> {
  const observed: Observed = {
    active: [],
    scopes: [],
    completed: new Map(),
    activated: new Set(),
    takenFlows: new Map(),
    order: [],
    ended: false,
    instances: new Map(),
    instancesStarted: new Map(),
    calledProcesses: [],
    variables: {},
    variablesAt: new Map(),
    userTasks: [],
    subscriptions: { message: [], signal: [], timers: 0, conditional: 0 },
    incidentElements: [],
    actionError,
  };
  for (const instanceId of family) {
    const record = await t.store.findInstance(instanceId);
    if (!record) continue;
    const state = readInstanceState(record.state);
    const model = await t.engine.modelOf(record.definitionId);
    for (const el of waitingElements(state, model)) {
      observed.active.push(el.elementId);
      if (!observed.variablesAt.has(el.elementId)) observed.variablesAt.set(el.elementId, visibleVariables(state, el.id));
    }
    for (const el of openScopes(state, model)) observed.scopes.push(el.elementId);
    if (instanceId === mainId) {
      observed.ended = record.status !== 'active';
      observed.variables = processVariables(state);
    } else {
      observed.calledProcesses.push(record.processId);
    }
    for (const h of await t.store.listHistory(instanceId)) {
      if (h.elementId === undefined) continue;
      if (h.type === 'element.completed') {
        observed.completed.set(h.elementId, (observed.completed.get(h.elementId) ?? 0) + 1);
        if (instanceId === mainId) observed.order.push(h.elementId);
      } else if (h.type === 'element.started') {
        observed.activated.add(h.elementId);
      } else if (h.type === 'flow.taken') {
        observed.takenFlows.set(h.elementId, (observed.takenFlows.get(h.elementId) ?? 0) + 1);
        if (instanceId === mainId) observed.order.push(h.elementId);
      }
    }
    for (const task of await t.store.listTasks({ instanceId })) observed.userTasks.push({ id: task.elementId, assignee: task.assignee, name: task.name });
    for (const incident of await t.store.listIncidents({ instanceId })) observed.incidentElements.push(incident.elementId);
  }
  for (const instance of await t.store.listInstances({})) {
    observed.instancesStarted.set(instance.processId, (observed.instancesStarted.get(instance.processId) ?? 0) + 1);
    if (instance.status === 'active') observed.instances.set(instance.processId, (observed.instances.get(instance.processId) ?? 0) + 1);
  }
  for (const s of await t.store.listSubscriptions()) {
    if (s.kind === 'message' && s.name !== undefined) observed.subscriptions.message.push(s.name);
    else if (s.kind === 'signal' && s.name !== undefined) observed.subscriptions.signal.push(s.name);
    else if (s.kind === 'conditional') observed.subscriptions.conditional += 1;
  }
  observed.subscriptions.timers = (await t.store.listTimers()).length;
  return observed;
}
