/** Small reads of a definition's BPMN XML in the browser (DOMParser; the XML is our own deployment). */

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

function parse(xml: string): Document {
  return new DOMParser().parseFromString(xml, 'application/xml');
}

/** The form linked to an element's `extensionElements` (`zeebe:formDefinition formId|formKey`, `camunda:formKey`). */
function formOf(element: Element): string | undefined {
  const camunda = [...element.attributes].find((a) => a.localName === 'formKey')?.value;
  const extensions = [...element.children].find((c) => c.localName === 'extensionElements');
  const definition = extensions && [...extensions.children].find((c) => c.localName === 'formDefinition');
  return definition?.getAttribute('formId') ?? definition?.getAttribute('formKey') ?? camunda ?? undefined;
}

/** The form key of the process's (top-level, none-) start event, if it links one. */
export function startFormKey(xml: string): string | undefined {
  const doc = parse(xml);
  for (const process of doc.getElementsByTagNameNS(BPMN_NS, 'process')) {
    const start = [...process.children].find((c) => c.localName === 'startEvent' && ![...c.children].some((d) => d.localName.endsWith('EventDefinition')));
    const key = start && formOf(start);
    if (key) return key.startsWith('=') ? undefined : key;
  }
  return undefined;
}

/** Element names by id, to label timeline entries and return targets. */
export function elementNames(xml: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const element of parse(xml).getElementsByTagNameNS(BPMN_NS, '*')) {
    const id = element.getAttribute('id');
    const name = element.getAttribute('name');
    if (id && name) names.set(id, name);
  }
  return names;
}

/** Element types by id (`userTask`, `parallelGateway`…), to label unnamed elements and to tell gateways apart. */
export function elementTypes(xml: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const element of parse(xml).getElementsByTagNameNS(BPMN_NS, '*')) {
    const id = element.getAttribute('id');
    if (id) types.set(id, element.localName);
  }
  return types;
}
