import { loadSession } from '../app/session.js';
import { t } from '../i18n/i18n.js';

/** A form-js schema; form-js itself types it as `any`, we only rely on `id`. */
export interface FormSchema {
  readonly id: string;
  readonly type: 'default';
  readonly components: readonly unknown[];
  readonly [property: string]: unknown;
}

/** Drafts are kept per user: one browser may be shared by several people of an office. */
function storageKey(): string {
  return `zhifa.formDrafts.${loadSession()?.user.id ?? 'anonymous'}`;
}

function isSchema(value: unknown): value is FormSchema {
  return typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string'
    && 'components' in value && Array.isArray(value.components);
}

function readAll(): Record<string, FormSchema> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey()) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, FormSchema] => isSchema(entry[1])));
  } catch {
    return {};
  }
}

/**
 * Forms not yet deployed live in the browser (localStorage) until they are deployed, either on their own
 * from the form designer or together with the diagram whose user tasks link them.
 */
export function listDrafts(): FormSchema[] {
  return Object.values(readAll()).sort((a, b) => a.id.localeCompare(b.id));
}

export function getDraft(formId: string): FormSchema | undefined {
  return readAll()[formId];
}

export function saveDraft(schema: FormSchema): void {
  localStorage.setItem(storageKey(), JSON.stringify({ ...readAll(), [schema.id]: schema }));
}

export function parseFormSchema(json: string): FormSchema {
  const parsed: unknown = JSON.parse(json);
  if (!isSchema(parsed)) throw new Error(t('forms.invalidFile'));
  return parsed;
}

export function toFormSchema(value: unknown, fallbackId: string): FormSchema {
  if (isSchema(value)) return value;
  return newFormSchema(fallbackId);
}

/** A new form with the two fields almost every approval step asks for: the opinion and the outcome. */
export function newFormSchema(formId: string): FormSchema {
  return {
    id: formId,
    type: 'default',
    components: [
      { id: `${formId}_opinion`, type: 'textarea', key: 'opinion', label: t('forms.default.opinion') },
      {
        id: `${formId}_outcome`, type: 'radio', key: 'outcome', label: t('forms.default.outcome'),
        values: [{ label: t('forms.default.approve'), value: 'approve' }, { label: t('forms.default.reject'), value: 'reject' }],
      },
    ],
  };
}

export function formResourceName(formId: string): string {
  return `${formId}.form`;
}
