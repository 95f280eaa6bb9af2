import { ApiPath, type ProcessDefinition, type ProcessInstance } from '@zhifa/api-types';
import { html, render } from 'lit-html';
import { navigate } from '../app/router.js';
import { t } from '../i18n/i18n.js';
import { actionDialog, InputError } from './action-dialog.js';
import { startFormKey } from './bpmn-xml.js';
import { loadFormSchema, renderForm, type FormView } from './form-view.js';
import { callJson, callText, routeOf } from './inbox-api.js';
import { InboxPath } from './inbox-routes.js';

function latestPerKey(definitions: readonly ProcessDefinition[]): ProcessDefinition[] {
  const latest = new Map<string, ProcessDefinition>();
  for (const d of definitions) if ((latest.get(d.key)?.version ?? 0) < d.version) latest.set(d.key, d);
  return [...latest.values()].sort((a, b) => (a.name ?? a.key).localeCompare(b.name ?? b.key));
}

/**
 * 发起流程: pick one of the processes (the latest version of each key; the server answers 403 for those the
 * caller may not start), fill its start form if the start event links one, start it and open the instance.
 */
export async function openStartDialog(): Promise<void> {
  let chosen: ProcessDefinition | undefined;
  let form: FormView | undefined;
  let businessKey = '';
  let started: ProcessInstance | undefined;
  const formHost = document.createElement('div');
  formHost.className = 'zf-task-form';
  formHost.dataset.testid = 'start-form';

  const choose = async (definition: ProcessDefinition) => {
    chosen = definition;
    form?.destroy();
    form = undefined;
    formHost.replaceChildren();
    const xml = await callText(routeOf(ApiPath.processDefinitionXml, { id: definition.id }));
    const key = startFormKey(xml);
    const schema = key === undefined ? undefined : await loadFormSchema(key);
    if (schema !== undefined) form = await renderForm(formHost, schema);
    else formHost.textContent = t('start.noForm');
  };

  const done = await actionDialog({
    title: t('start.heading'), submitLabel: t('start.submit'), testId: 'start-dialog',
    build: async (body) => {
      const definitions = latestPerKey(await callJson<readonly ProcessDefinition[]>(ApiPath.processDefinitions));
      const controls = document.createElement('div');
      render(html`<label>${t('start.process')} <select data-testid="start-definition" @change=${(e: Event) => {
          const definition = definitions.find((d) => e.target instanceof HTMLSelectElement && d.id === e.target.value);
          if (definition) void choose(definition);
        }}><option value="">${t('start.choose')}</option>
          ${definitions.map((d) => html`<option value=${d.id}>${d.name ?? d.key} (v${d.version})</option>`)}</select></label>
        <label>${t('start.businessKey')} <input data-testid="start-business-key"
          @input=${(e: Event) => { businessKey = e.target instanceof HTMLInputElement ? e.target.value.trim() : ''; }}></label>`, controls);
      body.append(controls, formHost);
    },
    submit: async () => {
      if (!chosen) throw new InputError(t('start.choose'));
      const variables = form ? form.submit() : {};
      if (variables === undefined) throw new InputError(t('start.invalid'));
      started = await callJson<ProcessInstance>(routeOf(ApiPath.startByKey, { key: chosen.key }), {
        method: 'POST', body: { variables, ...(businessKey && { businessKey }) },
      });
    },
  });
  form?.destroy();
  if (done && started) navigate(`${InboxPath.instance}${encodeURIComponent(started.id)}`);
}
