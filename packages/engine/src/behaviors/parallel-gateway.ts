/**
 * Parallel gateway: joins by waiting until a token arrived on every incoming flow (one per flow is
 * consumed), then forks on every outgoing flow.
 */
import { complete } from '../kernel/primitives.js';
import type { ElementInstance } from '../kernel/types.js';
import type { Behavior } from './behavior.js';

export const parallelGateway: Behavior = {
  activate(run, inst, node) {
    if (node.incoming.length <= 1) {
      complete(run, inst);
      return;
    }
    inst.status = 'joining';
    const byFlow = new Map<string, ElementInstance>();
    byFlow.set(inst.via ?? '', inst);
    for (const other of run.children(inst.parentId ?? '')) {
      if (other.elementId !== inst.elementId || other.status !== 'joining' || other.id === inst.id) continue;
      const via = other.via ?? '';
      if (!byFlow.has(via)) byFlow.set(via, other);
    }
    if (!node.incoming.every((f) => byFlow.has(f))) return;
    for (const token of byFlow.values()) if (token.id !== inst.id) run.remove(token.id);
    inst.status = 'waiting';
    complete(run, inst);
  },
  outgoing: (_run, _inst, node) => node.outgoing,
};
