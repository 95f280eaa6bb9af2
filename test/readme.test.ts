import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_PATH, withElementsTable } from '../scripts/readme-elements.js';

describe('README', () => {
  it('given the engine registry, when the README lists supported elements, then the table is the generated one', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    expect(readme).toBe(withElementsTable(readme));
  });
});
