import { en, type UiKey } from './en.js';
import { zhCN } from './zh-CN.js';
import { zhCNLibrary } from './zh-CN.library.js';

export const Locale = { zh: 'zh-CN', en: 'en' } as const;
export type Locale = (typeof Locale)[keyof typeof Locale];

const STORAGE_KEY = 'zhifa.locale';

export function currentLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  return stored === Locale.en ? Locale.en : Locale.zh;
}

/** Persists the choice; the caller re-renders (bpmn-js translates at render time, so pages are rebuilt). */
export function setLocale(locale: Locale): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

function interpolate(template: string, params: Readonly<Record<string, string | number>> | undefined): string {
  if (!params) return template;
  return template.replace(/\{([^}]+)\}/g, (match, name: string) => {
    const value = params[name];
    return value === undefined ? match : String(value);
  });
}

/** A string of our own UI, by key. */
export function t(key: UiKey, params?: Readonly<Record<string, string | number>>): string {
  const table = currentLocale() === Locale.en ? en : zhCN;
  return interpolate(table[key], params);
}

/**
 * A string of a bpmn.io library (bpmn-js, properties panel, lint, form editor), keyed by its English text.
 * English is the identity; Chinese comes from our library dictionary.
 */
export function translateLibrary(template: string, replacements?: Readonly<Record<string, string | number>>): string {
  const translated = currentLocale() === Locale.en ? template : (zhCNLibrary[template] ?? template);
  return interpolate(translated, replacements);
}
