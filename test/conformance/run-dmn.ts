/**
 * DMN TCK runner: `npm run conformance:dmn -- [dir…]` (default: ../shared/conformance-dmn beside the repo).
 * Every folder below a dir that holds a `*-test-*.xml` is run: each test case evaluates its result nodes'
 * decisions with its input nodes and compares with the expected values (numbers within 1e-8, as the TCK's
 * Java runners do). Prints `PASS folder/case` or `FAIL folder/case: …`, then `N passed, N failed`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { FeelDate, FeelDateTime, FeelDuration, FeelTime, date, dateAndTime, duration, time } from 'feelin';
import { evaluateDecision, parseDmn, type DmnModel } from '@zhifa/engine';

export interface CaseResult {
  readonly name: string;
  readonly passed: boolean;
  readonly detail?: string;
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_CORPUS = resolve(repoRoot, '../shared/conformance-dmn');
const TOLERANCE = 0.00000001;

type XmlNode = Record<string, unknown>;
const REPEATED = new Set(['testCase', 'inputNode', 'resultNode', 'component', 'item', 'label']);
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => REPEATED.has(name),
});

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nodes(value: unknown): XmlNode[] {
  return Array.isArray(value) ? value.filter(isNode) : [];
}

function attr(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** A TCK valueType (`value`, `component*` or `list`) as a FEEL value. */
export function tckValue(node: unknown): unknown {
  if (!isNode(node) || attr(node, 'nil') === 'true') return null;
  if ('value' in node) return scalar(node.value);
  if ('component' in node) return Object.fromEntries(nodes(node.component).map((c) => [attr(c, 'name') ?? '', tckValue(c)]));
  if ('list' in node) {
    const list = node.list;
    if (isNode(list) && attr(list, 'nil') === 'true') return null;
    return isNode(list) ? nodes(list.item).map(tckValue) : [];
  }
  return null;
}

function scalar(value: unknown): unknown {
  if (typeof value === 'string') return value;
  if (!isNode(value) || attr(value, 'nil') === 'true') return null;
  const text = typeof value['#text'] === 'string' ? value['#text'] : '';
  switch ((attr(value, 'type') ?? 'xsd:string').replace(/^.*:/, '')) {
    case 'decimal':
    case 'double':
    case 'float':
    case 'integer':
    case 'int':
    case 'long':
      return Number(text.trim());
    case 'boolean':
      return text.trim() === 'true';
    case 'date':
      return date(text.trim());
    case 'time':
      return time(text.trim());
    case 'dateTime':
      return dateAndTime(text.trim());
    case 'duration':
      return duration(text.trim());
    default:
      return text;
  }
}

function isTemporal(value: unknown): value is FeelDate | FeelTime | FeelDateTime | FeelDuration {
  return value instanceof FeelDate || value instanceof FeelTime || value instanceof FeelDateTime || value instanceof FeelDuration;
}

/** TCK comparison: numbers within the tolerance, lists in order, contexts by key set, temporals by ISO form. */
export function matches(expected: unknown, actual: unknown): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (typeof expected === 'number') return typeof actual === 'number' && Math.abs(expected - actual) < TOLERANCE;
  if (isTemporal(expected)) return isTemporal(actual) && expected.constructor === actual.constructor && expected.iso === actual.iso;
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => matches(item, actual[i]));
  }
  if (isNode(expected)) {
    if (!isNode(actual) || isTemporal(actual)) return false;
    const keys = Object.keys(expected);
    return keys.length === Object.keys(actual).length && keys.every((key) => key in actual && matches(expected[key], actual[key]));
  }
  return expected === actual;
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

/** Runs one folder's test file against its model; `label` prefixes the case names. */
export async function runFolder(folder: string, testFile: string, label: string): Promise<CaseResult[]> {
  const parsed: unknown = xml.parse(readFileSync(join(folder, testFile), 'utf8'));
  const root = isNode(parsed) && isNode(parsed.testCases) ? parsed.testCases : {};
  const modelName = typeof root.modelName === 'string' ? root.modelName.trim() : readdirSync(folder).find((f) => f.endsWith('.dmn'));
  const cases = nodes(root.testCase);
  let model: DmnModel;
  try {
    model = await parseDmn(readFileSync(join(folder, modelName ?? ''), 'utf8'));
  } catch (error) {
    const detail = `model ${modelName ?? '?'} rejected: ${error instanceof Error ? error.message : String(error)}`;
    return cases.map((c) => ({ name: `${label}/${attr(c, 'id') ?? '?'}`, passed: false, detail }));
  }
  return cases.map((testCase) => runCase(model, testCase, label));
}

function runCase(model: DmnModel, testCase: XmlNode, label: string): CaseResult {
  const name = `${label}/${attr(testCase, 'id') ?? '?'}`;
  const variables = Object.fromEntries(nodes(testCase.inputNode).map((input) => [attr(input, 'name') ?? '', tckValue(input)]));
  const failures: string[] = [];
  for (const resultNode of nodes(testCase.resultNode)) {
    const decision = attr(resultNode, 'name') ?? '';
    const evaluation = evaluateDecision(model, decision, variables);
    if (attr(resultNode, 'errorResult') === 'true') {
      if (evaluation.ok && evaluation.result !== null) failures.push(`${decision}: expected an error, got ${show(evaluation.result)}`);
      continue;
    }
    const expected = tckValue(resultNode.expected);
    if (!evaluation.ok) failures.push(`${decision}: expected ${show(expected)}, got error ${evaluation.error}`);
    else if (!matches(expected, evaluation.result)) failures.push(`${decision}: expected ${show(expected)}, got ${show(evaluation.result)}`);
  }
  return failures.length === 0 ? { name, passed: true } : { name, passed: false, detail: failures.join('; ') };
}

/** Folders below `dir` (itself included) holding a TCK test file, in name order. */
export function testFolders(dir: string): { folder: string; testFile: string }[] {
  const entries = readdirSync(dir).sort();
  const own = entries.filter((entry) => /-test-\d+\.xml$/.test(entry)).map((testFile) => ({ folder: dir, testFile }));
  const nested = entries.filter((entry) => statSync(join(dir, entry)).isDirectory()).flatMap((entry) => testFolders(join(dir, entry)));
  return [...own, ...nested];
}

export async function runConformance(dirs: readonly string[]): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const dir of dirs) {
    for (const { folder, testFile } of testFolders(dir)) {
      const label = relative(dir, folder) || folder.split(/[\\/]/).pop() || folder;
      results.push(...(await runFolder(folder, testFile, label)));
    }
  }
  return results;
}

async function main(args: readonly string[]): Promise<number> {
  const dirs = args.length > 0 ? args.map((arg) => resolve(arg)) : [DEFAULT_CORPUS];
  const missing = dirs.filter((dir) => !existsSync(dir));
  if (missing.length > 0) {
    console.error(`no such directory: ${missing.join(', ')}`);
    return 2;
  }
  const results = await runConformance(dirs);
  for (const result of results) console.log(result.passed ? `PASS ${result.name}` : `FAIL ${result.name}: ${result.detail ?? ''}`);
  const passed = results.filter((result) => result.passed).length;
  console.log(`${passed} passed, ${results.length - passed} failed`);
  return passed === results.length ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
