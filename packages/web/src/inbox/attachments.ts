import { html, render, type TemplateResult } from 'lit-html';
import { downloadFile } from '../app/download.js';
import { loadSession } from '../app/session.js';
import { t } from '../i18n/i18n.js';
import { callJson, errorMessage, routeOf } from './inbox-api.js';

/** Attachments belong to the process instance (issue 6, S9); the task page and the instance view show them. */
export const AttachmentRoute = {
  list: '/api/process-instances/:id/attachments',
  download: '/api/attachments/:id',
} as const;

interface Attachment {
  readonly id: string;
  readonly name: string;
  readonly size: number | undefined;
}

function toAttachments(value: unknown): Attachment[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const id: unknown = Reflect.get(item, 'id');
    const name: unknown = Reflect.get(item, 'name');
    const size: unknown = Reflect.get(item, 'size');
    return typeof id === 'string' ? [{ id, name: typeof name === 'string' ? name : id, size: typeof size === 'number' ? size : undefined }] : [];
  });
}

function authorization(): Record<string, string> {
  const token = loadSession()?.token;
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** The download route needs the bearer token, so a plain link cannot fetch it: fetch, then save the blob. */
async function download(attachment: Attachment): Promise<void> {
  const response = await fetch(routeOf(AttachmentRoute.download, { id: attachment.id }), { headers: authorization() });
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  downloadFile(attachment.name, await response.blob());
}

async function refresh(host: HTMLElement, instanceId: string, canUpload: boolean, status = ''): Promise<void> {
  const route = routeOf(AttachmentRoute.list, { id: instanceId });
  const upload = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    const body = new FormData();
    body.append('file', file);
    // multipart: the server checks the type by magic bytes and stores under a generated name
    const response = await fetch(route, { method: 'POST', body, headers: authorization() });
    await refresh(host, instanceId, canUpload, response.ok ? '' : `${response.status} ${await response.text()}`);
  };
  const save = (attachment: Attachment) => download(attachment).catch((error: unknown) => refresh(host, instanceId, canUpload, errorMessage(error)));
  try {
    const list = toAttachments(await callJson<unknown>(route));
    render(html`${list.length === 0 ? html`<p class="zf-muted" data-testid="attachments-empty">${t('attachments.none')}</p>` : ''}
      <ul data-testid="attachments">${list.map((a) => html`<li data-testid="attachment" data-attachment-id=${a.id}>
        <a href=${routeOf(AttachmentRoute.download, { id: a.id })} data-testid="attachment-download"
          @click=${(e: Event) => { e.preventDefault(); void save(a); }}>${a.name}</a>${a.size === undefined ? '' : ` (${Math.ceil(a.size / 1024)} KB)`}</li>`)}</ul>
      ${canUpload ? html`<label>${t('attachments.upload')} <input type="file" data-testid="attachment-upload"
        @change=${(e: Event) => { if (e.target instanceof HTMLInputElement) void upload(e.target); }}></label>` : ''}
      ${status ? html`<p class="zf-status zf-error" role="alert" data-testid="attachment-error">${status}</p>` : ''}`, host);
  } catch (error) {
    render(html`<p class="zf-status zf-error">${errorMessage(error)}</p>`, host);
  }
}

/** The instance's attachments: list, download, and (while the case runs) upload. */
export function attachmentsSection(instanceId: string, canUpload: boolean): TemplateResult {
  const host = document.createElement('div');
  host.dataset.testid = 'attachments-section';
  void refresh(host, instanceId, canUpload);
  return html`${host}`;
}
