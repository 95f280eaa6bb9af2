/**
 * The kernel entry point: `transition(model, state, command, ctx) → { state, effects, events }`.
 * Deterministic and synchronous: time and ids come from `ctx`; the input state is never mutated.
 */
import { childCompleted, tryInclusiveJoins } from '../behaviors/index.js';
import { ExecutionLimitError, InvalidInputError, StaleStateError } from '../errors.js';
import type { CompiledProcess } from '../model/model.js';
import { activate, completeNow, scopeCheck } from './lifecycle.js';
import { cancel, complete, endInstance, raiseIncident } from './primitives.js';
import { projectInstance, projectionEffects } from './projection.js';
import { MAX_OPERATIONS, Run } from './run.js';
import { evaluateConditions, fire, subscribeEventSubprocesses } from './subscriptions.js';
import { addDuration, parseDuration } from './timer-math.js';
import { throwEvent } from './triggers.js';
import { ccInstance, delegateTask, resolveTask, transferTask, updateTask, urgeTask } from './approval-assign.js';
import { completeUserTask, writeResult } from './approval-complete.js';
import { returnTask, withdraw } from './approval-return.js';
import { addSign, removeSign } from './approval-sign.js';
import type { Command, ElementInstance, InstanceState, KernelContext, TransitionResult } from './types.js';
import { setLocal, setVariables } from './variables.js';

type Of<T extends Command['type']> = Extract<Command, { type: T }>;

/** A fresh, not yet started instance (start it with a `process.start` command). */
export function initialState(input: {
  id: string;
  processId: string;
  definitionId: string;
  startedAt: string;
  businessKey?: string;
  parent?: { instanceId: string; elementInstanceId: string };
  rootInstanceId?: string;
}): InstanceState {
  return {
    schema: 1,
    id: input.id,
    processId: input.processId,
    definitionId: input.definitionId,
    status: 'active',
    rootInstanceId: input.rootInstanceId ?? input.id,
    parent: input.parent,
    businessKey: input.businessKey,
    elements: {},
    subscriptions: {},
    incidents: {},
    seq: 0,
    eventCount: 0,
    startedAt: input.startedAt,
  };
}

export function transition(model: CompiledProcess, state: InstanceState, command: Command, ctx: KernelContext): TransitionResult {
  if (state.status !== 'active') throw new StaleStateError(`instance '${state.id}' has ended`, { instanceId: state.id });
  const before = projectInstance(state);
  const next: InstanceState = structuredClone(state);
  const run = new Run(model, next, ctx);
  const completedIds = new Set<string>();
  handle(run, command, completedIds);
  drain(run);
  for (const after of run.afterDrain) after();
  run.finish();
  const actor = command.type === 'task.complete' ? command.actor : undefined;
  const effects = [...projectionEffects(before, projectInstance(next), completedIds, actor), ...run.effects];
  return { state: next, effects, events: run.events };
}

