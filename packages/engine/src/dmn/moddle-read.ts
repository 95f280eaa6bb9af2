import type { ModdleElement } from 'dmn-moddle';

/** Typed reads from dmn-moddle's untyped element objects. */

export function isElement(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && '$type' in value && typeof value.$type === 'string';
}

export function readString(element: ModdleElement, property: string): string | undefined {
  const value = element[property];
  return typeof value === 'string' ? value : undefined;
}

export function readBoolean(element: ModdleElement, property: string): boolean {
  return element[property] === true;
}

export function readChild(element: ModdleElement, property: string): ModdleElement | undefined {
  const value = element[property];
  return isElement(value) ? value : undefined;
}

export function readChildren(element: ModdleElement, property: string): ModdleElement[] {
  const value = element[property];
  return Array.isArray(value) ? value.filter(isElement) : [];
}

/** Text of a `text` property, or of a child element holding one (e.g. `inputExpression/text`). */
export function readText(element: ModdleElement | undefined): string | undefined {
  return element ? readString(element, 'text') : undefined;
}

/** The id in an `href="#id"` reference. */
export function readHref(element: ModdleElement | undefined): string | undefined {
  const href = element ? readString(element, 'href') : undefined;
  if (href === undefined) return undefined;
  const hash = href.lastIndexOf('#');
  return hash >= 0 ? href.slice(hash + 1) : href;
}
