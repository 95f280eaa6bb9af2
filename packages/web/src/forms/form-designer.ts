import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js-editor/dist/assets/properties-panel.css';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import { FormEditor } from '@bpmn-io/form-js-editor';
import { Form } from '@bpmn-io/form-js-viewer';
import { translateDom } from '../i18n/dom-translator.js';
import { t } from '../i18n/i18n.js';
import { toFormSchema, type FormSchema } from './form-drafts.js';

export interface FormDesigner {
  schema(): FormSchema;
  destroy(): void;
}

/**
 * The form-js editor with a preview tab (the form-js viewer), translated through our dictionary.
 * `onChange` receives the schema after every edit so the caller can keep its draft.
 */
export async function mountFormDesigner(container: HTMLElement, initial: FormSchema, onChange: (schema: FormSchema) => void): Promise<FormDesigner> {
  container.classList.add('zf-form-designer');
  const tabs = document.createElement('div');
  tabs.className = 'zf-tabs';
  const designTab = document.createElement('button');
  designTab.type = 'button';
  designTab.textContent = t('forms.design');
  designTab.dataset.testid = 'form-tab-design';
  const previewTab = document.createElement('button');
  previewTab.type = 'button';
  previewTab.textContent = t('forms.preview');
  previewTab.dataset.testid = 'form-tab-preview';
  tabs.append(designTab, previewTab);
  const editorHost = document.createElement('div');
  editorHost.className = 'zf-form-editor';
  const previewHost = document.createElement('div');
  previewHost.className = 'zf-form-preview';
  previewHost.dataset.testid = 'form-preview';
  previewHost.hidden = true;
  container.replaceChildren(tabs, editorHost, previewHost);

  // the editor's chrome, not the fields of the form being designed or previewed
  const stopTranslating = translateDom(container, { skip: '.fjs-form-field' });
  const editor = new FormEditor({ container: editorHost });
  await editor.importSchema(initial);
  const current = () => toFormSchema(editor.saveSchema(), initial.id);
  editor.on('changed', () => onChange(current()));
  let viewer: Form | undefined;

  designTab.addEventListener('click', () => {
    editorHost.hidden = false;
    previewHost.hidden = true;
  });
  previewTab.addEventListener('click', () => {
    editorHost.hidden = true;
    previewHost.hidden = false;
    viewer?.destroy();
    viewer = new Form({ container: previewHost });
    void viewer.importSchema(current());
  });
  return {
    schema: current,
    destroy() {
      stopTranslating();
      viewer?.destroy();
      editor.destroy();
    },
  };
}
