import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_EVENT_DEFINITION_TYPES, SUPPORTED_FLOW_NODE_TYPES } from './supported-elements.js';

/** The engine's registry source; read as text so the web type-check does not compile the engine. */
function engineRegistrySource(): string {
  const engineIndex = createRequire(import.meta.url).resolve('@zhifa/engine');
  return readFileSync(path.join(path.dirname(engineIndex), 'model/registry.ts'), 'utf8');
}

function keysOfConst(source: string, name: string): string[] {
  const start = source.indexOf(`export const ${name} = {`);
  if (start < 0) throw new Error(`${name} not found in the engine registry`);
  const body = source.slice(start, source.indexOf('} as const;', start));
  return [...body.matchAll(/^\s*'(bpmn:[A-Za-z]+)':/gm)].map((match) => match[1] ?? '').sort();
}

describe('the modeler lint list of supported elements', () => {
  it('is the engine registry, flow node for flow node and event definition for event definition', () => {
    // given the engine's registry; then our copy lists exactly its keys
    const source = engineRegistrySource();
    expect([...SUPPORTED_FLOW_NODE_TYPES].sort()).toEqual(keysOfConst(source, 'SUPPORTED_FLOW_NODES'));
    expect([...SUPPORTED_EVENT_DEFINITION_TYPES].sort()).toEqual(keysOfConst(source, 'SUPPORTED_EVENT_DEFINITIONS'));
  });
});
