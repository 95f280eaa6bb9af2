/**
 * `npm run bench:engine`: drives four models to completion N times in memory with our kernel and with
 * bpmn-engine, in the same run, and prints instances/s and the ratio. Conditions and scripts are written
 * in each engine's own language (JUEL for us — we never run JavaScript; JavaScript for bpmn-engine); the
 * process shapes are identical.
 */
import { Engine as BpmnEngine } from 'bpmn-engine';
import { EventEmitter } from 'node:events';
import { compileBpmn, createModdle, initialState, transition, waitingElements, type CompiledProcess, type InstanceState, type KernelContext } from '@zhifa/engine';

const HEADER = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="bench" targetNamespace="bench">`;

function straight(): string {
  return `${HEADER}<process id="p" isExecutable="true"><startEvent id="s"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="t1"/><userTask id="t1"/>
  <sequenceFlow id="f2" sourceRef="t1" targetRef="t2"/><userTask id="t2"/>
  <sequenceFlow id="f3" sourceRef="t2" targetRef="t3"/><userTask id="t3"/>
  <sequenceFlow id="f4" sourceRef="t3" targetRef="e"/><endEvent id="e"/></process></definitions>`;
}

function parallel(branches: number): string {
  let body = '<startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="fork"/><parallelGateway id="fork"/><parallelGateway id="join"/>';
  for (let i = 0; i < branches; i++) {
    body += `<sequenceFlow id="a${i}" sourceRef="fork" targetRef="t${i}"/><userTask id="t${i}"/><sequenceFlow id="b${i}" sourceRef="t${i}" targetRef="join"/>`;
  }
  body += '<sequenceFlow id="fe" sourceRef="join" targetRef="e"/><endEvent id="e"/>';
  return `${HEADER}<process id="p" isExecutable="true">${body}</process></definitions>`;
}

function loop(js: boolean, iterations: number): string {
  const script = js
    ? '<scriptTask id="inc" scriptFormat="javascript"><script>environment.variables.i = environment.variables.i + 1; next();</script></scriptTask>'
    : '<scriptTask id="inc" scriptFormat="juel" camunda:resultVariable="i"><script>${i + 1}</script></scriptTask>';
  const condition = js
    ? `<conditionExpression xsi:type="tFormalExpression" language="javascript">next(null, environment.variables.i &lt; ${iterations});</conditionExpression>`
    : `<conditionExpression xsi:type="tFormalExpression">\${i &lt; ${iterations}}</conditionExpression>`;
  return `${HEADER}<process id="p" isExecutable="true"><startEvent id="s"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="gw"/><exclusiveGateway id="gw"/>
  <sequenceFlow id="f2" sourceRef="gw" targetRef="inc"/>${script}
  <sequenceFlow id="f3" sourceRef="inc" targetRef="check"/><exclusiveGateway id="check" default="out"/>
  <sequenceFlow id="back" sourceRef="check" targetRef="gw">${condition}</sequenceFlow>
  <sequenceFlow id="out" sourceRef="check" targetRef="e"/><endEvent id="e"/></process></definitions>`;
}

function multiInstance(items: number): string {
  return `${HEADER}<process id="p" isExecutable="true"><startEvent id="s"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="mi"/>
  <task id="mi"><multiInstanceLoopCharacteristics isSequential="false"><loopCardinality>${items}</loopCardinality></multiInstanceLoopCharacteristics></task>
  <sequenceFlow id="f2" sourceRef="mi" targetRef="e"/><endEvent id="e"/></process></definitions>`;
}

interface Scenario {
  readonly name: string;
  readonly ours: string;
  readonly theirs: string;
  readonly runs: number;
}

const scenarios: Scenario[] = [
  { name: 'straight user tasks (3)', ours: straight(), theirs: straight(), runs: 2000 },
  { name: 'parallel fork/join (10)', ours: parallel(10), theirs: parallel(10), runs: 500 },
  { name: 'loop (100 iterations)', ours: loop(false, 100), theirs: loop(true, 100), runs: 200 },
  { name: 'multi-instance (100)', ours: multiInstance(100), theirs: multiInstance(100), runs: 200 },
];

let counter = 0;
const ctx = (): KernelContext => ({ now: new Date('2025-01-01T00:00:00Z'), newId: () => `k${++counter}` });

function runOurs(model: CompiledProcess): void {
  let state: InstanceState = initialState({ id: `i${++counter}`, processId: model.id, definitionId: 'd', startedAt: '2025-01-01T00:00:00Z' });
  state = transition(model, state, { type: 'process.start', variables: { i: 0 } }, ctx()).state;
  for (let guard = 0; state.status === 'active' && guard < 10_000; guard++) {
    const task = waitingElements(state, model).find((e) => e.task);
    if (!task) throw new Error('our kernel is stuck');
    state = transition(model, state, { type: 'task.complete', taskId: task.id }, ctx()).state;
  }
}

/** XML parsed once, as for our kernel: both sides measure execution, not parsing. */
async function parseForTheirs(source: string): Promise<unknown> {
  return createModdle().fromXML(source);
}

async function runTheirs(moddleContext: unknown): Promise<void> {
  const engine = new BpmnEngine({ name: 'bench', moddleContext } as unknown as ConstructorParameters<typeof BpmnEngine>[0]);
  const listener = new EventEmitter();
  listener.on('wait', (api: { signal: () => void }) => api.signal());
  await new Promise<void>((resolve, reject) => {
    engine.once('end', () => resolve());
    engine.once('error', reject);
    void engine.execute({ listener, variables: { i: 0 } });
  });
}

async function measure(runs: number, once: () => unknown): Promise<number> {
  for (let i = 0; i < Math.min(20, runs); i++) await once();
  const start = performance.now();
  for (let i = 0; i < runs; i++) await once();
  return runs / ((performance.now() - start) / 1000);
}

/** Rounds alternate between the engines and the best round of each counts: a busy machine slows both alike. */
const ROUNDS = 3;
const rows: { model: string; runs: string; ours: string; bpmnEngine: string; ratio: string }[] = [];
for (const s of scenarios) {
  const model = (await compileBpmn(s.ours)).byId.p;
  if (!model) throw new Error('model p missing');
  const parsed = await parseForTheirs(s.theirs);
  const theirRuns = Math.max(20, Math.floor(s.runs / 10));
  let ours = 0;
  let theirs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    ours = Math.max(ours, await measure(s.runs, () => runOurs(model)));
    theirs = Math.max(theirs, await measure(theirRuns, () => runTheirs(parsed)));
  }
  rows.push({
    model: s.name,
    runs: `${s.runs} / ${theirRuns}`,
    ours: `${ours.toFixed(0)}/s`,
    bpmnEngine: `${theirs.toFixed(1)}/s`,
    ratio: `${(ours / theirs).toFixed(1)}×`,
  });
}
console.table(rows);
