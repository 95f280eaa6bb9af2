import { html, render, type TemplateResult } from 'lit-html';
import { t } from '../i18n/i18n.js';
import type { Capabilities } from '../inbox/capabilities.js';
import { callJson, errorMessage } from '../inbox/inbox-api.js';

/**
 * Audit-chain verification. The store can verify the chain (`verifyAuditChain`), but the server exposes no
 * route for it yet; the page looks for one in the OpenAPI document and says so when there is none.
 */
export function auditSection(caps: Capabilities): TemplateResult {
  const route = caps.find(/\/audit/).find((r) => r.method === 'get' && !r.path.includes(':')) ?? caps.find(/\/audit/).find((r) => r.method === 'post' && !r.path.includes(':'));
  if (!route) return html`<p class="zf-muted" data-testid="audit-unavailable">${t('admin.auditUnavailable')}</p>`;
  const output = document.createElement('pre');
  output.dataset.testid = 'audit-result';
  const run = async () => {
    try {
      const result = await callJson<unknown>(route.path, { method: route.method === 'post' ? 'POST' : 'GET' });
      output.textContent = JSON.stringify(result, null, 2);
    } catch (error) {
      render(html`<span class="zf-error">${errorMessage(error)}</span>`, output);
    }
  };
  return html`<button type="button" data-testid="audit-verify" @click=${() => void run()}>${t('admin.auditVerify')}</button>
    <span class="zf-muted">${route.method.toUpperCase()} ${route.path}</span>${output}`;
}
