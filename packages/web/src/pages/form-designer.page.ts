import { ApiPath, type Deployment } from '@zhifa/api-types';
import { html, render } from 'lit-html';
import { apiJson } from '../app/api-client.js';
import { downloadFile } from '../app/download.js';
import { navBar } from '../app/nav.js';
import { navigate, RoutePath, type Page } from '../app/router.js';
import { canDeploy, loadSession } from '../app/session.js';
import { t } from '../i18n/i18n.js';
import { mountFormDesigner, type FormDesigner } from '../forms/form-designer.js';
import { formResourceName, getDraft, listDrafts, newFormSchema, parseFormSchema, saveDraft } from '../forms/form-drafts.js';

const FORM_ID = /^[A-Za-z_][\w.-]{0,99}$/;

export const formDesignerPage: Page = async (container, query) => {
  const editable = canDeploy(loadSession());
  const formId = query.get('formId') ?? undefined;
  let designer: FormDesigner | undefined;
  let status = '';

  const open = (id: string) => navigate(`${RoutePath.forms}?formId=${encodeURIComponent(id)}`);
  const createForm = (event: SubmitEvent) => {
    event.preventDefault();
    if (!(event.currentTarget instanceof HTMLFormElement)) return;
    const id = String(new FormData(event.currentTarget).get('formId') ?? '').trim();
    if (!FORM_ID.test(id)) { status = t('forms.invalidId'); draw(); return; }
    if (!getDraft(id)) saveDraft(newFormSchema(id));
    open(id);
  };
  const importFile = async (event: Event) => {
    const input = event.target;
    const file = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
    if (!file) return;
    try {
      const schema = parseFormSchema(await file.text());
      saveDraft(schema);
      open(schema.id);
    } catch (cause) {
      status = t('error.generic', { message: String(cause) });
      draw();
    }
  };
  const exportForm = () => {
    if (designer && formId) downloadFile(formResourceName(formId), JSON.stringify(designer.schema(), null, 2), 'application/json');
  };
  const deployForm = async () => {
    if (!designer || !formId) return;
    try {
      const schema = designer.schema();
      saveDraft(schema);
      const deployment = await apiJson<Deployment>(ApiPath.deployments, {
        method: 'POST', body: { name: formId, resources: [{ name: formResourceName(formId), content: JSON.stringify(schema, null, 2) }] },
      });
      status = t('forms.deployed', { formId, deploymentId: deployment.id });
    } catch (cause) {
      status = t('error.generic', { message: cause instanceof Error ? cause.message : String(cause) });
    }
    draw();
  };

  function draw(): void {
    render(html`${navBar(RoutePath.forms)}
      <main class="zf-forms-page">
        <aside class="zf-form-list">
          <h2>${t('forms.drafts')}</h2>
          <ul data-testid="form-drafts">${listDrafts().map((draft) => html`<li class=${draft.id === formId ? 'active' : ''}>
            <a data-link href=${`${RoutePath.forms}?formId=${encodeURIComponent(draft.id)}`}>${draft.id}</a></li>`)}</ul>
          ${editable ? html`<form @submit=${createForm} class="zf-inline-form">
              <input name="formId" placeholder=${t('forms.idPlaceholder')} aria-label=${t('forms.idPlaceholder')} data-testid="new-form-id" />
              <button type="submit" data-testid="new-form">${t('forms.new')}</button>
            </form>
            <label class="zf-button">${t('forms.import')}<input type="file" accept=".form,.json" hidden @change=${importFile} /></label>` : ''}
        </aside>
        <section class="zf-form-main">
          ${formId ? html`<div class="zf-toolbar">
              <strong>${formId}</strong>
              <button type="button" data-testid="export-form" @click=${exportForm}>${t('forms.export')}</button>
              ${editable ? html`<button type="button" class="zf-primary" data-testid="deploy-form" @click=${deployForm}>${t('forms.deploy')}</button>` : ''}
            </div>` : html`<p>${t('forms.choose')}</p>`}
          ${status ? html`<p class="zf-status" role="status" data-testid="form-status">${status}</p>` : ''}
          <div class="zf-form-host" data-testid="form-designer"></div>
        </section>
      </main>`, container);
  }

  draw();
  const host = container.querySelector<HTMLElement>('.zf-form-host');
  if (formId && host) designer = await mountFormDesigner(host, getDraft(formId) ?? newFormSchema(formId), saveDraft);
  return () => designer?.destroy();
};
