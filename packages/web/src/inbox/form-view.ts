import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import { Form } from '@bpmn-io/form-js-viewer';
import { ApiPath, type FormDefinition } from '@zhifa/api-types';
import { currentLocale, Locale, translateLibrary } from '../i18n/i18n.js';
import { formViewerZh } from './zh-CN.form-viewer.js';
import { callJson, isNotFound } from './inbox-api.js';

export interface FormView {
  /** Validates; the data when valid, undefined (errors shown in the form) otherwise. */
  submit(): Record<string, unknown> | undefined;
  destroy(): void;
}

/** The deployed form of a key (`GET /api/forms/:key`), or undefined when there is none. */
export async function loadFormSchema(formKey: string): Promise<unknown> {
  try {
    const form = await callJson<FormDefinition>(ApiPath.form.replace(':key', encodeURIComponent(formKey)));
    return form.schema;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Viewer 2's own strings first, then the shared library dictionary (English is the identity). */
function translateViewer(template: string, replacements?: Readonly<Record<string, string | number>>): string {
  const chinese = currentLocale() === Locale.zh ? formViewerZh[template] : undefined;
  return translateLibrary(chinese ?? template, replacements);
}

/** The form-js viewer with its messages (validation, pickers) through our library dictionary. */
export async function renderForm(container: HTMLElement, schema: unknown, data: Record<string, unknown> = {}, readOnly = false): Promise<FormView> {
  const form = new Form({
    container,
    additionalModules: [{ translate: ['value', translateViewer] }],
    ...(readOnly && { properties: { readOnly: true } }),
  });
  await form.importSchema(schema, data);
  return {
    submit() {
      const { data: values, errors } = form.submit();
      return Object.keys(errors).length === 0 ? { ...values } : undefined;
    },
    destroy: () => form.destroy(),
  };
}
