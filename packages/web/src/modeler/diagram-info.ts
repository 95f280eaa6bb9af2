import type BpmnModeler from 'bpmn-js/lib/Modeler';
import type NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { linkedFormId } from './properties/zhifa-entries.js';

export interface DiagramInfo {
  readonly key: string;
  readonly name: string;
  readonly formIds: readonly string[];
}

/** The executable process's id (the deployment key), its name, and the forms its user tasks link. */
export function diagramInfo(modeler: BpmnModeler | NavigatedViewer): DiagramInfo | undefined {
  const roots: unknown = modeler.getDefinitions()?.rootElements;
  const process = Array.isArray(roots) ? roots.find((root) => root?.$type === 'bpmn:Process') : undefined;
  if (!process || typeof process.id !== 'string') return undefined;
  const registry = modeler.get<{ filter(fn: (element: { type: string }) => boolean): Parameters<typeof linkedFormId>[0][] }>('elementRegistry');
  const formIds = registry.filter((element) => element.type === 'bpmn:UserTask').map(linkedFormId).filter((id) => id !== '');
  return { key: process.id, name: typeof process.name === 'string' && process.name ? process.name : process.id, formIds };
}
