/** S2: a DOCTYPE without an internal subset (`<!DOCTYPE bpmn:definitions>`) is refused like one declaring entities. */
import { compileBpmn, DeployError } from '@zhifa/engine';
import { describe, expect, it } from 'vitest';
import { plainDoctype } from './support/xml-attacks.js';

describe('S2 plain DOCTYPE', () => {
  it('given a model with a DOCTYPE and no entities, when compiled, then it is refused with MODEL_INVALID naming the line', async () => {
    const error = await compileBpmn(plainDoctype().xml).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect(error instanceof DeployError ? { code: error.code, line: error.problems[0]?.line } : undefined).toEqual({ code: 'MODEL_INVALID', line: 1 });
  });
});
