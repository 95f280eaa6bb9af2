/** Event-based gateway: arms the events after it and waits; the first to fire wins (kernel/triggers.ts). */
import { subscribe } from '../kernel/subscriptions.js';
import { wait, type Behavior } from './behavior.js';

export const eventBasedGateway: Behavior = {
  activate(run, inst, node) {
    wait(inst);
    for (const flowId of node.outgoing) {
      const target = run.model.flows[flowId]?.target;
      if (target === undefined) continue;
      const catchNode = run.node(target);
      const event = catchNode.type === 'receiveTask' && catchNode.message ? { kind: 'message' as const, ...catchNode.message } : catchNode.event;
      if (!subscribe(run, inst, catchNode, event)) return;
    }
  },
};
