import { ApiPath, type ProcessDefinition, type ProcessInstance } from '@zhifa/api-types';
import { html, render, type TemplateResult } from 'lit-html';
import { apiJson, apiText } from '../app/api-client.js';
import { downloadFile, formatDateTime } from '../app/download.js';
import { navBar } from '../app/nav.js';
import { RoutePath, type Page } from '../app/router.js';
import { t } from '../i18n/i18n.js';

interface DefinitionGroup {
  readonly key: string;
  readonly versions: readonly ProcessDefinition[];
  readonly instanceCount: number | undefined;
}

/** The server may add who deployed; the contract does not promise it yet. */
function deployedBy(definition: ProcessDefinition): string {
  const value: unknown = Reflect.get(definition, 'deployedBy');
  return typeof value === 'string' ? value : '—';
}

async function countInstances(key: string): Promise<number | undefined> {
  try {
    const list = await apiJson<readonly ProcessInstance[]>(ApiPath.processInstances, { query: { key } });
    return list.length;
  } catch {
    return undefined;
  }
}

async function loadGroups(): Promise<DefinitionGroup[]> {
  const definitions = await apiJson<readonly ProcessDefinition[]>(ApiPath.processDefinitions);
  const byKey = new Map<string, ProcessDefinition[]>();
  for (const definition of definitions) byKey.set(definition.key, [...(byKey.get(definition.key) ?? []), definition]);
  return Promise.all([...byKey].sort(([a], [b]) => a.localeCompare(b)).map(async ([key, versions]) => ({
    key,
    versions: versions.sort((a, b) => b.version - a.version),
    instanceCount: await countInstances(key),
  })));
}

async function download(definition: ProcessDefinition): Promise<void> {
  const xml = await apiText(ApiPath.processDefinitionXml, { params: { id: definition.id } });
  downloadFile(`${definition.key}-v${definition.version}.bpmn`, xml, 'application/xml');
}

function versionRow(group: DefinitionGroup, definition: ProcessDefinition, latest: boolean): TemplateResult {
  return html`<tr data-testid="definition-row" data-key=${definition.key} data-version=${definition.version}>
    <td>${latest ? html`<strong>${definition.name ?? definition.key}</strong><div class="zf-muted">${definition.key}</div>` : ''}</td>
    <td data-testid="definition-version">${t('processes.versionN', { version: definition.version })}</td>
    <td>${formatDateTime(definition.deployedAt)}</td>
    <td>${deployedBy(definition)}</td>
    <td>${latest ? (group.instanceCount ?? '—') : ''}</td>
    <td class="zf-actions">
      <a data-link href=${`${RoutePath.modeler}?definitionId=${encodeURIComponent(definition.id)}`}>${t('processes.open')}</a>
      <button type="button" @click=${() => void download(definition)}>${t('processes.download')}</button>
    </td>
  </tr>`;
}

export const processListPage: Page = async (container) => {
  render(html`${navBar(RoutePath.processes)}<main><p>${t('common.loading')}</p></main>`, container);
  let body: TemplateResult;
  try {
    const groups = await loadGroups();
    body = groups.length === 0
      ? html`<p data-testid="processes-empty">${t('processes.empty')}</p>`
      : html`<table class="zf-table" data-testid="process-table">
          <thead><tr>
            <th>${t('processes.process')}</th><th>${t('processes.version')}</th><th>${t('processes.deployedAt')}</th>
            <th>${t('processes.deployedBy')}</th><th>${t('processes.instances')}</th><th></th>
          </tr></thead>
          <tbody>${groups.flatMap((group) => group.versions.map((definition, index) => versionRow(group, definition, index === 0)))}</tbody>
        </table>`;
  } catch (cause) {
    body = html`<p class="zf-error" role="alert">${t('error.generic', { message: String(cause) })}</p>`;
  }
  render(html`${navBar(RoutePath.processes)}
    <main>
      <header class="zf-page-head">
        <h1>${t('processes.heading')}</h1>
        <a data-link class="zf-button zf-primary" href=${RoutePath.modeler} data-testid="new-process">${t('processes.new')}</a>
      </header>
      ${body}
    </main>`, container);
};
