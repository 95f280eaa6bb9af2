import { describe, expect, it } from 'vitest';
import { zhCNLibrary } from '../i18n/zh-CN.library.js';
import { translateDmn } from './dmn-translate.js';
import { dmnJsStrings, dynamicStrings } from './dmn-library-strings.js';
import { zhCNDmnJs } from './zh-CN.dmn-js.js';

const placeholders = (text: string): string => [...text.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '').sort().join();

describe('the dmn-js dictionary', () => {
  it('translates every string the decision table, DRD, literal and boxed expression editors show', () => {
    // given every literal translate() argument and every table of strings dmn-js translates at run time
    const strings = dmnJsStrings();
    expect(strings.size).toBeGreaterThan(180);
    // then each has a non-empty Chinese text in our dmn-js dictionary or the shared library dictionary
    const missing = [...strings].filter((text) => !(zhCNDmnJs[text] ?? zhCNLibrary[text])?.trim());
    expect(missing).toEqual([]);
  });

  it('still finds the run-time tables (hit policies, data types, validation messages) in the installed packages', () => {
    const dynamic = dynamicStrings();
    expect(dynamic).toEqual(expect.arrayContaining(['Unique', 'Collect (Sum)', 'yearMonthDuration', 'Date must match pattern yyyy-MM-dd', 'Open decision table']));
  });

  it('keeps placeholders and is really Chinese', () => {
    const broken = Object.entries(zhCNDmnJs).filter(([english, chinese]) => placeholders(english) !== placeholders(chinese));
    expect(broken).toEqual([]);
    const notChinese = Object.entries(zhCNDmnJs).filter(([, chinese]) => !/\p{Script=Han}/u.test(chinese)).map(([english]) => english);
    expect(notChinese).toEqual([]);
  });

  it('is what the translate service answers, with replacements filled', () => {
    // given no stored locale (Chinese by default)
    expect(translateDmn('Hit policy:')).toBe('命中策略：');
    expect(translateDmn('Function kind: {kind}', { kind: 'FEEL' })).toBe('函数类型：FEEL');
    // diagram-js strings fall through to the shared dictionary
    expect(translateDmn('Activate hand tool')).toBe(zhCNLibrary['Activate hand tool']);
  });
});
