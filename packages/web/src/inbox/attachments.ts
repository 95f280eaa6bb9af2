import type { Task } from '@zhifa/api-types';
import { html, render, type TemplateResult } from 'lit-html';
import { loadSession } from '../app/session.js';
import { t } from '../i18n/i18n.js';
import type { Capabilities } from './capabilities.js';
import { callJson, errorMessage, routeOf } from './inbox-api.js';

/** Issue 6 asks for attachments; the server has no route for them yet. This is where the UI expects it. */
export const ATTACHMENTS_ROUTE = '/api/tasks/:id/attachments';

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
    const name: unknown = Reflect.get(item, 'name') ?? Reflect.get(item, 'fileName');
    const size: unknown = Reflect.get(item, 'size');
    return typeof id === 'string' ? [{ id, name: typeof name === 'string' ? name : id, size: typeof size === 'number' ? size : undefined }] : [];
  });
}

async function refresh(host: HTMLElement, task: Task, canUpload: boolean): Promise<void> {
  const route = routeOf(ATTACHMENTS_ROUTE, { id: task.id });
  let status = '';
  const upload = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    const body = new FormData();
    body.append('file', file);
    const token = loadSession()?.token;
    // multipart: the server checks the type by magic bytes and stores under a generated name
    const response = await fetch(route, { method: 'POST', body, headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (!response.ok) status = `${response.status} ${await response.text()}`;
    await refresh(host, task, canUpload);
    if (status) render(html`<p class="zf-status zf-error">${status}</p>`, host.appendChild(document.createElement('div')));
  };
  try {
    const list = toAttachments(await callJson<unknown>(route));
    render(html`<ul data-testid="attachments">${list.map((a) => html`<li>${a.name}${a.size === undefined ? '' : ` (${Math.ceil(a.size / 1024)} KB)`}</li>`)}</ul>
      ${canUpload ? html`<input type="file" data-testid="attachment-upload" @change=${(e: Event) => { if (e.target instanceof HTMLInputElement) void upload(e.target); }}>` : ''}`, host);
  } catch (error) {
    render(html`<p class="zf-status zf-error">${errorMessage(error)}</p>`, host);
  }
}

export function attachmentsSection(task: Task, caps: Capabilities): TemplateResult {
  if (!caps.has('get', ATTACHMENTS_ROUTE)) {
    return html`<p class="zf-muted" data-testid="attachments-unavailable">${t('task.attachmentsUnavailable', { route: ATTACHMENTS_ROUTE })}</p>`;
  }
  const host = document.createElement('div');
  void refresh(host, task, task.state === 'open' && caps.has('post', ATTACHMENTS_ROUTE));
  return html`${host}`;
}
