import { ApiPath, type ProcessDefinition } from '@zhifa/api-types';
import type BpmnModeler from 'bpmn-js/lib/Modeler';
import type NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import { html, render } from 'lit-html';
import { ApiError, apiJson, apiText } from '../app/api-client.js';
import { downloadFile } from '../app/download.js';
import { navBar } from '../app/nav.js';
import { RoutePath, type Page } from '../app/router.js';
import { canDeploy, loadSession } from '../app/session.js';
import { translateDom } from '../i18n/dom-translator.js';
import { t } from '../i18n/i18n.js';
import { createModeler, createViewer } from '../modeler/create-modeler.js';
import { clearProblems, problemsOf, showProblems, type DeployProblem, type ProblemServices } from '../modeler/deploy-problems.js';
import { deployDiagram, latestDeployed } from '../modeler/deploy.js';
import { diagramInfo } from '../modeler/diagram-info.js';
import { confirmDeployWithDiff } from '../modeler/diff-dialog.js';
import { countLintErrors } from '../modeler/lint/linter-config.js';
import { svgToPng } from '../modeler/export-image.js';
import { connectFormLinks } from '../modeler/form-link.js';
import { loadDraft, saveDraft } from '../modeler/modeler-draft.js';
import { newDiagramXml, newProcessId } from '../modeler/new-diagram.js';


interface Status {
  kind: 'info' | 'error' | 'success';
  text: string;
}

/** A deployed version when asked for one (or the tab's edits of it), else the tab's draft, else a new diagram. */
async function initialXml(definitionId: string | null): Promise<string> {
  const draft = loadDraft();
  if (definitionId) {
    return draft?.origin === definitionId ? draft.xml : apiText(ApiPath.processDefinitionXml, { params: { id: definitionId } });
  }
  return draft?.xml ?? newDiagramXml(newProcessId(), t('modeler.newProcessName'));
}

