import { currentLocale, Locale, translateLibrary } from './i18n.js';

const ATTRIBUTES = ['title', 'placeholder', 'aria-label'] as const;

/** Which part of the watched DOM is the widget's own chrome; user content (labels the analyst typed) is left alone. */
export interface TranslateScope {
  /** Translate only inside elements matching this selector. */
  readonly only?: string;
  /** Never translate inside elements matching this selector. */
  readonly skip?: string;
}

function translated(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const result = translateLibrary(trimmed);
  return result === trimmed ? undefined : text.replace(trimmed, result);
}

function inScope(element: Element | null, scope: TranslateScope): boolean {
  if (!element || element.closest('[contenteditable="true"]')) return false;
  if (scope.skip && element.closest(scope.skip)) return false;
  return !scope.only || element.closest(scope.only) !== null;
}

function translateNode(node: Node, scope: TranslateScope): void {
  if (node.nodeType === Node.TEXT_NODE) {
    const next = inScope(node.parentElement, scope) ? translated(node.nodeValue ?? '') : undefined;
    if (next !== undefined) node.nodeValue = next;
    return;
  }
  if (!(node instanceof Element)) return;
  if (inScope(node, scope)) {
    for (const attribute of ATTRIBUTES) {
      const value = node.getAttribute(attribute);
      const next = value === null ? undefined : translated(value);
      if (next !== undefined) node.setAttribute(attribute, next);
    }
  }
  for (const child of Array.from(node.childNodes)) translateNode(child, scope);
}

/**
 * Translates the visible strings of a widget that has no i18n of its own (the form editor, the token
 * simulation controls) by watching its DOM: text nodes and title/placeholder/aria-label attributes that
 * match a key of the library dictionary are replaced. Returns a function that stops watching.
 */
export function translateDom(root: HTMLElement, scope: TranslateScope = {}): () => void {
  if (currentLocale() === Locale.en) return () => undefined;
  translateNode(root, scope);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'childList') record.addedNodes.forEach((node) => translateNode(node, scope));
      else translateNode(record.target, scope);
    }
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: [...ATTRIBUTES] });
  return () => observer.disconnect();
}
