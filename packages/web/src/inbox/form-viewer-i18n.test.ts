import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formViewerZh } from './zh-CN.form-viewer.js';

/** Not shown to users: the sample in a doc comment, and an error thrown at developers. */
const NOT_UI = new Set(['HELLO {you}', "binding path '{value}' is already claimed"]);

function viewerStrings(): string[] {
  const entry = createRequire(import.meta.url).resolve('@bpmn-io/form-js-viewer');
  const source = readFileSync(path.join(path.dirname(entry), 'index.es.js'), 'utf8');
  const found = new Set<string>();
  for (const match of source.matchAll(/translate\((['"])((?:(?!\1).)+)\1/g)) if (match[2]) found.add(match[2]);
  return [...found].filter((text) => !NOT_UI.has(text)).sort();
}

describe('form-js viewer 2 in Chinese', () => {
  it('has a translation for every string the installed viewer passes to translate()', () => {
    // given the strings of the installed viewer; then none lacks a Chinese text
    const strings = viewerStrings();
    expect(strings.length).toBeGreaterThan(30);
    expect(strings.filter((text) => !Object.hasOwn(formViewerZh, text))).toEqual([]);
  });

  it('keeps every placeholder of the English text', () => {
    for (const [english, chinese] of Object.entries(formViewerZh)) {
      expect([...chinese.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort(), english).toEqual([...english.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort());
    }
  });
});
