import type Canvas from 'diagram-js/lib/core/Canvas';
import { diff } from 'bpmn-js-differ';
import { openDialog } from '../app/dialog.js';
import { t } from '../i18n/i18n.js';
import { createViewer } from './create-modeler.js';

const DiffMarker = { added: 'zf-diff-added', removed: 'zf-diff-removed', changed: 'zf-diff-changed', layout: 'zf-diff-layout' } as const;

function idsOf(table: unknown): string[] {
  return typeof table === 'object' && table !== null ? Object.keys(table) : [];
}

function mark(canvas: Canvas, ids: readonly string[], marker: string, registry: { get(id: string): unknown }): void {
  for (const id of ids) if (registry.get(id)) canvas.addMarker(id, marker);
}

function pane(title: string): [HTMLElement, HTMLElement] {
  const wrapper = document.createElement('section');
  wrapper.className = 'zf-diff-pane';
  const heading = document.createElement('h3');
  heading.textContent = title;
  const canvas = document.createElement('div');
  canvas.className = 'zf-diff-canvas';
  wrapper.append(heading, canvas);
  return [wrapper, canvas];
}

function describe(value: unknown): string {
  if (value === undefined || value === null || value === '') return '∅';
  if (typeof value === 'object') return '…';
  return String(value);
}

/** One line per changed element: `id: attribute old → new`. */
function changeList(changed: Record<string, unknown>): HTMLElement {
  const list = document.createElement('ul');
  list.className = 'zf-diff-changes';
  list.dataset.testid = 'diff-changes';
  for (const [id, change] of Object.entries(changed)) {
    const attrs: unknown = typeof change === 'object' && change !== null ? Reflect.get(change, 'attrs') : undefined;
    for (const [attr, values] of Object.entries(typeof attrs === 'object' && attrs !== null ? attrs : {})) {
      const item = document.createElement('li');
      // bpmn-js-differ 3 reports attribute values the other way round: its `newValue` is the first
      // (deployed) model's value. The browser test pins this down.
      const oldValue: unknown = typeof values === 'object' && values !== null ? Reflect.get(values, 'newValue') : undefined;
      const newValue: unknown = typeof values === 'object' && values !== null ? Reflect.get(values, 'oldValue') : undefined;
      item.textContent = `${id} · ${attr}: ${describe(oldValue)} → ${describe(newValue)}`;
      list.append(item);
    }
  }
  return list;
}

/**
 * Shows the deployed version and the draft side by side with added / removed / changed elements marked,
 * and asks whether to deploy. With no deployed version it says so and still asks.
 */
export async function confirmDeployWithDiff(
  deployedXml: string | undefined, deployedLabel: string, draftXml: string, lintErrors: number,
): Promise<boolean> {
  const dialog = openDialog(t('diff.heading'), [
    { id: 'cancel', label: t('common.cancel') },
    { id: 'deploy', label: t('diff.deploy'), primary: true },
  ], 'diff-dialog', true);
  const summary = document.createElement('p');
  summary.dataset.testid = 'diff-summary';
  const panes = document.createElement('div');
  panes.className = 'zf-diff';
  const [oldPane, oldCanvas] = pane(deployedXml ? deployedLabel : t('diff.noDeployed'));
  const [newPane, newCanvas] = pane(t('diff.draft'));
  panes.append(oldPane, newPane);
  dialog.body.append(summary, panes);
  if (lintErrors > 0) {
    // lint is advice: the server decides, but the analyst should know before sending
    const warning = document.createElement('p');
    warning.className = 'zf-error';
    warning.dataset.testid = 'diff-lint-warning';
    warning.textContent = t('diff.lintErrors', { count: lintErrors });
    summary.before(warning);
  }

  const newViewer = createViewer(newCanvas);
  const oldViewer = deployedXml ? createViewer(oldCanvas) : undefined;
  try {
    await newViewer.importXML(draftXml);
    newViewer.get<Canvas>('canvas').zoom('fit-viewport');
    if (oldViewer && deployedXml) {
      await oldViewer.importXML(deployedXml);
      oldViewer.get<Canvas>('canvas').zoom('fit-viewport');
      const changes = diff(oldViewer.getDefinitions(), newViewer.getDefinitions());
      const added = idsOf(changes._added);
      const removed = idsOf(changes._removed);
      const changed = idsOf(changes._changed);
      const layout = idsOf(changes._layoutChanged);
      const newRegistry = newViewer.get<{ get(id: string): unknown }>('elementRegistry');
      const oldRegistry = oldViewer.get<{ get(id: string): unknown }>('elementRegistry');
      mark(newViewer.get<Canvas>('canvas'), added, DiffMarker.added, newRegistry);
      mark(oldViewer.get<Canvas>('canvas'), removed, DiffMarker.removed, oldRegistry);
      for (const [viewer, registry] of [[newViewer, newRegistry], [oldViewer, oldRegistry]] as const) {
        mark(viewer.get<Canvas>('canvas'), changed, DiffMarker.changed, registry);
        mark(viewer.get<Canvas>('canvas'), layout, DiffMarker.layout, registry);
      }
      summary.textContent = t('diff.summary', { added: added.length, removed: removed.length, changed: changed.length, layout: layout.length });
      summary.after(changeList(changes._changed));
    } else {
      summary.textContent = t('diff.firstVersion');
    }
  } catch (cause) {
    summary.textContent = t('error.generic', { message: String(cause) });
  }
  const answer = await dialog.result;
  newViewer.destroy();
  oldViewer?.destroy();
  return answer === 'deploy';
}
