import { currentLocale, Locale, translateLibrary } from '../i18n/i18n.js';
import { zhCNDmnJs } from './zh-CN.dmn-js.js';

/** dmn-js's own strings from our dmn dictionary; diagram-js strings (DRD palette, context pad) as in bpmn-js. */
export function translateDmn(template: string, replacements?: Readonly<Record<string, string | number>>): string {
  const own = currentLocale() === Locale.en ? undefined : zhCNDmnJs[template];
  return own === undefined ? translateLibrary(template, replacements) : translateLibrary(own, replacements);
}

/** Replaces the identity `translate` service in every dmn-js view. */
export const dmnTranslateModule = { translate: ['value', translateDmn] };
