import type { Element } from 'bpmn-js/lib/model/Types';

/** A moddle element as bpmn-js hands it out (untyped in bpmn-js's own typings). */
export interface ModdleElement {
  readonly $type: string;
  $parent?: ModdleElement;
  get(name: string): unknown;
}

export interface ModdleServices {
  readonly bpmnFactory: { create(type: string, attrs?: Record<string, unknown>): ModdleElement };
  readonly commandStack: { execute(command: string, context: unknown): void };
}

interface Command {
  readonly cmd: 'element.updateModdleProperties';
  readonly context: { element: Element; moddleElement: ModdleElement; properties: Record<string, unknown> };
}

function isModdle(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && '$type' in value && 'get' in value;
}

function listOf(value: unknown): ModdleElement[] {
  return Array.isArray(value) ? value.filter(isModdle) : [];
}

/** The first extension element of `type` inside `owner` (a business object or an event definition). */
export function findExtension(owner: ModdleElement | undefined, type: string): ModdleElement | undefined {
  const extensionElements = owner?.get('extensionElements');
  return isModdle(extensionElements) ? listOf(extensionElements.get('values')).find((value) => value.$type === type) : undefined;
}

export function stringAttr(element: ModdleElement | undefined, name: string): string {
  const value = element?.get(name);
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function childrenOf(element: ModdleElement | undefined, property: string): ModdleElement[] {
  return listOf(element?.get(property));
}

function update(element: Element, moddleElement: ModdleElement, properties: Record<string, unknown>): Command {
  return { cmd: 'element.updateModdleProperties', context: { element, moddleElement, properties } };
}

/** Commands that make sure `owner` has the extension `type`; returns it (possibly new) and the commands. */
function ensureExtension(element: Element, owner: ModdleElement, type: string, services: ModdleServices): [ModdleElement, Command[]] {
  const commands: Command[] = [];
  let extensionElements = owner.get('extensionElements');
  if (!isModdle(extensionElements)) {
    extensionElements = services.bpmnFactory.create('bpmn:ExtensionElements', { values: [] });
    if (!isModdle(extensionElements)) throw new Error('bpmnFactory returned no moddle element');
    extensionElements.$parent = owner;
    commands.push(update(element, owner, { extensionElements }));
  }
  const existing = listOf(extensionElements.get('values')).find((value) => value.$type === type);
  if (existing) return [existing, commands];
  const created = services.bpmnFactory.create(type, {});
  created.$parent = extensionElements;
  commands.push(update(element, extensionElements, { values: [...listOf(extensionElements.get('values')), created] }));
  return [created, commands];
}

/** Sets attributes of the extension `type` of `owner`, creating it if needed: one undoable step. */
export function setExtensionAttrs(
  element: Element, owner: ModdleElement, type: string, properties: Record<string, unknown>, services: ModdleServices,
): void {
  const [extension, commands] = ensureExtension(element, owner, type, services);
  commands.push(update(element, extension, properties));
  services.commandStack.execute('properties-panel.multi-command-executor', commands);
}

/** Sets attributes of the first `childType` child (in `property`) of the extension `type`, creating both if needed. */
export function setExtensionChildAttrs(
  element: Element, owner: ModdleElement, type: string, property: string, childType: string,
  properties: Record<string, unknown>, services: ModdleServices,
): void {
  const [extension, commands] = ensureExtension(element, owner, type, services);
  let child = childrenOf(extension, property)[0];
  if (!child) {
    child = services.bpmnFactory.create(childType, {});
    child.$parent = extension;
    commands.push(update(element, extension, { [property]: [child] }));
  }
  commands.push(update(element, child, properties));
  services.commandStack.execute('properties-panel.multi-command-executor', commands);
}
