import { ApiPath, type ProcessDefinition, type ProcessInstance } from '@zhifa/api-types';
import { html, render, type TemplateResult } from 'lit-html';
import { t } from '../i18n/i18n.js';
import { callJson, errorMessage, routeOf } from '../inbox/inbox-api.js';

export const MIGRATE_ROUTE = '/api/process-instances/:id/migrate';

interface MigrationState {
  targets: readonly ProcessDefinition[];
  targetId: string;
  /** active activity id → target element id; an unchanged id keeps its element. */
  readonly mapping: Map<string, string>;
  message: string;
  failed: boolean;
}

/** Only the ids the admin changed: the engine maps the rest onto themselves. */
export function changedMapping(mapping: ReadonlyMap<string, string>): Record<string, string> {
  return Object.fromEntries([...mapping].filter(([from, to]) => to.trim() !== '' && to.trim() !== from).map(([from, to]) => [from, to.trim()]));
}

/**
 * Migration of a running instance to another version of its process (admins). The engine checks each active
 * element against the target; its 400 names the element, and the form shows that message as it comes.
 */
export function migrateSection(instance: ProcessInstance, onMigrated: () => void): TemplateResult {
  const host = document.createElement('div');
  host.dataset.testid = 'migrate-section';
  const state: MigrationState = { targets: [], targetId: '', mapping: new Map(instance.activeActivityIds.map((id) => [id, id])), message: '', failed: false };
  const submit = async () => {
    try {
      await callJson(routeOf(MIGRATE_ROUTE, { id: instance.id }), {
        method: 'POST', body: { targetDefinitionId: state.targetId, mapping: changedMapping(state.mapping) },
      });
      state.message = t('migrate.done', { target: state.targetId });
      state.failed = false;
      draw();
      onMigrated();
    } catch (error) {
      state.message = errorMessage(error);
      state.failed = true;
      draw();
    }
  };
  const draw = () => {
    const options = state.targets.map((d) => html`<option value=${d.id} ?selected=${d.id === state.targetId}>v${d.version} · ${d.id}</option>`);
    render(html`<form data-testid="migrate-form" @submit=${(e: Event) => { e.preventDefault(); void submit(); }}>
      ${state.targets.length === 0 ? html`<p class="zf-muted">${t('migrate.noTarget')}</p>` : html`<label>${t('migrate.target')}
        <select data-testid="migrate-target" @change=${(e: Event) => { if (e.target instanceof HTMLSelectElement) state.targetId = e.target.value; }}>${options}</select></label>
      <p>${t('migrate.mapping')}</p>
      <table class="zf-table zf-compact"><tbody>${[...state.mapping].map(([from, to]) => html`<tr><th><code>${from}</code></th>
        <td><input data-testid="migrate-map" data-from=${from} .value=${to}
          @input=${(e: Event) => { if (e.target instanceof HTMLInputElement) state.mapping.set(from, e.target.value); }}></td></tr>`)}</tbody></table>
      <button type="submit" data-testid="migrate-submit">${t('migrate.submit')}</button>`}
      ${state.message ? html`<p class=${state.failed ? 'zf-status zf-error' : 'zf-status'} role="status" data-testid="migrate-message">${state.message}</p>` : ''}
    </form>`, host);
  };
  void callJson<readonly ProcessDefinition[]>(ApiPath.processDefinitions, { query: { key: instance.definitionKey } })
    .then((definitions) => {
      state.targets = definitions.filter((d) => d.id !== instance.definitionId).sort((a, b) => b.version - a.version);
      state.targetId = state.targets[0]?.id ?? '';
    })
    .catch((error: unknown) => { state.message = errorMessage(error); state.failed = true; })
    .finally(draw);
  return html`${host}`;
}
