import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Collects, from the installed bpmn.io packages, the English strings their UI shows: the literal arguments
 * of `translate('…')` and the labels of popup entries and form-js components. Used by the i18n test only.
 */
const require = createRequire(import.meta.url);

export function packageDir(name: string, from = require): string {
  return path.dirname(from.resolve(`${name}/package.json`));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return /\.js$/.test(entry) && !/\.(spec|test)\.js$/.test(entry) ? [full] : [];
  });
}

const TRANSLATE_LITERAL = /translate\(\s*(['"])((?:(?!\1)[^\\]|\\.)+)\1/g;

export function translateLiterals(source: string): string[] {
  return [...source.matchAll(TRANSLATE_LITERAL)].map((match) => (match[2] ?? '').replace(/\\(.)/g, '$1'));
}

function literalsIn(files: readonly string[]): Set<string> {
  return new Set(files.flatMap((file) => translateLiterals(readFileSync(file, 'utf8'))));
}

/** bpmn-js and diagram-js: palette, context pad, popup menus, search, alignment… */
export function bpmnJsStrings(): Set<string> {
  const strings = literalsIn([...filesUnder(path.join(packageDir('bpmn-js'), 'lib')), ...filesUnder(path.join(packageDir('diagram-js'), 'lib'))]);
  const popupEntries = readFileSync(path.join(packageDir('bpmn-js'), 'lib/features/popup-menu/PopupEntries.js'), 'utf8');
  for (const match of popupEntries.matchAll(/label: (['"])([^'"]+)\1/g)) strings.add(match[2] ?? '');
  strings.delete('HELLO {you}');
  return strings;
}

/** The bpmn and zeebe providers of bpmn-js-properties-panel (not the Camunda 7 one we do not load) and its base. */
export function propertiesPanelStrings(): Set<string> {
  const bundle = readFileSync(path.join(packageDir('bpmn-js-properties-panel'), 'dist/index.esm.js'), 'utf8');
  const zeebeEnd = bundle.indexOf("__init__: ['zeebePropertiesProvider']");
  if (zeebeEnd < 0) throw new Error('bpmn-js-properties-panel layout changed: zeebe provider module not found');
  const strings = new Set(translateLiterals(bundle.slice(0, zeebeEnd)));
  const base = readFileSync(path.join(packageDir('@bpmn-io/properties-panel'), 'dist/index.esm.js'), 'utf8');
  for (const literal of translateLiterals(base)) strings.add(literal);
  return strings;
}

export function lintPluginStrings(): Set<string> {
  return literalsIn([path.join(packageDir('bpmn-js-bpmnlint'), 'dist/index.esm.js')]);
}

/** Messages of bpmnlint's own rules, by rule name: literal `report(…, '…')` arguments. */
export function bpmnlintRuleMessages(ruleName: string): string[] {
  const source = readFileSync(path.join(packageDir('bpmnlint'), 'rules', `${ruleName}.js`), 'utf8');
  return [...source.matchAll(/report\([^,]+,\s*(['"])([^'"]+)\1/g)].map((match) => match[2] ?? '');
}

/** Strings not shown to users (sample data in form-js's demo tables, internal names). */
const FORM_JS_NON_UI = new Set(['John Doe', 'Erika Muller', 'Dominic Leaf', 'Root', 'FilterContext', 'Powered by bpmn.io']);

/** form-js editor (and the viewer it embeds): palette entries, properties panel labels and hints. */
export function formEditorStrings(): Set<string> {
  const editorDir = packageDir('@bpmn-io/form-js-editor');
  const viewerDir = packageDir('@bpmn-io/form-js-viewer', createRequire(path.join(editorDir, 'package.json')));
  const strings = new Set<string>();
  for (const file of [path.join(editorDir, 'dist/index.es.js'), path.join(viewerDir, 'dist/index.es.js')]) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/\b(?:label|title|placeholder|description|name): (['"])([A-Z][^'"]{1,80})\1/g)) {
      if (!FORM_JS_NON_UI.has(match[2] ?? '')) strings.add(match[2] ?? '');
    }
  }
  return strings;
}

/** The token simulation's controls; the test checks each still exists in the package and is translated. */
export const TOKEN_SIMULATION_TEXTS = ['Token Simulation', 'Reset Simulation', 'Play Simulation', 'Pause Simulation', 'Toggle Simulation Log'];

export function tokenSimulationSource(): string {
  return filesUnder(path.join(packageDir('bpmn-js-token-simulation'), 'lib')).map((file) => readFileSync(file, 'utf8')).join('\n');
}
