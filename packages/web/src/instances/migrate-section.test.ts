import { describe, expect, it } from 'vitest';
import { changedMapping } from './migrate-section.js';

describe('migration mapping', () => {
  it('sends only the active elements the admin mapped to another id, trimmed', () => {
    // given three active elements: one unchanged, one renamed, one cleared
    const mapping = new Map([['legalReview', 'legalReview'], ['fileCase', ' draftCase '], ['sign', '']]);
    // when the request body is built, then only the renamed one is sent
    expect(changedMapping(mapping)).toEqual({ fileCase: 'draftCase' });
  });
});
