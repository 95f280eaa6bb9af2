import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import type { HistoryEntry } from '@zhifa/api-types';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { t } from '../i18n/i18n.js';
import { translateModule } from '../modeler/translate.module.js';
import { zhifaDescriptor as zhifaModdle } from '@zhifa/engine/zhifa-descriptor';

export const StepMarker = { done: 'zf-step-done', current: 'zf-step-current', flow: 'zf-flow-taken' } as const;

export interface StepIds {
  readonly done: ReadonlySet<string>;
  readonly flows: ReadonlySet<string>;
}

/** Steps this instance completed and the sequence flows it took, from its history. */
export function stepsOf(history: readonly HistoryEntry[]): StepIds {
  const done = new Set<string>();
  const flows = new Set<string>();
  for (const entry of history) {
    if (entry.activityId === null) continue;
    if (entry.type === 'element.completed') done.add(entry.activityId);
    if (entry.type === 'flow.taken') flows.add(entry.activityId);
  }
  return { done, flows };
}

/**
 * A read-only diagram (pan, zoom) with done steps, taken flows and current steps marked, so the shape itself
 * says where the case stands; elements the diagram lacks are skipped.
 */
export async function showDiagram(container: HTMLElement, xml: string, steps: StepIds, current: readonly string[]): Promise<NavigatedViewer> {
  const viewer = new NavigatedViewer({ container, additionalModules: [translateModule], moddleExtensions: { zeebe: zeebeModdle, zhifa: zhifaModdle } });
  await viewer.importXML(xml).catch((error: unknown) => {
    // a process deployed without diagram interchange (BPMNDiagram) has nothing to draw: say so in the UI's language
    throw error instanceof Error && error.message === 'no diagram to display' ? new Error(t('diagram.none')) : error;
  });
  const canvas = viewer.get<Canvas>('canvas');
  const registry = viewer.get<{ get(id: string): unknown }>('elementRegistry');
  const mark = (id: string, marker: string) => { if (registry.get(id)) canvas.addMarker(id, marker); };
  for (const id of steps.done) if (!current.includes(id)) mark(id, StepMarker.done);
  for (const id of steps.flows) mark(id, StepMarker.flow);
  for (const id of current) mark(id, StepMarker.current);
  canvas.zoom('fit-viewport');
  return viewer;
}
