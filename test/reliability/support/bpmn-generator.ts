/**
 * Random but valid BPMN from a seed: block-structured (every split has its join), so any generated model
 * compiles and runs. Blocks: user tasks (optionally with an interrupting or non-interrupting boundary
 * timer), service-task jobs, script tasks, intermediate timers, XOR splits with conditions on `x` and a
 * default flow, parallel fork/join, embedded subprocesses (optionally with an interrupting boundary timer).
 */
import type { Prng } from './prng.js';

type Block =
  | { readonly type: 'user'; readonly boundary?: Boundary }
  | { readonly type: 'job' }
  | { readonly type: 'script' }
  | { readonly type: 'timer'; readonly minutes: number }
  | { readonly type: 'xor'; readonly branches: readonly Block[][] }
  | { readonly type: 'and'; readonly branches: readonly Block[][] }
  | { readonly type: 'sub'; readonly body: readonly Block[]; readonly boundary?: Boundary };

interface Boundary {
  readonly interrupting: boolean;
  readonly minutes: number;
}

/** Values `x` takes in generated runs; XOR branch i is taken when `x = i`, the default otherwise. */
export const X_RANGE = { min: 0, max: 4 } as const;

function randomSequence(rng: Prng, depth: number, budget: { left: number }): Block[] {
  const length = rng.int(depth === 0 ? 1 : 0, depth === 0 ? 5 : 3);
  const blocks: Block[] = [];
  for (let i = 0; i < length && budget.left > 0; i++) blocks.push(randomBlock(rng, depth, budget));
  return blocks;
}

function randomBlock(rng: Prng, depth: number, budget: { left: number }): Block {
  budget.left -= 1;
  const nested = depth < 3 && budget.left > 2;
  const roll = rng.int(0, nested ? 9 : 5);
  const boundary = (): Boundary | undefined => (rng.chance(0.4) ? { interrupting: rng.chance(0.6), minutes: rng.int(1, 90) } : undefined);
  switch (roll) {
    case 0:
    case 1: {
      const b = boundary();
      return b ? { type: 'user', boundary: b } : { type: 'user' };
    }
    case 2:
      return { type: 'job' };
    case 3:
      return { type: 'script' };
    case 4:
    case 5:
      return { type: 'timer', minutes: rng.int(1, 120) };
    case 6:
    case 7:
      return { type: 'xor', branches: Array.from({ length: rng.int(2, 3) }, () => randomSequence(rng, depth + 1, budget)) };
    case 8:
      return { type: 'and', branches: Array.from({ length: rng.int(2, 3) }, () => randomSequence(rng, depth + 1, budget)) };
    default: {
      const b = rng.chance(0.5) ? { interrupting: true, minutes: rng.int(1, 120) } : undefined;
      const body = randomSequence(rng, depth + 1, budget);
      return b ? { type: 'sub', body, boundary: b } : { type: 'sub', body };
    }
  }
}

class Emitter {
  private n = 0;
  readonly jobTypes = new Set<string>();

  id(prefix: string): string {
    this.n += 1;
    return `${prefix}_${this.n}`;
  }

  flow(out: string[], from: string, to: string, condition?: string): string {
    const id = this.id('f');
    const cond = condition === undefined ? '' : `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression>`;
    out.push(`<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">${cond}</bpmn:sequenceFlow>`);
    return id;
  }

  /** Emits a sequence into `out`; returns its entry and exit node ids (undefined when empty). */
  sequence(out: string[], blocks: readonly Block[]): { entry: string; exit: string } | undefined {
    let first: string | undefined;
    let last: string | undefined;
    for (const block of blocks) {
      const span = this.block(out, block);
      if (last) this.flow(out, last, span.entry);
      first ??= span.entry;
      last = span.exit;
    }
    return first && last ? { entry: first, exit: last } : undefined;
  }

