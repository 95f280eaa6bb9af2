import { migrateDiagram } from '@bpmn-io/dmn-migrate';
import { DmnModdle, type ModdleElement } from 'dmn-moddle';
import { DeployError, ModelTooLargeError, type ModelProblem } from '../errors.js';
import type { BuildContext } from './build-context.js';
import { buildDrg } from './build-drg.js';
import type { DmnModel } from './model.js';
import { isElement, readString } from './moddle-read.js';

/** Larger DMN files are refused before parsing (a benchmark table is a few hundred kilobytes at most). */
export const MAX_DMN_BYTES = 5_000_000;

const DMN_13 = 'https://www.omg.org/spec/DMN/20191111/';
/** DMN 1.4 and 1.5 namespaces: the constructs we evaluate are unchanged, and dmn-moddle reads 1.3 only. */
const NEWER_DMN = /https:\/\/www\.omg\.org\/spec\/DMN\/(20211108|20230324)\//g;
/** DMN 1.1 (Camunda 7 tables) and 1.2 model namespaces, migrated to 1.3 with dmn-migrate. */
const OLDER_DMN = /xmlns(?::[\w.-]+)?\s*=\s*["']http:\/\/www\.omg\.org\/spec\/DMN\/(20151101\/dmn\.xsd|20180521\/MODEL\/)["']/;

/**
 * Parses and compiles DMN 1.3 XML (1.1 and 1.2 are migrated, 1.4 and 1.5 read as 1.3) into a plain, indexed model.
 * Throws DeployError listing every problem: parse warnings, unsupported logic, unknown hit policies, FEEL
 * syntax errors in any cell, unresolved or cyclic requirements.
 */
export async function parseDmn(xml: string): Promise<DmnModel> {
  if (xml.length > MAX_DMN_BYTES) throw new ModelTooLargeError(`DMN model larger than ${MAX_DMN_BYTES} characters`);
  let root: ModdleElement;
  try {
    const dmn13 = OLDER_DMN.test(xml) ? await migrateDiagram(xml) : xml.replace(NEWER_DMN, DMN_13);
    const parsed = await new DmnModdle().fromXML(dmn13, 'dmn:Definitions');
    if (parsed.warnings.length > 0) throw DeployError.of(parsed.warnings.map(warningProblem));
    root = parsed.rootElement;
  } catch (error) {
    if (error instanceof DeployError) throw error;
    if (error instanceof RangeError) throw new ModelTooLargeError('DMN model nested too deeply');
    throw DeployError.of([{ elementType: 'dmn:Definitions', reason: error instanceof Error ? error.message : String(error) }]);
  }
  const context: BuildContext = { names: collectNames(root), problems: [] };
  const model = buildDrg(context, root);
  if (context.problems.length > 0) throw DeployError.of(context.problems);
  return model;
}

function warningProblem(warning: { readonly message: string; readonly element?: ModdleElement; readonly error?: Error }): ModelProblem {
  const nested = warning.error?.message;
  const elementId = (warning.element ? readString(warning.element, 'id') : undefined) ?? /duplicate ID <([^>]*)>/.exec(nested ?? '')?.[1];
  // moddle-xml counts lines from 0.
  const position = /line: (\d+)[\s\S]*?column: (\d+)/.exec(warning.message);
  const headline = warning.message.split('\n')[0] ?? warning.message;
  return {
    ...(elementId ? { elementId } : {}),
    ...(warning.element ? { elementType: warning.element.$type } : {}),
    reason: nested && !headline.includes(nested) ? `${headline}: ${nested}` : headline,
    ...(position ? { line: Number(position[1]) + 1, column: Number(position[2]) } : {}),
  };
}

/**
 * Every name declared anywhere in the model. The FEEL parser needs them to read names with spaces
 * (`Extra days case 1`); a superset is harmless.
 */
function collectNames(root: ModdleElement): Record<string, null> {
  const names: Record<string, null> = {};
  const seen = new Set<ModdleElement>();
  const visit = (element: ModdleElement): void => {
    if (seen.has(element)) return;
    seen.add(element);
    const name = readString(element, 'name');
    if (name !== undefined) names[name] = null;
    for (const [key, value] of Object.entries(element)) {
      if (key.startsWith('$') || key === 'dmnDI') continue;
      if (isElement(value)) visit(value);
      else if (Array.isArray(value)) value.filter(isElement).forEach(visit);
    }
  };
  visit(root);
  return names;
}
