/** Walking a parsed (bpmn-moddle) model in tests: flow elements at any depth, extensions, DI references. */

/** A moddle element as tests see it: a type name, maybe an id, and `get` for everything else. */
export interface Element {
  readonly $type: string;
  readonly id?: string;
  get(name: string): unknown;
}

function isElement(value: unknown): value is Element {
  return typeof value === 'object' && value !== null && '$type' in value && 'get' in value;
}

function elements(value: unknown): Element[] {
  return Array.isArray(value) ? value.filter(isElement) : [];
}

/** Flow elements of a process or subprocess, including those nested in subprocesses. */
export function flowElementsDeep(container: Element): Element[] {
  return elements(container.get('flowElements')).flatMap((e) => (e.$type === 'bpmn:SubProcess' ? [e, ...flowElementsDeep(e)] : [e]));
}

/** Extension elements of one moddle type (`zeebe:FormDefinition`). */
export function extensionsOf(el: Element, type: string): Element[] {
  const ext = el.get('extensionElements');
  return isElement(ext) ? elements(ext.get('values')).filter((v) => v.$type === type) : [];
}

/** Ids of the semantic elements drawn by some shape or edge, on any plane. */
export function diagramElementIds(definitions: Element): Set<string> {
  const ids = new Set<string>();
  for (const diagram of elements(definitions.get('diagrams'))) {
    const plane = diagram.get('plane');
    if (!isElement(plane)) continue;
    for (const di of elements(plane.get('planeElement'))) {
      const target = di.get('bpmnElement');
      if (isElement(target) && target.id) ids.add(target.id);
    }
  }
  return ids;
}
