/**
 * The moddle instance used to read BPMN: bpmn-moddle + zeebe (Camunda 8) + camunda (Camunda 7) + zhifa
 * descriptors. Camunda 7 itself accepts the legacy activiti namespace as an alias of its own, so that URI
 * is rewritten to the camunda one before parsing.
 */
import { DeployError } from '../errors.js';
import { BpmnModdle } from 'bpmn-moddle';
import camundaDescriptor from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { zhifaDescriptor } from './zhifa-descriptor.js';

export const ACTIVITI_NAMESPACE = 'http://activiti.org/bpmn';
export const CAMUNDA_NAMESPACE = 'http://camunda.org/schema/1.0/bpmn';

/** A parsed moddle element, typed loosely: the compiler narrows each property it reads. */
export interface ModdleElement {
  readonly $type: string;
  readonly id?: string;
  readonly $attrs?: Readonly<Record<string, string>>;
  readonly $parent?: ModdleElement;
  get(name: string): unknown;
  readonly [key: string]: unknown;
}

export interface ParseWarning {
  readonly message: string;
  readonly element?: ModdleElement;
  readonly property?: string;
  readonly value?: unknown;
}

export interface ParseResult {
  readonly rootElement: ModdleElement;
  readonly warnings: readonly ParseWarning[];
  /** The text the parser read (namespace alias and attribute blanks normalised); warning positions refer to it. */
  readonly parsedXml: string;
}

export function createModdle(): BpmnModdle {
  return new BpmnModdle({
    camunda: camundaDescriptor,
    zeebe: withoutTemplateConflict(zeebeDescriptor),
    zhifa: zhifaDescriptor,
  });
}

let shared: BpmnModdle | undefined;

/** Parses BPMN XML (async in bpmn-moddle); warnings are returned, not thrown. */
export async function parseBpmnXml(xml: string): Promise<ParseResult> {
  shared ??= createModdle();
  const parsedXml = tightenAttributes(aliasActiviti(xml));
  let result: unknown;
  try {
    result = await shared.fromXML(parsedXml, 'bpmn:Definitions');
  } catch (error) {
    throw unreadable(error);
  }
  if (!isModdleResult(result)) throw new Error('bpmn-moddle returned an unexpected result');
  return { rootElement: result.rootElement, warnings: result.warnings, parsedXml };
}

/** XML the parser cannot read at all is a model error (422) with the line and column it stopped at. */
function unreadable(error: unknown): DeployError {
  const message = error instanceof Error ? error.message : String(error);
  const line = /line:\s*(\d+)/.exec(message)?.[1];
  const column = /column:\s*(\d+)/.exec(message)?.[1];
  const reason = `unreadable BPMN XML: ${message.split('\n')[0] ?? message}`;
  // The XML parser counts lines from 0 and columns from 1.
  return DeployError.of([
    { elementType: 'bpmn:Definitions', reason, ...(line !== undefined && { line: Number(line) + 1 }), ...(column !== undefined && { column: Number(column) }) },
  ]);
}

function isModdleResult(value: unknown): value is Omit<ParseResult, 'parsedXml'> {
  return typeof value === 'object' && value !== null && 'rootElement' in value && 'warnings' in value;
}

export function isElement(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && '$type' in value && typeof value.$type === 'string';
}

export function elementsOf(value: unknown): ModdleElement[] {
  return Array.isArray(value) ? value.filter(isElement) : [];
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Binds `xmlns:x="http://activiti.org/bpmn"` to the camunda namespace (same extension vocabulary). */
function aliasActiviti(xml: string): string {
  return xml.includes(ACTIVITI_NAMESPACE) ? xml.replaceAll(`"${ACTIVITI_NAMESPACE}"`, `"${CAMUNDA_NAMESPACE}"`) : xml;
}

/**
 * Both vendor descriptors add `modelerTemplate`/`modelerTemplateVersion` to the same BPMN types, which
 * moddle refuses; keep camunda's and drop zeebe's copies (same meaning, attribute names differ by prefix).
 */
function withoutTemplateConflict<T extends { types: readonly { name: string; properties?: readonly { name: string }[] }[] }>(descriptor: T): T {
  const clash = new Set(['modelerTemplate', 'modelerTemplateVersion']);
  return {
    ...descriptor,
    types: descriptor.types.map((t) =>
      t.name === 'TemplateSupported' ? { ...t, properties: (t.properties ?? []).filter((p) => !clash.has(p.name)) } : t,
    ),
  };
}

const START_TAG = /<[A-Za-z_][^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*\/?>/g;

/**
 * XML allows blanks around `=` in attributes (`source ="x"`); bpmn-moddle's parser does not. Removes
 * them inside start tags only, outside quoted values.
 */
export function tightenAttributes(xml: string): string {
  if (!/\s=|=\s/.test(xml)) return xml;
  return xml.replace(START_TAG, (tag) =>
    tag
      .split(/("[^"]*"|'[^']*')/)
      .map((part, i) => (i % 2 === 1 ? part : part.replace(/\s*=\s*/g, '=')))
      .join(''),
  );
}
