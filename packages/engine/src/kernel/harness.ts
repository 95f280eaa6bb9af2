/**
 * A small driver over the pure kernel for unit tests and benchmarks: compile once, then apply commands and
 * look at what waits, what completed and which effects came out. No ports, no service.
 */
import { compileBpmn } from '../model/compile.js';
import type { CompiledProcess } from '../model/model.js';
import { waitingElements } from './inspect.js';
import { initialState, transition } from './transition.js';
import type { Command, DecisionResolver, Effect, ElementInstance, InstanceState, KernelContext, KernelEvent, Variables } from './types.js';

export class KernelHarness {
  state: InstanceState;
  readonly events: KernelEvent[] = [];
  effects: Effect[] = [];
  private now: number;
  private ids = 0;

  private constructor(
    readonly model: CompiledProcess,
    start: string,
    private readonly decide?: DecisionResolver,
    private readonly addWorkingDuration?: KernelContext['addWorkingDuration'],
    private readonly functions?: KernelContext['functions'],
  ) {
    this.now = Date.parse(start);
    this.state = initialState({ id: 'instance', processId: model.id, definitionId: 'definition', startedAt: start });
  }

  /** Compiles `xml` and returns a harness for its process `processId` (or the first one). */
  static async of(
    xml: string,
    options: {
      processId?: string;
      start?: string;
      decide?: DecisionResolver;
      addWorkingDuration?: KernelContext['addWorkingDuration'];
      functions?: KernelContext['functions'];
    } = {},
  ): Promise<KernelHarness> {
    const compiled = await compileBpmn(xml);
    const model = options.processId ? compiled.byId[options.processId] : compiled.processes[0];
    if (!model) throw new Error('no such process');
    return new KernelHarness(model, options.start ?? '2025-01-01T00:00:00.000Z', options.decide, options.addWorkingDuration, options.functions);
  }

  apply(command: Command): this {
    const result = transition(this.model, this.state, command, {
      now: new Date(this.now),
      newId: () => `e${++this.ids}`,
      decide: this.decide,
      addWorkingDuration: this.addWorkingDuration,
      functions: this.functions,
    });
    this.state = result.state;
    this.events.push(...result.events);
    this.effects = [...result.effects];
    return this;
  }

  start(variables: Variables = {}): this {
    return this.apply({ type: 'process.start', variables });
  }

  /** Element ids of waiting tasks and catch events (multiset, sorted). */
  active(): string[] {
    return waitingElements(this.state, this.model)
      .map((e) => e.elementId)
      .sort();
  }

  waiting(elementId: string): ElementInstance {
    const found = waitingElements(this.state, this.model).find((e) => e.elementId === elementId);
    if (!found) throw new Error(`nothing waits at '${elementId}' (active: ${this.active().join(', ')})`);
    return found;
  }

  completeTask(elementId: string, variables?: Variables): this {
    return this.apply({ type: 'task.complete', taskId: this.waiting(elementId).id, variables });
  }

  completeJob(elementId: string, variables?: Variables): this {
    return this.apply({ type: 'job.complete', jobId: this.waiting(elementId).id, variables });
  }

  /** Moves time forward and fires every due timer in due order. */
  advance(ms: number): this {
    const target = this.now + ms;
    for (;;) {
      const due = Object.values(this.state.subscriptions)
        .filter((s) => s.kind === 'timer' && s.dueAt !== undefined && Date.parse(s.dueAt) <= target)
        .sort((a, b) => Date.parse(a.dueAt ?? '') - Date.parse(b.dueAt ?? ''))[0];
      if (!due || this.state.status !== 'active') break;
      this.now = Math.max(this.now, Date.parse(due.dueAt ?? ''));
      this.apply({ type: 'timer.fire', timerId: due.id });
    }
    this.now = target;
    return this;
  }

  subscription(kind: 'message' | 'signal' | 'timer' | 'conditional', name?: string): string {
    const sub = Object.values(this.state.subscriptions).find((s) => s.kind === kind && (name === undefined || s.name === name));
    if (!sub) throw new Error(`no ${kind} subscription ${name ?? ''}`);
    return sub.id;
  }

  completed(elementId: string): number {
    return this.events.filter((e) => e.type === 'element.completed' && e.elementId === elementId).length;
  }

  activated(elementId: string): boolean {
    return this.events.some((e) => e.type === 'element.started' && e.elementId === elementId);
  }

  taken(flowId: string): number {
    return this.events.filter((e) => e.type === 'flow.taken' && e.elementId === flowId).length;
  }

  variables(): Record<string, unknown> {
    return { ...(this.state.elements[this.state.id]?.variables ?? {}) };
  }

  incidents(): { elementId: string; kind: string }[] {
    return Object.values(this.state.incidents).map((i) => ({ elementId: i.elementId, kind: i.kind }));
  }

  get ended(): boolean {
    return this.state.status !== 'active';
  }
}

/** Wraps process content in definitions with the usual namespaces. */
export function bpmn(content: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:zhifa="http://zhifa.dev/schema/bpmn/1.0" id="defs" targetNamespace="test">${extra}
<process id="p" isExecutable="true">${content}</process></definitions>`;
}
