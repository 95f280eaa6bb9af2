/** Reads the (single) event definition of an event into an `EventDef`, checked against the registry. */
import type { BuilderContext } from './process-builder.js';
import { attr, bodyOf, extension, safeGet } from './extensions.js';
import type { EventDef, TimerDef } from './model.js';
import { elementsOf, isElement, stringOf, type ModdleElement } from './moddle.js';
import { eventKindOf } from './registry.js';

export function readEventDefinition(
  el: ModdleElement,
  allowed: readonly string[],
  ctx: BuilderContext,
  problem: (reason: string) => void,
): EventDef | undefined {
  if (allowed.length === 0) return undefined;
  const defs = elementsOf(safeGet(el, 'eventDefinitions'));
  if (defs.length > 1) {
    problem('events with several event definitions are not supported');
    return undefined;
  }
  const def = defs[0];
  if (!def) {
    if (!allowed.includes('none')) problem(`${el.$type} needs an event definition`);
    return { kind: 'none' };
  }
  const kind = eventKindOf(def.$type);
  if (!kind || !allowed.includes(kind)) {
    problem(`${def.$type} is not supported on ${el.$type}`);
    return undefined;
  }
  const { classify } = ctx.classify;
  switch (kind) {
    case 'timer':
      return readTimer(def, ctx, problem);
    case 'message': {
      const message = messageOf(def, ctx);
      const name = message ? stringOf(safeGet(message, 'name')) : undefined;
      if (!message || !name) {
        problem('message event without a resolvable named message');
        return undefined;
      }
      const key = attr(extension(message, 'subscription', ['zeebe']), 'correlationKey');
      return { kind, name, correlationKey: key === undefined ? undefined : classify(key, 'correlationKey') };
    }
    case 'signal': {
      const ref = safeGet(def, 'signalRef');
      const name = isElement(ref) ? (stringOf(safeGet(ref, 'name')) ?? ref.id) : undefined;
      if (!name) {
        problem('signal event without a signal');
        return undefined;
      }
      return { kind, name };
    }
    case 'error': {
      const ref = safeGet(def, 'errorRef');
      return { kind, code: isElement(ref) ? (stringOf(safeGet(ref, 'errorCode')) ?? stringOf(safeGet(ref, 'name')) ?? ref.id) : undefined };
    }
    case 'escalation': {
      const ref = safeGet(def, 'escalationRef');
      return {
        kind,
        code: isElement(ref) ? (stringOf(safeGet(ref, 'escalationCode')) ?? stringOf(safeGet(ref, 'name')) ?? ref.id) : undefined,
      };
    }
    case 'conditional': {
      const body = bodyOf(safeGet(def, 'condition'));
      if (body === undefined) {
        problem('conditional event without a condition');
        return undefined;
      }
      return { kind, condition: classify(body, 'condition') };
    }
    case 'link':
      return { kind, name: stringOf(safeGet(def, 'name')) ?? '' };
    case 'terminate':
      return { kind };
    case 'compensate': {
      const ref = safeGet(def, 'activityRef');
      return { kind, activityRef: isElement(ref) ? ref.id : undefined };
    }
  }
}

function messageOf(def: ModdleElement, ctx: BuilderContext): ModdleElement | undefined {
  const ref = safeGet(def, 'messageRef');
  if (isElement(ref)) return ref;
  const raw = ctx.unresolved.get(def)?.['bpmn:messageRef'];
  const local = raw?.split(':').pop();
  return local === undefined ? undefined : ctx.messagesByRef.get(local);
}

function readTimer(def: ModdleElement, ctx: BuilderContext, problem: (reason: string) => void): EventDef | undefined {
  const { classify } = ctx.classify;
  const calendar = attr(extension(def, 'timerCalendar', ['zhifa']), 'calendar');
  const workingCalendar = calendar === 'working';
  const pick = (prop: 'timeDuration' | 'timeDate' | 'timeCycle', kind: TimerDef['kind']): TimerDef | undefined => {
    const body = bodyOf(safeGet(def, prop));
    return body === undefined ? undefined : { kind, expr: classify(body, prop) };
  };
  const timer = pick('timeDuration', 'duration') ?? pick('timeDate', 'date') ?? pick('timeCycle', 'cycle');
  if (!timer) {
    problem('timer event without timeDuration, timeDate or timeCycle');
    return undefined;
  }
  return { kind: 'timer', timer, workingCalendar };
}
