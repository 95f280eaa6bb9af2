/**
 * One transition in progress: the mutable copy of the state, the agenda of atomic operations, and the
 * effects/events collected so far. Operations are drained in a loop (never by recursion), so a long
 * chain of synchronous steps cannot overflow the stack.
 */
import type { CompiledProcess, FlowNode } from '../model/model.js';
import type { Effect, ElementInstance, InstanceState, KernelContext, KernelEvent, Role } from './types.js';

export type Operation =
  | { readonly op: 'activate'; readonly id: string }
  | { readonly op: 'complete'; readonly id: string; readonly flows?: readonly string[] }
  | { readonly op: 'scope-check'; readonly id: string };

/** Bound on operations per transition: a model looping without a wait state becomes an incident, not a hang. */
export const MAX_OPERATIONS = 1_000_000;

export class Run {
  readonly effects: Effect[] = [];
  readonly events: KernelEvent[] = [];
  readonly nowIso: string;
  private readonly agenda: Operation[] = [];
  private head = 0;
  operations = 0;
  /** Set when variables changed: conditional events are re-evaluated at quiescence. */
  variablesChanged = false;
  /** Set when a token waits at an inclusive join: re-evaluated at quiescence. */
  inclusiveWaiting = false;
  /** Bookkeeping that needs the state after the agenda drained (e.g. what a completion created). */
  readonly afterDrain: (() => void)[] = [];
  /** Element instances during the run (written back to `state.elements` by `finish`): a Map keeps
   *  short-lived instances (multi-instance iterations, pass-through nodes) off the JSON object. */
  private readonly elements = new Map<string, ElementInstance>();
  private readonly childIndex = new Map<string, Set<string>>();

  constructor(
    readonly model: CompiledProcess,
    readonly state: InstanceState,
    readonly ctx: KernelContext,
  ) {
    this.nowIso = ctx.now.toISOString();
    for (const el of Object.values(state.elements)) this.add(el);
    // Tokens may already wait at an inclusive join from an earlier command; this one may release them.
    this.inclusiveWaiting = this.all().some((e) => e.status === 'joining' && model.nodes[e.elementId]?.type === 'inclusiveGateway');
  }

  /** Writes the element instances back into the JSON state. */
  finish(): InstanceState {
    this.state.elements = Object.fromEntries(this.elements);
    return this.state;
  }

  add(inst: ElementInstance): void {
    this.elements.set(inst.id, inst);
    if (inst.parentId !== null) {
      let set = this.childIndex.get(inst.parentId);
      if (!set) {
        set = new Set();
        this.childIndex.set(inst.parentId, set);
      }
      set.add(inst.id);
    }
  }

  remove(id: string): void {
    const inst = this.elements.get(id);
    if (!inst) return;
    this.elements.delete(id);
    if (inst.parentId !== null) this.childIndex.get(inst.parentId)?.delete(id);
  }

  all(): ElementInstance[] {
    return [...this.elements.values()];
  }

  count(): number {
    return this.elements.size;
  }

  push(operation: Operation): void {
    this.agenda.push(operation);
  }

  hasWork(): boolean {
    return this.head < this.agenda.length;
  }

  next(): Operation | undefined {
    if (this.head >= this.agenda.length) {
      this.agenda.length = 0;
      this.head = 0;
      return undefined;
    }
    const op = this.agenda[this.head];
    this.head += 1;
    return op;
  }

  newId(): string {
    return this.ctx.newId();
  }

  node(elementId: string): FlowNode {
    const node = this.model.nodes[elementId];
    if (!node) throw new Error(`model has no element '${elementId}'`);
    return node;
  }

  element(id: string | null | undefined): ElementInstance | undefined {
    return id === null || id === undefined ? undefined : this.elements.get(id);
  }

  root(): ElementInstance {
    const root = this.elements.get(this.state.id);
    if (!root) throw new Error('instance has no root scope');
    return root;
  }

  children(parentId: string): ElementInstance[] {
    const out: ElementInstance[] = [];
    for (const id of this.childIndex.get(parentId) ?? []) {
      const el = this.elements.get(id);
      if (el) out.push(el);
    }
    return out;
  }

  hasChildren(parentId: string): boolean {
    return (this.childIndex.get(parentId)?.size ?? 0) > 0;
  }

  /** Creates an element instance and queues its activation. */
  create(elementId: string, parentId: string, role: Role, init?: Partial<ElementInstance>): ElementInstance {
    const inst: ElementInstance = {
      id: this.newId(),
      elementId,
      parentId,
      role,
      status: 'ready',
      startedAt: this.nowIso,
      ...init,
    };
    this.add(inst);
    this.event({ type: 'element.started', at: this.nowIso, elementId, elementInstanceId: inst.id });
    this.push({ op: 'activate', id: inst.id });
    return inst;
  }

  event(e: KernelEvent): void {
    this.state.eventCount += 1;
    this.events.push(e);
  }

  effect(e: Effect): void {
    this.effects.push(e);
  }

  nextSeq(): number {
    this.state.seq += 1;
    return this.state.seq;
  }
}
