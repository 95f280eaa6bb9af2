import { html, type TemplateResult } from 'lit-html';
import { formatDateTime } from '../app/download.js';
import { RoutePath } from '../app/router.js';
import { t } from '../i18n/i18n.js';
import type { DecisionDefinition } from './decisions-api.js';

/** Definitions grouped by key, newest version first; keys by name. */
export function groupByKey(definitions: readonly DecisionDefinition[]): DecisionDefinition[][] {
  const byKey = new Map<string, DecisionDefinition[]>();
  for (const definition of definitions) byKey.set(definition.key, [...(byKey.get(definition.key) ?? []), definition]);
  return [...byKey.values()]
    .map((versions) => versions.sort((a, b) => b.version - a.version))
    .sort((a, b) => (a[0]?.name ?? '').localeCompare(b[0]?.name ?? '', 'zh-CN'));
}

/** The list of deployed decision tables with every version; the open one is marked. */
export function decisionList(groups: readonly DecisionDefinition[][], openId: string | undefined): TemplateResult {
  if (groups.length === 0) return html`<p data-testid="decisions-empty">${t('decisions.empty')}</p>`;
  return html`<ul class="zf-decision-list" data-testid="decision-list">${groups.map((versions) => {
    const [latest] = versions;
    if (!latest) return '';
    return html`<li data-testid="decision-group" data-key=${latest.key}>
      <strong>${latest.name}</strong>
      <div class="zf-muted">${latest.decisions.map((decision) => decision.name).join('、') || latest.key}</div>
      <ul>${versions.map((definition) => html`<li class=${definition.id === openId ? 'active' : ''}>
        <a data-link data-testid="decision-version" data-version=${definition.version}
          href=${`${RoutePath.decisions}?definitionId=${encodeURIComponent(definition.id)}`}>${t('processes.versionN', { version: definition.version })}</a>
        <span class="zf-muted">${formatDateTime(definition.deployedAt)}</span>
      </li>`)}</ul>
    </li>`;
  })}</ul>`;
}