export const modelerPage: Page = async (container, query) => {
  const editable = canDeploy(loadSession());
  let status: Status | undefined;
  let problems: readonly DeployProblem[] = [];
  let deployed: ProcessDefinition | undefined;
  let modeler: BpmnModeler | undefined;
  let viewer: BpmnModeler | NavigatedViewer | undefined;

  const problemServices = (): ProblemServices | undefined => viewer && {
    canvas: viewer.get('canvas'), overlays: viewer.get('overlays'), elementRegistry: viewer.get('elementRegistry'),
  };
  const setStatus = (next: Status | undefined) => { status = next; draw(); };
  const run = (action: (event?: Event) => Promise<void>) => (event?: Event) => void action(event).catch((cause: unknown) => setStatus({ kind: 'error', text: t('error.generic', { message: cause instanceof Error ? cause.message : String(cause) }) }));

  /** A new or imported diagram is no longer an edit of the deployed version in the URL. */
  const detach = () => {
    deployed = undefined;
    history.replaceState(null, '', RoutePath.modeler);
  };
  const load = async (xml: string) => {
    if (!viewer) return;
    const { warnings } = await viewer.importXML(xml);
    if (modeler) saveDraft(deployed?.id ?? null, xml);
    viewer.get<Canvas>('canvas').zoom('fit-viewport');
    problems = [];
    setStatus(warnings.length ? { kind: 'info', text: t('modeler.importWarnings', { count: warnings.length }) } : undefined);
  };
  const saveXml = async () => (await (viewer ?? failNoViewer()).saveXML({ format: true })).xml ?? '';

  const actions = {
    newDiagram: run(async () => { detach(); await load(newDiagramXml(newProcessId(), t('modeler.newProcessName'))); }),
    open: () => container.querySelector<HTMLInputElement>('input[type=file]')?.click(),
    fileChosen: run(async (event?: Event) => {
      const input = event?.target;
      const file = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
      if (file) {
        detach();
        await load(await file.text());
      }
      if (input instanceof HTMLInputElement) input.value = '';
    }),
    saveBpmn: run(async () => downloadFile(`${diagramInfo(viewer ?? failNoViewer())?.key ?? 'diagram'}.bpmn`, await saveXml(), 'application/xml')),
    exportSvg: run(async () => downloadFile('diagram.svg', (await (viewer ?? failNoViewer()).saveSVG()).svg, 'image/svg+xml')),
    exportPng: run(async () => downloadFile('diagram.png', await svgToPng((await (viewer ?? failNoViewer()).saveSVG()).svg))),
    undo: () => modeler?.get<{ undo(): void }>('commandStack').undo(),
    redo: () => modeler?.get<{ redo(): void }>('commandStack').redo(),
    deploy: run(async () => {
      if (!modeler) return;
      const info = diagramInfo(modeler);
      if (!info) throw new Error(t('modeler.noProcess'));
      const xml = await saveXml();
      const previous = await latestDeployed(info.key);
      const label = previous ? t('diff.deployedVersion', { version: previous.definition.version }) : '';
      const lintErrors = countLintErrors(await modeler.get<{ lint(): Promise<unknown> }>('linting').lint());
      if (!(await confirmDeployWithDiff(previous?.xml, label, xml, lintErrors))) return;
      const services = problemServices();
      try {
        const deployment = await deployDiagram(info.name, info.key, xml, info.formIds);
        if (services) clearProblems(services);
        problems = [];
        const version = deployment.processDefinitions.find((definition) => definition.key === info.key)?.version;
        setStatus({ kind: 'success', text: t('modeler.deployed', { key: info.key, version: version ?? '?' }) });
      } catch (cause) {
        if (!(cause instanceof ApiError) || cause.status !== 422) throw cause;
        problems = problemsOf(cause.details, cause.message);
        if (services) showProblems(services, problems);
        setStatus({ kind: 'error', text: t('modeler.deployRejected', { message: cause.message }) });
      }
    }),
  };

  function draw(): void {
    render(html`${navBar(RoutePath.modeler)}
      <main class="zf-modeler-page">
        <div class="zf-toolbar" role="toolbar">
          ${editable ? html`<button type="button" data-testid="new-diagram" @click=${actions.newDiagram}>${t('modeler.new')}</button>
            <button type="button" data-testid="open-diagram" @click=${actions.open}>${t('modeler.open')}</button>
            <input type="file" accept=".bpmn,.xml" hidden data-testid="open-file-input" @change=${actions.fileChosen} />` : ''}
          <button type="button" data-testid="save-bpmn" @click=${actions.saveBpmn}>${t('modeler.saveBpmn')}</button>
          <button type="button" data-testid="export-svg" @click=${actions.exportSvg}>${t('modeler.exportSvg')}</button>
          <button type="button" data-testid="export-png" @click=${actions.exportPng}>${t('modeler.exportPng')}</button>
          ${editable ? html`<button type="button" data-testid="undo" title=${t('modeler.undoHint')} @click=${actions.undo}>${t('modeler.undo')}</button>
            <button type="button" data-testid="redo" title=${t('modeler.redoHint')} @click=${actions.redo}>${t('modeler.redo')}</button>
            <button type="button" class="zf-primary" data-testid="deploy" @click=${actions.deploy}>${t('modeler.deploy')}</button>`
            : html`<span class="zf-muted" data-testid="read-only-notice">${t('modeler.readOnly')}</span>`}
          ${deployed ? html`<span class="zf-muted">${t('modeler.basedOn', { key: deployed.key, version: deployed.version })}</span>` : ''}
          <span class="zf-muted zf-shortcuts">${t('modeler.shortcuts')}</span>
        </div>
        ${status ? html`<p class=${`zf-status zf-${status.kind}`} role="status" data-testid="modeler-status">${status.text}</p>` : ''}
        ${problems.length ? html`<ul class="zf-problems" data-testid="deploy-problems">${problems.map((problem) =>
          html`<li><code>${problem.elementId ?? '—'}</code> ${problem.reason}</li>`)}</ul>` : ''}
        <div class="zf-modeler-body">
          <div class="zf-canvas" data-testid="canvas"></div>
          ${editable ? html`<aside class="zf-properties" data-testid="properties-panel"></aside>` : ''}
        </div>
      </main>`, container);
  }

  draw();
  const canvasHost = container.querySelector<HTMLElement>('.zf-canvas');
  const propertiesHost = container.querySelector<HTMLElement>('.zf-properties');
  if (!canvasHost) throw new Error('canvas host missing');
  if (editable && propertiesHost) {
    modeler = createModeler(canvasHost, propertiesHost);
    viewer = modeler;
    connectFormLinks(modeler);
    modeler.on('commandStack.changed', () => void saveXml().then((xml) => saveDraft(deployed?.id ?? null, xml)));
  } else {
    viewer = createViewer(canvasHost);
  }
  // only the token simulation's own controls: diagram labels are the analyst's text
  const stopTranslating = translateDom(canvasHost, { only: '[class*="bts-"]' });
  const definitionId = query.get('definitionId');
  try {
    if (definitionId) deployed = await apiJson<ProcessDefinition>(ApiPath.processDefinition, { params: { id: definitionId } });
    await load(await initialXml(definitionId));
  } catch (cause) {
    setStatus({ kind: 'error', text: t('error.generic', { message: String(cause) }) });
  }
  return () => {
    stopTranslating();
    viewer?.destroy();
  };
};

function failNoViewer(): never {
  throw new Error('the diagram is not ready');
}
