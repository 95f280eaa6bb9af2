/**
 * BPMN XML → compiled, frozen, indexed model. Every problem (parse warning, unsupported element, broken
 * reference, bad expression) becomes a `ModelProblem`; any problem fails the deploy with `DeployError`.
 */
import { DeployError, type ModelProblem } from '../errors.js';
import { checkModelLimits } from './limits.js';
import { elementsOf, isElement, parseBpmnXml, stringOf, type ModdleElement, type ParseWarning } from './moddle.js';
import type { CompiledDefinitions, CompiledProcess, Expr } from './model.js';
import { ProcessBuilder } from './process-builder.js';
import { makeClassifier } from './expressions.js';
import { idOfTagAt, lineAndColumn, offsetOf, startTagOffsets, tagNameAt } from './xml-scan.js';

export async function compileBpmn(xml: string): Promise<CompiledDefinitions> {
  checkModelLimits(xml);
  const parsed = await parseBpmnXml(xml);
  const problems: ModelProblem[] = [];
  const unresolved = new Map<ModdleElement, Record<string, string>>();
  for (const warning of parsed.warnings) {
    const tolerated = toleratedReference(warning);
    if (tolerated) {
      const refs = unresolved.get(tolerated.element) ?? {};
      refs[tolerated.property] = tolerated.value;
      unresolved.set(tolerated.element, refs);
      continue;
    }
    problems.push(problemOf(warning, parsed.parsedXml, xml));
  }
  const definitions = parsed.rootElement;
  const processes: CompiledProcess[] = [];
  const messagesByRef = indexRootElements(definitions, 'bpmn:Message');
  const classifyProblems = (p: ModelProblem) => problems.push(p);
  for (const proc of executableProcesses(definitions)) {
    const classify = makeClassifier(classifyProblems);
    const builder = new ProcessBuilder(proc, { classify, report: classifyProblems, unresolved, messagesByRef, xml });
    processes.push(builder.build());
  }
  if (problems.length === 0 && processes.length === 0) {
    problems.push({ reason: 'the model contains no executable process', elementType: 'bpmn:Definitions' });
  }
  if (problems.length > 0) throw DeployError.of(problems);
  const byId: Record<string, CompiledProcess> = {};
  for (const p of processes) byId[p.id] = p;
  return deepFreeze({ processes, byId });
}

/** References the engine reads as plain names rather than element ids (Camunda's MI collection names,
 *  QName message refs resolved by local name). */
function toleratedReference(w: ParseWarning): { element: ModdleElement; property: string; value: string } | undefined {
  const value = stringOf(w.value);
  if (!w.element || !w.property || value === undefined) return undefined;
  if (w.property === 'bpmn:loopDataInputRef' || w.property === 'bpmn:loopDataOutputRef') {
    return { element: w.element, property: w.property, value };
  }
  if (w.property === 'bpmn:messageRef' && value.includes(':')) return { element: w.element, property: w.property, value };
  // Diagram interchange pointing at nothing does not affect execution.
  if (w.property === 'bpmndi:bpmnElement') return { element: w.element, property: w.property, value };
  return undefined;
}

function problemOf(w: ParseWarning, parsedXml: string, xml: string): ModelProblem {
  const line = /line: (\d+)/.exec(w.message)?.[1];
  const column = /column: (\d+)/.exec(w.message)?.[1];
  const nested = /nested error: (.*)/.exec(w.message)?.[1];
  const reason = nested ?? w.message.split('\n')[0] ?? w.message;
  // moddle-xml quotes the tag up to its first space, or whole when it has none.
  const tag = /^unparsable content <([^\s/>]+)/.exec(w.message)?.[1];
  const at = line === undefined || column === undefined ? undefined : warningPosition(parsedXml, xml, Number(line), Number(column), tag);
  const elementId = w.element?.id ?? w.element?.$parent?.id ?? at?.id;
  const duplicate = /duplicate ID <([^>]+)>/.exec(reason)?.[1];
  return {
    elementId: duplicate ?? elementId,
    elementType: w.element?.$type ?? /<([^>\s]+)>/.exec(w.message)?.[1],
    reason: w.property ? `${reason} (${w.property})` : reason,
    line: at?.line,
    column: at?.column,
  };
}

/**
 * Places a parser warning (0-based line and column in the text the parser read) in the deployed XML: 1-based
 * line and column and, when the position is the start tag the warning names, that tag's own id. The parser
 * read a normalised copy (namespace alias, blanks around `=`) whose positions may differ, so the tag is found
 * by its rank among start tags, which normalising does not change.
 */
function warningPosition(
  parsedXml: string,
  xml: string,
  line: number,
  column: number,
  tag: string | undefined,
): { line: number; column: number; id?: string } {
  const offset = offsetOf(parsedXml, line, column);
  const fallback = { line: line + 1, column: column + 1 };
  if (offset === undefined || tag === undefined || tagNameAt(parsedXml, offset) !== tag) return fallback;
  let rank = 0;
  for (const start of startTagOffsets(parsedXml)) {
    if (start >= offset) break;
    rank += 1;
  }
  let seen = 0;
  for (const start of startTagOffsets(xml)) {
    if (seen === rank) {
      if (tagNameAt(xml, start) !== tag) return fallback;
      const id = idOfTagAt(xml, start);
      return { ...lineAndColumn(xml, start), ...(id !== undefined && { id }) };
    }
    seen += 1;
  }
  return fallback;
}

function indexRootElements(definitions: ModdleElement, type: string): Map<string, ModdleElement> {
  const out = new Map<string, ModdleElement>();
  for (const el of elementsOf(definitions.get('rootElements'))) {
    if (el.$type === type && el.id) out.set(el.id, el);
  }
  return out;
}

function executableProcesses(definitions: ModdleElement): ModdleElement[] {
  return elementsOf(definitions.get('rootElements')).filter(
    (el) => el.$type === 'bpmn:Process' && el.get('isExecutable') !== false,
  );
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export type { Expr };
export { isElement };
