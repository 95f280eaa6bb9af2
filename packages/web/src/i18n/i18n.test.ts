import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Role } from '@zhifa/api-types';
import { describe, expect, it } from 'vitest';
import { lintRules } from '../modeler/lint/linter-config.js';
import { LintMessage } from '../modeler/lint/zhifa-rules.js';
import { PanelText } from '../modeler/properties/panel-text.js';
import { en } from './en.js';
import { t, translateLibrary } from './i18n.js';
import {
  bpmnJsStrings, bpmnlintRuleMessages, formEditorStrings, lintPluginStrings, propertiesPanelStrings, TOKEN_SIMULATION_TEXTS,
  tokenSimulationSource,
} from './library-strings.js';
import { zhCN } from './zh-CN.js';
import { HEADER_EVENT_KINDS, HEADER_EVENT_TYPES, zhCNLibrary } from './zh-CN.library.js';

const srcDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return entry.endsWith('.ts') && !entry.endsWith('.test.ts') && !entry.endsWith('.d.ts') ? [full] : [];
  });
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '').sort();
}

function missingIn(table: Readonly<Record<string, string>>, keys: Iterable<string>): string[] {
  return [...keys].filter((key) => !Object.hasOwn(table, key) || !table[key]?.trim());
}

const hasHan = (text: string) => /\p{Script=Han}/u.test(text);

describe('our UI dictionary', () => {
  it('has the same keys, non-empty, with the same placeholders in English and Chinese', () => {
    // given both tables; then they match key for key
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [key, english] of Object.entries(en)) {
      const chinese = zhCN[key as keyof typeof en];
      expect(english.trim(), key).not.toBe('');
      expect(placeholders(chinese), key).toEqual(placeholders(english));
    }
  });

  it('is really Chinese in zh-CN (apart from the language switch, which names the other language)', () => {
    const notChinese = Object.entries(zhCN).filter(([key, text]) => key !== 'nav.switchLanguage' && !hasHan(text)).map(([key]) => key);
    expect(notChinese).toEqual([]);
  });

  it('translates every key the source uses with t(…), and every role', () => {
    // given every t('key') call in the web sources
    const used = new Set(sourceFiles(srcDir).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([^']+)'/g)].map((match) => match[1] ?? '')));
    for (const role of Role.options) used.add(`role.${role}`);
    // then each is a key of both tables
    expect(used.size).toBeGreaterThan(40);
    expect(missingIn(en, used)).toEqual([]);
    expect(missingIn(zhCN, used)).toEqual([]);
  });
});

describe('lookup', () => {
  it('speaks Chinese by default and fills placeholders, for our keys and for library strings', () => {
    // given no stored choice (no localStorage here); then
    expect(t('processes.versionN', { version: 3 })).toBe('第 3 版');
    expect(translateLibrary('Assignee')).toBe('办理人');
    expect(translateLibrary('Linked form: {formId}', { formId: 'F1' })).toBe('已关联表单：F1');
    expect(translateLibrary('a string nobody translated')).toBe('a string nobody translated');
  });
});

describe('the library dictionary (bpmn-js, properties panel, lint, token simulation, form editor)', () => {
  it('translates every string bpmn-js and diagram-js pass to translate()', () => {
    const strings = bpmnJsStrings();
    expect(strings.size).toBeGreaterThan(100);
    expect(missingIn(zhCNLibrary, strings)).toEqual([]);
  });

  it('translates every label of the bpmn and zeebe properties providers', () => {
    const strings = propertiesPanelStrings();
    expect(strings.size).toBeGreaterThan(120);
    expect(missingIn(zhCNLibrary, strings)).toEqual([]);
  });

  it('translates our zhifa: properties groups and every lint message we can raise', () => {
    const bpmnlintRules = Object.keys(lintRules).filter((name) => !name.startsWith('zhifa/'));
    const messages = [
      ...Object.values(PanelText), ...Object.values(LintMessage), ...lintPluginStrings(),
      ...bpmnlintRules.flatMap(bpmnlintRuleMessages),
      // start/end-event-required build their message from the scope type
      ...['Process', 'Sub process'].flatMap((scope) => [`${scope} is missing start event`, `${scope} is missing end event`]),
    ];
    expect(missingIn(zhCNLibrary, messages)).toEqual([]);
  });

  it('translates the element types the properties panel header shows', () => {
    const labels = HEADER_EVENT_TYPES.flatMap((type) => [type, ...HEADER_EVENT_KINDS.map((kind) => `${kind} ${type}`)]);
    expect(missingIn(zhCNLibrary, [...labels, 'User Task', 'Process', 'Exclusive Gateway', 'Sequence Flow'])).toEqual([]);
  });

  it('translates the token simulation controls, which still exist in the package', () => {
    const source = tokenSimulationSource();
    expect(TOKEN_SIMULATION_TEXTS.filter((text) => !source.includes(text))).toEqual([]);
    expect(missingIn(zhCNLibrary, TOKEN_SIMULATION_TEXTS)).toEqual([]);
  });

  it('translates the form editor palette and properties', () => {
    const strings = formEditorStrings();
    expect(strings.size).toBeGreaterThan(100);
    expect(missingIn(zhCNLibrary, strings)).toEqual([]);
  });

  it('keeps every placeholder of the English original', () => {
    const broken = Object.entries(zhCNLibrary).filter(([english, chinese]) =>
      placeholders(english).join() !== placeholders(chinese).join()).map(([english]) => english);
    expect(broken).toEqual([]);
  });
});
