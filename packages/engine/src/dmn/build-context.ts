import type { ModdleElement } from 'dmn-moddle';
import type { ModelProblem } from '../errors.js';
import { feelSyntaxProblem, type NameScope } from './feel.js';
import { readString } from './moddle-read.js';

/** Shared state while compiling one model: names the FEEL parser needs, and the problems found. */
export interface BuildContext {
  readonly names: NameScope;
  readonly problems: ModelProblem[];
}

export function problem(context: BuildContext, element: ModdleElement | undefined, reason: string, fallbackId?: string): void {
  const elementId = (element ? readString(element, 'id') : undefined) ?? fallbackId;
  context.problems.push({ ...(elementId ? { elementId } : {}), ...(element ? { elementType: element.$type } : {}), reason });
}

/** Checks FEEL text, recording a problem on `element` when it does not parse. */
export function checkFeel(context: BuildContext, element: ModdleElement, text: string, what: string, fallbackId?: string): void {
  if (text.trim() === '') return;
  const syntax = feelSyntaxProblem(text, context.names, 'expression');
  if (syntax !== undefined) problem(context, element, `${what}: ${syntax}`, fallbackId);
}

/** `{ key: value }` when value is defined, else `{}`: keeps the compiled model free of undefined. */
export function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  const out: Partial<Record<K, V>> = {};
  if (value !== undefined) out[key] = value;
  return out;
}
