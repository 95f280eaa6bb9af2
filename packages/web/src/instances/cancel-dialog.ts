import { ApiPath } from '@zhifa/api-types';
import { html, render } from 'lit-html';
import { t } from '../i18n/i18n.js';
import { actionDialog, InputError } from '../inbox/action-dialog.js';
import { callJson, routeOf } from '../inbox/inbox-api.js';

/** Cancels an instance (`DELETE /api/process-instances/:id` with a reason, required by the server). */
export function cancelInstance(instanceId: string): Promise<boolean> {
  let reason = '';
  return actionDialog({
    title: t('admin.cancelHeading'), submitLabel: t('admin.cancel'), testId: 'cancel-dialog',
    build: (body) => { render(html`<label class="zf-field">${t('op.reason')}<textarea name="reason" rows="3"
      @input=${(e: Event) => { reason = e.target instanceof HTMLTextAreaElement ? e.target.value : ''; }}></textarea></label>`, body); },
    submit: async () => {
      if (!reason.trim()) throw new InputError(t('op.required', { field: t('op.reason') }));
      await callJson(routeOf(ApiPath.processInstance, { id: instanceId }), { method: 'DELETE', body: { reason: reason.trim() } });
    },
  });
}
