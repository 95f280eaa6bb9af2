/**
 * Every MIWG reference model and every corpus model imports and exports (bpmn-moddle toXML) without losing
 * elements: the census of element ids/types and of element types is the same before and after.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createModdle, parseBpmnXml } from '@zhifa/engine';

const corpus = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'conformance');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(bpmn|xml)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Reads a model honouring an ISO-8859-1 declaration. */
function readModel(path: string): string {
  const bytes = readFileSync(path);
  const head = bytes.subarray(0, 100).toString('latin1');
  return /encoding=["']ISO-8859-1["']/i.test(head) ? bytes.toString('latin1') : bytes.toString('utf8');
}

interface Census {
  readonly ids: Record<string, string>;
  readonly types: Record<string, number>;
}

function census(root: unknown): Census {
  const ids: Record<string, string> = {};
  const types: Record<string, number> = {};
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (typeof value !== 'object' || value === null || seen.has(value) || !('$type' in value)) return;
    seen.add(value);
    const el = value as Record<string, unknown> & { $type: string };
    types[el.$type] = (types[el.$type] ?? 0) + 1;
    if (typeof el.id === 'string') ids[el.id] = el.$type;
    for (const [key, child] of Object.entries(el)) {
      if (key === '$parent' || key.endsWith('Ref') || key.endsWith('Refs') || key === 'bpmnElement' || key === 'default' || key === 'attachedToRef') continue;
      visit(child);
    }
  };
  visit(root);
  return { ids, types };
}

const models = [...files(join(corpus, 'miwg')), ...files(join(corpus, 'models'))];

describe('BPMN XML round trip', () => {
  it('given the corpus, when listed, then there are models to check', () => {
    expect(models.length).toBeGreaterThanOrEqual(80);
  });

  for (const path of models) {
    it(`given ${path.slice(corpus.length + 1)}, when imported and exported, then no element is lost`, async () => {
      // Import as a deploy would (legacy activiti namespace read as camunda), export, import again.
      const first = await parseBpmnXml(readModel(path));
      const { xml } = await createModdle().toXML(first.rootElement, { format: true });
      const second = await parseBpmnXml(xml);
      const before = census(first.rootElement);
      const after = census(second.rootElement);
      expect(Object.keys(before.ids).length).toBeGreaterThan(0);
      expect(after.ids).toEqual(before.ids);
      expect(after.types).toEqual(before.types);
    });
  }
});
