import './decisions.css';
import { html, nothing, render } from 'lit-html';
import { ApiError } from '../app/api-client.js';
import { downloadFile } from '../app/download.js';
import { navBar } from '../app/nav.js';
import { navigate, RoutePath, type Page } from '../app/router.js';
import { canDeploy, loadSession } from '../app/session.js';
import { t } from '../i18n/i18n.js';
import { problemsOf, type DeployProblem } from '../modeler/deploy-problems.js';
import { createDmnModeler, openDecisionTable, TableMarkers } from './dmn-editor.js';
import { decisionList, groupByKey } from './decision-list.js';
import { deployDmn, getDecisionXml, listDecisionDefinitions, type DecisionDefinition } from './decisions-api.js';
import { runTryIt, tryItPanel, type TryItOutcome, type TryItTarget } from './try-it.panel.js';

interface Status {
  readonly kind: 'info' | 'error' | 'success';
  readonly text: string;
}

/** `/decisions[?definitionId=]`: deployed decision tables, the dmn-js editor, deploy, and the 试算 panel. */
export const decisionsPage: Page = async (container, query) => {
  const editable = canDeploy(loadSession());
  render(html`${navBar(RoutePath.decisions)}
    <main class="zf-decisions-page">
      <header class="zf-page-head"><h1>${t('decisions.heading')}</h1><div class="zf-toolbar" data-part="toolbar"></div></header>
      <div class="zf-decisions-body">
        <aside class="zf-decisions-list" data-part="list"></aside>
        <section class="zf-decisions-main">
          <div data-part="info"></div>
          <div class="zf-dmn-canvas" data-testid="dmn-editor" data-part="canvas"></div>
        </section>
        <aside class="zf-try-it" data-testid="try-it" data-part="try"></aside>
      </div>
    </main>`, container);
  const part = (name: string): HTMLElement => {
    const element = container.querySelector(`[data-part="${name}"]`);
    if (!(element instanceof HTMLElement)) throw new Error(`decisions page: part ${name} missing`);
    return element;
  };
  const modeler = createDmnModeler(part('canvas'), editable);
  const markers = new TableMarkers();

  let definitions: DecisionDefinition[] = [];
  let open: DecisionDefinition | undefined;
  let baseline = '';
  let unsaved = false;
  let status: Status | undefined;
  let problems: readonly DeployProblem[] = [];
  let outcome: TryItOutcome = { type: 'none' };

  const activeDecisionId = (): string | undefined => {
    const view = modeler.getActiveView();
    return view?.type === 'decisionTable' ? view.element.id : undefined;
  };
  const tryTarget = (): TryItTarget | undefined => {
    if (!open) return undefined;
    const decisionId = activeDecisionId();
    const decision = open.decisions.find((d) => d.id === decisionId) ?? open.decisions.find((d) => d.table);
    return decision && { decision, version: open.version };
  };

  const drawToolbar = () => render(html`
    <label class="zf-file-button">${t('decisions.openFile')}<input type="file" accept=".dmn,.xml" hidden @change=${openFile} /></label>
    <button type="button" data-testid="dmn-save" @click=${() => void saveFile()}>${t('decisions.saveFile')}</button>
    ${editable ? html`<button type="button" class="zf-primary" data-testid="dmn-deploy" @click=${() => void deploy()}>${t('decisions.deploy')}</button>` : nothing}`, part('toolbar'));
  const drawInfo = () => render(html`
    ${open ? html`<p data-testid="dmn-open-info"><strong>${open.name}</strong> · ${t('processes.versionN', { version: open.version })}
      <span class="zf-muted">${open.key}</span></p>` : nothing}
    ${open?.problem ? html`<p class="zf-status zf-error">${t('decisions.invalid', { problem: open.problem })}</p>` : nothing}
    ${editable ? nothing : html`<p class="zf-muted">${t('decisions.readOnly')}</p>`}
    ${status ? html`<p class=${`zf-status zf-${status.kind}`} role="status" data-testid="dmn-status">${status.text}</p>` : nothing}
    ${problems.length ? html`<ul class="zf-problems" data-testid="dmn-problems">${problems.map((p) => html`<li data-testid="dmn-problem" data-element-id=${p.elementId ?? ''}>${p.elementId ? html`<code>${p.elementId}</code> ` : nothing}${p.reason}</li>`)}</ul>` : nothing}`, part('info'));
  const drawTry = () => render(tryItPanel(tryTarget(), outcome, unsaved, (form) => void tryIt(form)), part('try'));
  const drawList = () => render(decisionList(groupByKey(definitions), open?.id), part('list'));

  const currentXml = async (): Promise<string> => (await modeler.saveXML({ format: true })).xml;

  async function tryIt(form: HTMLFormElement): Promise<void> {
    const target = tryTarget();
    if (!target) return;
    unsaved = (await currentXml()) !== baseline;
    outcome = await runTryIt(target, form);
    if (outcome.type === 'result') {
      markers.showMatched(outcome.evaluation.matchedRules.map((rule) => rule.ruleId));
      markers.showProblems([]);
    } else if (outcome.type === 'failed') {
      markers.showMatched([]);
      markers.showProblems(outcome.inputId ? [outcome.inputId] : outcome.ruleIds);
    }
    drawTry();
  }

  async function show(xml: string, decisionId: string | undefined): Promise<void> {
    try {
      await openDecisionTable(modeler, xml, decisionId);
      baseline = await currentXml();
    } catch (cause) {
      status = { kind: 'error', text: t('decisions.importFailed', { message: cause instanceof Error ? cause.message : String(cause) }) };
    }
  }

  function openFile(event: Event): void {
    const input = event.currentTarget;
    const file = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
    if (!file) return;
    void file.text().then(async (xml) => {
      open = undefined;
      outcome = { type: 'none' };
      problems = [];
      markers.showMatched([]);
      markers.showProblems([]);
      status = { kind: 'info', text: t('decisions.openedFile', { name: file.name }) };
      await show(xml, undefined);
      drawInfo();
      drawTry();
      drawList();
    });
  }

  async function saveFile(): Promise<void> {
    downloadFile(open?.resourceName ?? `${open?.key ?? 'decision'}.dmn`, await currentXml(), 'application/xml');
  }

  async function deploy(): Promise<void> {
    const xml = await currentXml();
    const definitionsId = /<(?:\w+:)?definitions\b[^>]*?\sid="([^"]+)"/.exec(xml)?.[1] ?? 'decision';
    const resourceName = open?.key === definitionsId && open.resourceName ? open.resourceName : `${definitionsId}.dmn`;
    try {
      const deployment = await deployDmn(resourceName, xml);
      problems = [];
      markers.showProblems([]);
      definitions = await listDecisionDefinitions();
      const created = definitions.find((d) => d.deploymentId === deployment.id);
      if (created) {
        navigate(`${RoutePath.decisions}?definitionId=${encodeURIComponent(created.id)}`);
        return;
      }
      status = { kind: 'info', text: t('decisions.unchanged') };
    } catch (cause) {
      if (!(cause instanceof ApiError)) throw cause;
      problems = cause.status === 422 ? problemsOf(cause.details, cause.message) : [];
      markers.showProblems(problems.flatMap((p) => (p.elementId ? [p.elementId] : [])));
      status = { kind: 'error', text: t('decisions.deployRejected', { message: cause.message }) };
    }
    drawInfo();
  }

  modeler.on('views.changed', () => {
    outcome = { type: 'none' };
    markers.showMatched([]);
    drawTry();
  });

  drawToolbar();
  render(html`<p>${t('common.loading')}</p>`, part('list'));
  try {
    definitions = await listDecisionDefinitions();
  } catch (cause) {
    status = { kind: 'error', text: t('error.generic', { message: String(cause) }) };
  }
  const wanted = query.get('definitionId');
  open = definitions.find((d) => d.id === wanted) ?? groupByKey(definitions)[0]?.[0];
  if (open) {
    const xml = await getDecisionXml(open.id);
    await show(xml, open.decisions.find((d) => d.table)?.id);
    status = status ?? (editable ? undefined : { kind: 'info', text: t('decisions.readOnly') });
  }
  drawList();
  drawInfo();
  drawTry();
  return () => {
    markers.destroy();
    modeler.destroy();
  };
};
