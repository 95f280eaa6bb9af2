import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { checkSyntax, classifyExpression } from './index.js';

/** The public BPMN corpus lives beside the repository (../shared/conformance); CI checks it out too. */
const corpus = fileURLToPath(new URL('../../../../../shared/conformance/models', import.meta.url));

function modelFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? modelFiles(join(dir, entry.name)) : /\.(bpmn|xml)$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

/** Attribute values and element texts that hold expressions in Camunda 7 / 8 models. */
function expressionsIn(xml: string): string[] {
  const juel = xml.match(/[$#]\{[^}]*\}/g) ?? [];
  const feel = [...xml.matchAll(/="(=[^"]*)"/g)].map((match) => (match[1] ?? '').replace(/&gt;/g, '>').replace(/&lt;/g, '<'));
  return [...juel, ...feel];
}

describe('expressions of the conformance corpus', () => {
  test('given every ${…} and =… expression in the corpus models, when classified and checked, then all are accepted', () => {
    const found = modelFiles(corpus).flatMap((file) => expressionsIn(readFileSync(file, 'utf8')));
    expect(found.length).toBeGreaterThan(30);
    for (const raw of found) {
      const classified = classifyExpression(raw);
      expect(classified.kind, raw).not.toBe('literal');
      if (classified.kind !== 'literal') expect(checkSyntax(classified.kind, classified.source), raw).toEqual({ ok: true });
    }
  });
});
