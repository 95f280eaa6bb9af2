/**
 * What happens to a user task right after it is created, inside the same unit of work (so nobody ever sees
 * it half-assigned): its `zhifa:assignment` is resolved to candidates through the `AssignmentResolver`, then
 * the `zhifa:approval` rules apply — an empty assignee auto-passes or goes to the unit's administrators; an
 * approver who is the initiator auto-passes. Each step is a further kernel transition on the same state.
 */
import type { Command, InstanceState, KernelEvent, Effect, TransitionResult, UserTaskState } from '../kernel/types.js';
import type { CompiledProcess } from '../model/model.js';
import type { AssignmentResolver, StoreTransaction } from '../ports.js';

/** Auto-passes chain (a task completed by a rule may create another); bounded so a loop cannot spin. */
const MAX_ROUNDS = 50;

export interface Settled {
  readonly state: InstanceState;
  readonly events: readonly KernelEvent[];
  readonly effects: readonly Effect[];
}

export async function settleNewTasks(input: {
  readonly tx: StoreTransaction;
  readonly model: CompiledProcess;
  readonly before: InstanceState;
  readonly result: TransitionResult;
  readonly resolver: AssignmentResolver | undefined;
  readonly apply: (state: InstanceState, command: Command) => TransitionResult;
}): Promise<Settled> {
  let state = input.result.state;
  const events = [...input.result.events];
  const effects = [...input.result.effects];
  const seen = new Set(openTaskIds(input.before));
  const step = (command: Command): void => {
    const next = input.apply(state, command);
    state = next.state;
    events.push(...next.events);
    effects.push(...next.effects);
  };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const fresh = openTaskIds(state).filter((id) => !seen.has(id));
    if (fresh.length === 0 || state.status !== 'active') break;
    for (const taskId of fresh) {
      seen.add(taskId);
      const command = await settleOne(input, state, taskId);
      for (const c of command) {
        if (state.status !== 'active' || !state.elements[taskId]?.task) break;
        step(c);
      }
    }
  }
  return { state, events, effects };
}

/** The commands that settle one new task (each computed on the state as it stands). */
async function settleOne(input: Parameters<typeof settleNewTasks>[0], state: InstanceState, taskId: string): Promise<Command[]> {
  const el = state.elements[taskId];
  const task = el?.task;
  if (!el || !task || el.role === 'sign') return [];
  const rules = input.model.nodes[el.elementId]?.approval;
  const commands: Command[] = [];
  let candidates = { users: task.candidateUsers, groups: task.candidateGroups };
  const resolve = async (org: NonNullable<UserTaskState['orgAssignment']>): Promise<void> => {
    if (!input.resolver) return;
    const r = await input.resolver.resolve(input.tx, { instanceId: state.id, taskId, elementId: el.elementId, orgAssignment: org });
    if (r.candidateUsers.length === 0 && r.candidateGroups.length === 0) return;
    candidates = { users: union(candidates.users, r.candidateUsers), groups: union(candidates.groups, r.candidateGroups) };
    commands.push({ type: 'task.update', taskId, candidateUsers: candidates.users, candidateGroups: candidates.groups });
  };
  if (task.orgAssignment) await resolve(task.orgAssignment);
  const empty = task.assignee === undefined && candidates.users.length === 0 && candidates.groups.length === 0;
  if (empty && rules?.onEmptyAssignee === 'auto-pass') return [...commands, { type: 'task.complete', taskId, autoPass: 'empty-assignee' }];
  if (empty && rules?.onEmptyAssignee === 'unit-admin' && task.orgAssignment?.unit !== undefined) {
    await resolve({ unit: task.orgAssignment.unit, relation: task.orgAssignment.relation, role: 'admin' });
  }
  const initiator = state.initiator;
  if (rules?.onInitiator === 'auto-pass' && initiator !== undefined && task.assignee === initiator) {
    commands.push({ type: 'task.complete', taskId, autoPass: 'initiator', actor: initiator });
  }
  return commands;
}

function openTaskIds(state: InstanceState): string[] {
  if (state.status !== 'active') return [];
  return Object.values(state.elements)
    .filter((e) => e.task !== undefined && e.status === 'waiting')
    .map((e) => e.id);
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}
