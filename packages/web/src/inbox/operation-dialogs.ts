import type { Task } from '@zhifa/api-types';
import { html, render } from 'lit-html';
import { t } from '../i18n/i18n.js';
import { actionDialog, InputError } from './action-dialog.js';
import { directoryPicker } from './directory-picker.js';
import { callJson, routeOf } from './inbox-api.js';
import { Operation, operationLabel, operationRoute, usesInstanceId } from './operations.js';

/** What a return target looks like in `GET /api/tasks/:id/return-targets`: ids, or objects naming one. */
export interface ReturnTarget {
  readonly activityId: string;
  readonly name: string;
}

export function toReturnTargets(value: unknown, names: ReadonlyMap<string, string>): ReturnTarget[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    const id = typeof item === 'string' ? item
      : typeof item === 'object' && item !== null ? Reflect.get(item, 'elementId') ?? Reflect.get(item, 'activityId') ?? Reflect.get(item, 'id') : undefined;
    if (typeof id !== 'string') return [];
    const name: unknown = typeof item === 'object' && item !== null ? Reflect.get(item, 'name') : undefined;
    return [{ activityId: id, name: typeof name === 'string' && name ? name : (names.get(id) ?? id) }];
  });
}

/** Ids a picker field holds (kept comma-joined among the dialog's string values). */
function splitIds(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

function post(operation: Operation, task: Task, body?: unknown): Promise<unknown> {
  const id = usesInstanceId(operation) ? task.processInstanceId : task.id;
  return callJson(routeOf(operationRoute[operation], { id }), { method: 'POST', ...(body !== undefined && { body }) });
}

interface Field {
  readonly name: string;
  readonly label: string;
  /** `users` / `units`: a searchable picker over `GET /api/users` / `GET /api/units` (ids comma-joined). */
  readonly kind: 'text' | 'textarea' | 'select' | 'users' | 'units';
  readonly multiple?: boolean;
  readonly options?: readonly { readonly value: string; readonly label: string }[];
  readonly required?: boolean;
}

/** A dialog of labelled inputs; `submit` gets their values by name. */
function fieldsDialog(operation: Operation, fields: readonly Field[], submit: (values: Record<string, string>) => Promise<unknown>): Promise<boolean> {
  const values: Record<string, string> = {};
  for (const f of fields) values[f.name] = f.options?.[0]?.value ?? '';
  const set = (name: string) => (event: Event) => {
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) values[name] = target.value;
  };
  return actionDialog({
    title: t(operationLabel[operation]), submitLabel: t('op.submit'), testId: `op-dialog-${operation}`,
    build: (body) => { render(html`${fields.map((f) => f.kind === 'users' || f.kind === 'units' ? html`<div class="zf-field"><span>${f.label}</span>${
      directoryPicker({ kind: f.kind, multiple: f.multiple === true, testId: `picker-${f.name}`, onChange: (ids) => { values[f.name] = ids.join(','); } }).element}</div>`
      : html`<label class="zf-field">${f.label}${
      f.kind === 'textarea' ? html`<textarea name=${f.name} rows="3" @input=${set(f.name)}></textarea>`
      : f.kind === 'select' ? html`<select name=${f.name} @change=${set(f.name)}>${(f.options ?? []).map((o) => html`<option value=${o.value}>${o.label}</option>`)}</select>`
      : html`<input name=${f.name} @input=${set(f.name)}>`}</label>`)}`, body); },
    submit: async () => {
      const missing = fields.find((f) => f.required && !values[f.name]?.trim());
      if (missing) throw new InputError(t('op.required', { field: missing.label }));
      await submit(values);
    },
  });
}

/** Runs an operation other than 办理 (complete): directly, or after a dialog asking what it needs. */
/** Optional free text: sent only when given (the routes' bodies are strict). */
function optional(name: string, value: string | undefined): Record<string, string> {
  const text = value?.trim();
  return text ? { [name]: text } : {};
}

export async function runOperation(operation: Operation, task: Task, names: ReadonlyMap<string, string>, returnTargets: unknown): Promise<boolean> {
  const userField: Field = { name: 'userId', label: t('op.pickUser'), kind: 'users', required: true };
  const reasonField: Field = { name: 'reason', label: t('op.reasonOptional'), kind: 'textarea' };
  switch (operation) {
    case Operation.claim:
    case Operation.unclaim:
      await post(operation, task);
      return true;
    case Operation.resolve:
      return fieldsDialog(operation, [{ name: 'opinion', label: t('task.opinion'), kind: 'textarea' }], (v) => post(operation, task, optional('opinion', v['opinion'])));
    case Operation.urge:
      return fieldsDialog(operation, [{ name: 'message', label: t('op.message'), kind: 'textarea' }], (v) => post(operation, task, optional('message', v['message'])));
    case Operation.transfer:
    case Operation.delegate:
    case Operation.removeSign:
      return fieldsDialog(operation, [userField, reasonField], (v) => post(operation, task, { userId: v['userId']?.trim(), ...optional('reason', v['reason']) }));
    case Operation.addSign:
      return fieldsDialog(operation, [
        { name: 'userIds', label: t('op.pickUsers'), kind: 'users', multiple: true, required: true },
        { name: 'position', label: t('op.position'), kind: 'select', options: [
          { value: 'before', label: t('op.position.before') }, { value: 'after', label: t('op.position.after') },
          { value: 'parallel', label: t('op.position.parallel') }] },
        reasonField,
      ], (v) => post(operation, task, { userIds: splitIds(v['userIds'] ?? ''), position: v['position'], ...optional('reason', v['reason']) }));
    case Operation.return: {
      const targets = toReturnTargets(returnTargets, names);
      if (targets.length === 0) throw new InputError(t('op.noReturnTargets'));
      return fieldsDialog(operation, [
        { name: 'targetActivityId', label: t('op.returnTarget'), kind: 'select', options: targets.map((x) => ({ value: x.activityId, label: x.name })) },
        { name: 'reason', label: t('op.reason'), kind: 'textarea', required: true },
        { name: 'resubmit', label: t('op.resubmit'), kind: 'select', options: [
          { value: '', label: t('op.resubmit.model') }, { value: 'direct', label: t('op.resubmit.direct') }, { value: 'rerun', label: t('op.resubmit.rerun') }] },
      ], (v) => post(operation, task, { targetActivityId: v['targetActivityId'], reason: v['reason']?.trim(), ...optional('resubmit', v['resubmit']) }));
    }
    case Operation.cc:
      return fieldsDialog(operation, [
        { name: 'userIds', label: t('op.pickUsers'), kind: 'users', multiple: true },
        { name: 'unitIds', label: t('op.pickUnits'), kind: 'units', multiple: true },
        { name: 'message', label: t('op.message'), kind: 'textarea' },
      ], (v) => {
        const userIds = splitIds(v['userIds'] ?? '');
        const unitIds = splitIds(v['unitIds'] ?? '');
        if (userIds.length + unitIds.length === 0) throw new InputError(t('op.ccNobody'));
        return post(operation, task, { ...(userIds.length > 0 && { userIds }), ...(unitIds.length > 0 && { unitIds }), ...optional('message', v['message']) });
      });
    case Operation.withdraw:
      return fieldsDialog(operation, [reasonField], (v) => post(operation, task, optional('reason', v['reason'])));
    case Operation.complete:
      throw new Error('complete is handled by the task page with its form');
    default: {
      const unknown: never = operation;
      throw new Error(`unknown operation ${String(unknown)}`);
    }
  }
}
