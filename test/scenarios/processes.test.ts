/**
 * Static checks of every shipped process (processes/*.bpmn) and form (processes/forms/*.form): they parse
 * without a single moddle warning, compile in the engine, carry complete diagram interchange, and their
 * user tasks, gateways and forms are consistent with each other.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn, parseBpmnXml, parseDmn } from '@zhifa/engine';
import { PROCESSES_DIR, formIds, processFiles, readForm, readProcess } from './process-files.js';
import { flowElementsDeep, diagramElementIds, extensionsOf, type Element } from './bpmn-tree.js';

const EXPECTED_PROCESSES = [
  'case-file-review',
  'hotline-complaint',
  'major-decision-legal-review',
  'plan-work-ledger',
  'rectification-ledger',
  'township-delegation-evaluation',
  'township-delegation-proposal',
  'training-hours',
];
const CHINESE = /[\u4e00-\u9fff]/;

async function parsed(file: string): Promise<{ root: Element; warnings: readonly { message: string }[] }> {
  const result = await parseBpmnXml(readProcess(file));
  return { root: result.rootElement, warnings: result.warnings };
}

function processOf(root: Element): Element {
  const processes = (root.get('rootElements') as Element[]).filter((e) => e.$type === 'bpmn:Process');
  expect(processes).toHaveLength(1);
  return processes[0]!;
}

describe('shipped processes', () => {
  it('has one file per procedure of issue 7, named after its process id', async () => {
    // given the processes folder / when listing it / then every procedure is there
    expect(processFiles()).toEqual(EXPECTED_PROCESSES.map((id) => `${id}.bpmn`));
    for (const id of EXPECTED_PROCESSES) {
      const proc = processOf((await parsed(`${id}.bpmn`)).root);
      expect(proc.id).toBe(id);
      expect(proc.get('name')).toMatch(CHINESE);
    }
  });

  describe.each(processFiles())('%s', (file) => {
    it('parses with zero moddle warnings', async () => {
      const { warnings } = await parsed(file);
      expect(warnings.map((w) => w.message)).toEqual([]);
    });

    it('compiles in the engine', async () => {
      const compiled = await compileBpmn(readProcess(file));
      expect(compiled.processes.map((p) => p.id)).toEqual([file.replace(/\.bpmn$/, '')]);
    });

    it('has a diagram shape or edge for every flow element', async () => {
      const { root } = await parsed(file);
      const drawn = diagramElementIds(root);
      const missing = flowElementsDeep(processOf(root)).map((e) => e.id).filter((id) => id !== undefined && !drawn.has(id));
      expect(missing).toEqual([]);
    });

    it('names every activity, event and decision gateway in Chinese', async () => {
      const { root } = await parsed(file);
      const proc = processOf(root);
      const unnamed = flowElementsDeep(proc)
        .filter((e) => e.$type !== 'bpmn:SequenceFlow' && !(e.$type.endsWith('Gateway') && splitCount(proc, e.id!) <= 1))
        .filter((e) => !CHINESE.test(String(e.get('name') ?? '')))
        .map((e) => e.id);
      expect(unnamed).toEqual([]);
    });

    it('gives every exclusive gateway that splits a default flow', async () => {
      const { root } = await parsed(file);
      const proc = processOf(root);
      const gateways = flowElementsDeep(proc).filter((e) => e.$type === 'bpmn:ExclusiveGateway');
      const splitsWithoutDefault = gateways
        .filter((g) => splitCount(proc, g.id!) > 1)
        .filter((g) => !g.get('default'))
        .map((g) => g.id);
      expect(splitsWithoutDefault).toEqual([]);
    });

    it('calls only decisions that a shipped DMN file defines', async () => {
      const { root } = await parsed(file);
      const shipped = new Set<string>();
      for (const dmn of readdirSync(PROCESSES_DIR).filter((f) => f.endsWith('.dmn'))) {
        for (const id of Object.keys((await parseDmn(readFileSync(join(PROCESSES_DIR, dmn), 'utf8'))).decisions)) shipped.add(id);
      }
      const called = flowElementsDeep(processOf(root))
        .flatMap((e) => extensionsOf(e, 'zeebe:CalledDecision'))
        .map((d) => String(d.get('decisionId')));
      expect(called.filter((id) => !shipped.has(id))).toEqual([]);
    });

    it('gives every user task an existing form and an assignee or candidates', async () => {
      const { root } = await parsed(file);
      const known = new Set(formIds());
      for (const task of flowElementsDeep(processOf(root)).filter((e) => e.$type === 'bpmn:UserTask')) {
        const [form] = extensionsOf(task, 'zeebe:FormDefinition');
        expect(form?.get('formId'), `${task.id} form`).toBeDefined();
        expect(known.has(String(form!.get('formId'))), `${task.id} form ${String(form!.get('formId'))} exists`).toBe(true);
        const [assignment] = extensionsOf(task, 'zeebe:AssignmentDefinition');
        const who = ['assignee', 'candidateGroups', 'candidateUsers'].map((a) => assignment?.get(a)).filter(Boolean);
        expect(who.length, `${task.id} has an assignee or candidates`).toBeGreaterThan(0);
      }
    });
  });
});

/** Outgoing flows of a node, counted from the flows themselves (hand-written XML has no `<outgoing>`). */
function splitCount(proc: Element, nodeId: string): number {
  return flowElementsDeep(proc).filter((e) => e.$type === 'bpmn:SequenceFlow' && (e.get('sourceRef') as Element | undefined)?.id === nodeId).length;
}

describe('shipped forms', () => {
  it.each(formIds())('%s is a form-js schema with zh-CN labels and unique field ids', (formId) => {
    const form = readForm(formId) as { type: string; id: string; components: FormComponent[] };
    expect(form.type).toBe('default');
    expect(form.id).toBe(formId);
    const all = componentsDeep(form.components);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    for (const c of all.filter((c) => c.key !== undefined)) expect(c.label ?? c.dateLabel, `${c.key} label`).toMatch(CHINESE);
  });

  it('are each used by some process, and every referenced form exists', async () => {
    const referenced = new Set<string>();
    for (const file of processFiles()) {
      for (const el of flowElementsDeep(processOf((await parsed(file)).root))) {
        for (const f of extensionsOf(el, 'zeebe:FormDefinition')) referenced.add(String(f.get('formId')));
      }
    }
    expect([...referenced].sort()).toEqual(formIds());
  });
});

interface FormComponent {
  readonly id: string;
  readonly type: string;
  readonly key?: string;
  readonly label?: string;
  readonly dateLabel?: string;
  readonly components?: FormComponent[];
}

function componentsDeep(components: readonly FormComponent[]): FormComponent[] {
  return components.flatMap((c) => [c, ...componentsDeep(c.components ?? [])]);
}