function handle(run: Run, command: Command, completedIds: Set<string>): void {
  switch (command.type) {
    case 'process.start':
      if (command.initiator !== undefined) run.state.initiator = command.initiator;
      return start(run, command.startEventId, command.variables);
    case 'task.complete':
      return completeUserTask(run, command, completedIds);
    case 'task.update':
      return updateTask(run, command);
    case 'task.transfer':
      return transferTask(run, command);
    case 'task.delegate':
      return delegateTask(run, command);
    case 'task.resolve':
      return resolveTask(run, command);
    case 'task.return':
      return returnTask(run, command);
    case 'instance.withdraw':
      return withdraw(run, command);
    case 'task.addSign':
      return addSign(run, command);
    case 'task.removeSign':
      return removeSign(run, command);
    case 'task.urge':
      return urgeTask(run, command);
    case 'instance.cc':
      return ccInstance(run, command);
    case 'job.complete': {
      const inst = waiting(run, command.jobId, (e) => e.job !== undefined, 'job');
      completedIds.add(inst.id);
      writeResult(run, inst, command.variables);
      return complete(run, inst);
    }
    case 'job.fail':
      return failJob(run, command);
    case 'job.throwError': {
      const inst = waiting(run, command.jobId, (e) => e.job !== undefined, 'job');
      completedIds.add(inst.id);
      setVariables(run, inst, command.variables);
      throwEvent(run, inst, 'error', command.errorCode);
      return;
    }
    case 'message.correlate':
      if (!fire(run, command.subscriptionId, command.variables)) throw new StaleStateError(`subscription '${command.subscriptionId}' is closed`);
      return;
    case 'signal.broadcast':
      for (const sub of Object.values(run.state.subscriptions)) {
        if (sub.kind === 'signal' && sub.name === command.name) fire(run, sub.id, command.variables);
      }
      return;
    case 'timer.fire':
      fire(run, command.timerId);
      return;
    case 'variables.set': {
      const target = command.elementInstanceId === undefined ? run.root() : run.element(command.elementInstanceId);
      if (!target) throw new StaleStateError(`element instance '${command.elementInstanceId ?? ''}' is gone`);
      if (command.local) for (const [k, v] of Object.entries(command.variables)) setLocal(run, target, k, v);
      else setVariables(run, target, command.variables);
      return;
    }
    case 'receive.trigger': {
      const inst = waiting(run, command.elementInstanceId, (e) => ['receiveTask', 'intermediateCatchEvent'].includes(run.node(e.elementId).type), 'receive task');
      setVariables(run, inst, command.variables);
      return complete(run, inst);
    }
    case 'child.completed': {
      const inst = waiting(run, command.elementInstanceId, (e) => run.node(e.elementId).type === 'callActivity', 'call activity');
      return childCompleted(run, inst, command.variables);
    }
    case 'child.failed': {
      const inst = waiting(run, command.elementInstanceId, (e) => run.node(e.elementId).type === 'callActivity', 'call activity');
      delete inst.childInstanceId;
      return raiseIncident(run, inst, 'CALL_FAILED', command.message);
    }
    case 'child.thrown': {
      const inst = waiting(run, command.elementInstanceId, (e) => run.node(e.elementId).type === 'callActivity', 'call activity');
      throwEvent(run, inst, command.kind, command.code);
      return;
    }
    case 'instance.cancel':
      return endInstance(run, 'cancelled');
    case 'activity.move':
      return move(run, command.elementInstanceId, command.targetElementId);
    case 'incident.resolve':
      return resolve(run, command.incidentId);
    default: {
      const never: never = command;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

function start(run: Run, startEventId: string | undefined, variables: InstanceState['elements'][string]['variables']): void {
  const { state, model } = run;
  if (run.count() > 0) throw new StaleStateError(`instance '${state.id}' already started`);
  const startId = startEventId ?? model.scopes[model.id]?.noneStarts[0];
  if (startId === undefined || run.model.nodes[startId]?.scope !== model.id) {
    throw new StaleStateError(`process '${model.id}' has no start event '${startEventId ?? 'none'}'`);
  }
  const root: ElementInstance = { id: state.id, elementId: model.id, parentId: null, role: 'process', status: 'waiting', variables: {}, startedAt: run.nowIso };
  run.add(root);
  run.event({ type: 'instance.started', at: run.nowIso, processId: model.id });
  setVariables(run, root, variables);
  subscribeEventSubprocesses(run, root, model.id);
  run.create(startId, root.id, 'node', { triggered: true });
}

function waiting(run: Run, id: string, ok: (e: ElementInstance) => boolean, what: string): ElementInstance {
  const inst = run.element(id);
  if (!inst || !ok(inst) || inst.status !== 'waiting') throw new StaleStateError(`${what} '${id}' is not waiting`, { id });
  return inst;
}

function move(run: Run, elementInstanceId: string, targetElementId: string): void {
  let inst = run.element(elementInstanceId);
  if (inst?.role === 'mi-inner') inst = run.element(inst.parentId);
  const target = run.model.nodes[targetElementId];
  if (!inst || inst.parentId === null) throw new StaleStateError(`element instance '${elementInstanceId}' is gone`);
  if (!target || target.scope !== run.node(inst.elementId).scope) {
    throw new StaleStateError(`'${targetElementId}' is not in the same scope as '${inst.elementId}'`);
  }
  const parentId = inst.parentId;
  cancel(run, inst);
  run.create(targetElementId, parentId, 'node');
}

/**
 * A worker reports a failure: the job keeps waiting with the retries it reports left, not offered before
 * now + `retryBackoff` when given; with no retries left an incident is raised instead.
 */
function failJob(run: Run, command: Of<'job.fail'>): void {
  const inst = waiting(run, command.jobId, (e) => e.job !== undefined, 'job');
  const backoff = command.retryBackoff === undefined ? undefined : parseDuration(command.retryBackoff);
  if (command.retryBackoff !== undefined && backoff === undefined) {
    throw new InvalidInputError(`retryBackoff '${command.retryBackoff}' is not an ISO 8601 duration (e.g. PT30S, PT5M)`, { field: 'retryBackoff' });
  }
  if (!inst.job) return;
  inst.job.retries = Math.max(0, command.retries);
  if (backoff !== undefined && command.retries > 0) inst.job.notBefore = addDuration(run.ctx.now, backoff).toISOString();
  else delete inst.job.notBefore;
  if (command.retries <= 0) raiseIncident(run, inst, 'JOB_FAILED', command.message, 'job');
}

function resolve(run: Run, incidentId: string): void {
  const incident = run.state.incidents[incidentId];
  if (!incident) throw new StaleStateError(`incident '${incidentId}' is resolved already`);
  delete run.state.incidents[incidentId];
  run.event({ type: 'incident.resolved', at: run.nowIso, elementId: incident.elementId, elementInstanceId: incident.elementInstanceId });
  const inst = run.element(incident.elementInstanceId);
  if (!inst) return;
  if (incident.retry === 'job' && inst.job) {
    inst.job.retries = Math.max(1, inst.job.retries);
    // An operator's retry is offered at once, whatever backoff the last failure asked for.
    delete inst.job.notBefore;
    inst.status = 'waiting';
  } else if (incident.retry === 'complete') {
    inst.status = 'waiting';
    complete(run, inst);
  } else {
    inst.status = 'ready';
    run.push({ op: 'activate', id: inst.id });
  }
}

/** Drains the agenda; at rest re-evaluates conditions and inclusive joins until nothing moves. */
function drain(run: Run): void {
  for (let rounds = 0; rounds < 1000; rounds++) {
    for (let op = run.next(); op; op = run.next()) {
      run.operations += 1;
      const limit = run.ctx.maxSteps ?? MAX_OPERATIONS;
      if (run.operations > limit) throw new ExecutionLimitError(run.state.id, limit);
      const inst = run.element(op.id);
      if (!inst || run.state.status !== 'active') continue;
      if (op.op === 'activate') activate(run, inst);
      else if (op.op === 'complete') completeNow(run, inst, op.flows);
      else scopeCheck(run, op.id);
    }
    if (run.state.status !== 'active') return;
    if (run.variablesChanged) {
      run.variablesChanged = false;
      evaluateConditions(run);
      if (run.hasWork()) continue;
    }
    if (run.inclusiveWaiting && tryInclusiveJoins(run)) continue;
    return;
  }
}