  private block(out: string[], block: Block): { entry: string; exit: string } {
    switch (block.type) {
      case 'user': {
        const id = this.id('user');
        out.push(`<bpmn:userTask id="${id}" name="${id}" />`);
        return this.withBoundary(out, id, block.boundary);
      }
      case 'job': {
        const id = this.id('job');
        const type = `work-${id}`;
        this.jobTypes.add(type);
        out.push(`<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="2" /></bpmn:extensionElements></bpmn:serviceTask>`);
        return { entry: id, exit: id };
      }
      case 'script': {
        const id = this.id('script');
        out.push(`<bpmn:scriptTask id="${id}"><bpmn:extensionElements><zeebe:script expression="=modulo(x + 1, ${X_RANGE.max + 1})" resultVariable="x" /></bpmn:extensionElements></bpmn:scriptTask>`);
        return { entry: id, exit: id };
      }
      case 'timer': {
        const id = this.id('wait');
        out.push(`<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition><bpmn:timeDuration>PT${block.minutes}M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`);
        return { entry: id, exit: id };
      }
      case 'xor':
        return this.split(out, block.branches, 'exclusiveGateway');
      case 'and':
        return this.split(out, block.branches, 'parallelGateway');
      case 'sub': {
        const id = this.id('sub');
        const inner: string[] = [];
        const start = this.id('substart');
        const end = this.id('subend');
        inner.push(`<bpmn:startEvent id="${start}" />`, `<bpmn:endEvent id="${end}" />`);
        const body = this.sequence(inner, block.body);
        if (body) {
          this.flow(inner, start, body.entry);
          this.flow(inner, body.exit, end);
        } else this.flow(inner, start, end);
        out.push(`<bpmn:subProcess id="${id}">`, ...inner, `</bpmn:subProcess>`);
        return this.withBoundary(out, id, block.boundary);
      }
    }
  }

  private split(out: string[], branches: readonly Block[][], kind: 'exclusiveGateway' | 'parallelGateway'): { entry: string; exit: string } {
    const split = this.id('split');
    const join = this.id('join');
    const xor = kind === 'exclusiveGateway';
    const flows: string[] = [];
    branches.forEach((branch, i) => {
      const isDefault = xor && i === branches.length - 1;
      const condition = xor && !isDefault ? `=x = ${i}` : undefined;
      const span = this.sequence(out, branch);
      flows.push(this.flow(out, split, span?.entry ?? join, condition));
      if (span) this.flow(out, span.exit, join);
    });
    const def = xor ? ` default="${flows[flows.length - 1] ?? ''}"` : '';
    out.push(`<bpmn:${kind} id="${split}"${def} />`, `<bpmn:${kind} id="${join}" />`);
    return { entry: split, exit: join };
  }

  /** An interrupting boundary rejoins after the activity through an XOR merge; a non-interrupting one ends. */
  private withBoundary(out: string[], activity: string, boundary: Boundary | undefined): { entry: string; exit: string } {
    if (!boundary) return { entry: activity, exit: activity };
    const b = this.id('boundary');
    out.push(
      `<bpmn:boundaryEvent id="${b}" attachedToRef="${activity}" cancelActivity="${String(boundary.interrupting)}"><bpmn:timerEventDefinition><bpmn:timeDuration>PT${boundary.minutes}M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`,
    );
    if (!boundary.interrupting) {
      const end = this.id('late');
      out.push(`<bpmn:endEvent id="${end}" />`);
      this.flow(out, b, end);
      return { entry: activity, exit: activity };
    }
    const merge = this.id('merge');
    out.push(`<bpmn:exclusiveGateway id="${merge}" />`);
    this.flow(out, activity, merge);
    this.flow(out, b, merge);
    return { entry: activity, exit: merge };
  }
}

export interface GeneratedModel {
  readonly processId: string;
  readonly xml: string;
  /** Number of flow elements (a size figure for reports). */
  readonly blocks: number;
}

/** One random executable process `p<seed>`. */
export function generateModel(rng: Prng, seed: number): GeneratedModel {
  const budget = { left: rng.int(3, 14) };
  const initial = budget.left;
  const blocks = randomSequence(rng, 0, budget);
  const emitter = new Emitter();
  const out: string[] = [`<bpmn:startEvent id="start" />`, `<bpmn:endEvent id="end" />`];
  const body = emitter.sequence(out, blocks);
  if (body) {
    emitter.flow(out, 'start', body.entry);
    emitter.flow(out, body.exit, 'end');
  } else emitter.flow(out, 'start', 'end');
  const processId = `p${seed}`;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d${seed}" targetNamespace="http://zhifa.test/fuzz">
<bpmn:process id="${processId}" isExecutable="true">
${out.join('\n')}
</bpmn:process>
</bpmn:definitions>`;
  return { processId, xml, blocks: initial - budget.left };
}
