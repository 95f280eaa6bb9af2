import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { packageDir, translateLiterals } from '../i18n/library-strings.js';

/**
 * The English strings dmn-js shows, collected from the installed packages for the translation coverage test
 * (test only, Node): every literal `translate('…')`, plus the texts it translates from tables (hit policies,
 * data types, replace options, validation messages). Those tables are named file by file; the test fails when
 * one of them moves, so a dmn-js upgrade cannot silently bring untranslated UI.
 */
export const DMN_JS_PACKAGES = ['dmn-js-decision-table', 'dmn-js-drd', 'dmn-js-literal-expression', 'dmn-js-boxed-expression', 'dmn-js-shared'] as const;

function jsFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return jsFilesUnder(full);
    return entry.endsWith('.js') ? [full] : [];
  });
}

/** Files whose strings reach `translate(variable)`, with the pattern that picks those strings out. */
export const DYNAMIC_SOURCES: readonly { readonly pkg: (typeof DMN_JS_PACKAGES)[number]; readonly file: string; readonly pattern: RegExp }[] = [
  { pkg: 'dmn-js-decision-table', file: 'lib/features/hit-policy/HitPolicies.js', pattern: /(?:label|explanation): '([^']+)'/g },
  { pkg: 'dmn-js-decision-table', file: 'lib/features/simple-duration-edit/components/DurationInput.js', pattern: /Duration: '([^']+)'/g },
  { pkg: 'dmn-js-decision-table', file: 'lib/features/simple-date-edit/Utils.js', pattern: /return '([A-Z][^']+)'/g },
  { pkg: 'dmn-js-decision-table', file: 'lib/features/simple-time-edit/Utils.js', pattern: /return '([A-Z][^']+)'/g },
  { pkg: 'dmn-js-decision-table', file: 'lib/features/simple-date-time-edit/Utils.js', pattern: /return '([A-Z][^']+)'/g },
  { pkg: 'dmn-js-shared', file: 'lib/features/data-types/DataTypes.js', pattern: /'([A-Za-z]+)'(?=[,\]])/g },
  { pkg: 'dmn-js-shared', file: 'lib/util/IdsUtil.js', pattern: /return '([A-Z][^']+)'/g },
  { pkg: 'dmn-js-drd', file: 'lib/features/replace/ReplaceOptions.js', pattern: /label: '([^']+)'/g },
  { pkg: 'dmn-js-drd', file: 'lib/features/drill-down/DrillDown.js', pattern: /title: '([^']+)'/g },
];

/** Every UI string of the dmn-js editors we load, by package. */
export function dmnJsStrings(): Set<string> {
  const strings = new Set<string>();
  for (const pkg of DMN_JS_PACKAGES) {
    for (const file of jsFilesUnder(path.join(packageDir(pkg), 'lib'))) {
      for (const literal of translateLiterals(readFileSync(file, 'utf8'))) strings.add(literal);
    }
  }
  for (const text of dynamicStrings()) strings.add(text);
  return strings;
}

/** The strings of {@link DYNAMIC_SOURCES}; throws when a file is gone or its pattern finds nothing. */
export function dynamicStrings(): string[] {
  return DYNAMIC_SOURCES.flatMap(({ pkg, file, pattern }) => {
    const found = [...readFileSync(path.join(packageDir(pkg), file), 'utf8').matchAll(pattern)].map((match) => match[1] ?? '');
    if (found.length === 0) throw new Error(`${pkg}/${file}: no strings found, the package layout changed`);
    return found;
  });
}
