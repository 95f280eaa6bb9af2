import { describe, expect, it } from 'vitest';
import { supportedElementsMarkdown } from './support-table.js';

describe('supported elements table', () => {
  it('given the registry, when rendered, then every executable type appears with its event definitions', () => {
    const table = supportedElementsMarkdown();
    expect(table).toContain('| `bpmn:BoundaryEvent` | timer, message, signal, error, escalation, conditional, compensate |');
    expect(table).not.toContain('ComplexGateway');
  });
});
