import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import zhifaModdle from './zhifa-moddle.json';

/**
 * The engine's copy of the descriptor, loaded at run time by path so that the web type-check and bundle
 * never include engine code.
 */
async function engineDescriptor(): Promise<unknown> {
  const engineIndex = createRequire(import.meta.url).resolve('@zhifa/engine');
  const module: unknown = await import(pathToFileURL(path.join(path.dirname(engineIndex), 'model/zhifa-descriptor.ts')).href);
  return typeof module === 'object' && module !== null ? Reflect.get(module, 'zhifaDescriptor') : undefined;
}

describe('the zhifa: moddle descriptor of the modeler', () => {
  it('is the one the engine parses with, so what the panel writes the engine reads', async () => {
    // given both descriptors; then they are equal
    expect(zhifaModdle).toEqual(await engineDescriptor());
  });
});
