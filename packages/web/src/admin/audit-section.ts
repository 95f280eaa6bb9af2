import { html, render, type TemplateResult } from 'lit-html';
import { t } from '../i18n/i18n.js';
import { callJson, errorMessage } from '../inbox/inbox-api.js';

export const AUDIT_VERIFY_ROUTE = '/api/admin/audit/verify';

interface BadEntry {
  readonly position: number;
  readonly id?: string;
  readonly fault: string;
  readonly message: string;
}

interface Verification {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBad: BadEntry | null;
  readonly headPosition: number;
  readonly elapsedMs: number;
}

function outcome(result: Verification): TemplateResult {
  if (result.ok) {
    return html`<p class="zf-status" data-testid="audit-result" data-ok="true">${t('admin.auditOk', { checked: result.checked, elapsedMs: result.elapsedMs })}</p>`;
  }
  const bad = result.firstBad;
  return html`<div class="zf-status zf-error" data-testid="audit-result" data-ok="false">
    <p>${t('admin.auditBad', { firstBad: bad?.position ?? '?', checked: result.checked })}</p>
    ${bad ? html`<p data-testid="audit-first-bad"><code>${bad.fault}</code> ${bad.id ?? ''} — ${bad.message}</p>` : ''}</div>`;
}

/** Audit-chain verification (admins, auditors): walks the whole chain on the server and shows ok or the first bad entry. */
export function auditSection(): TemplateResult {
  const output = document.createElement('div');
  const run = async (button: HTMLButtonElement) => {
    button.disabled = true;
    render(html`<p>${t('common.loading')}</p>`, output);
    try {
      render(outcome(await callJson<Verification>(AUDIT_VERIFY_ROUTE)), output);
    } catch (error) {
      render(html`<p class="zf-status zf-error" data-testid="audit-result" data-ok="false">${errorMessage(error)}</p>`, output);
    } finally {
      button.disabled = false;
    }
  };
  return html`<button type="button" data-testid="audit-verify"
    @click=${(e: Event) => { if (e.currentTarget instanceof HTMLButtonElement) void run(e.currentTarget); }}>${t('admin.auditVerify')}</button>
    <span class="zf-muted">GET ${AUDIT_VERIFY_ROUTE}</span>${output}`;
}
