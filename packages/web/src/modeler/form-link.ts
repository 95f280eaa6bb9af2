import type BpmnModeler from 'bpmn-js/lib/Modeler';
import type { Element } from 'bpmn-js/lib/model/Types';
import { openDialog } from '../app/dialog.js';
import { mountFormDesigner } from '../forms/form-designer.js';
import { getDraft, newFormSchema, saveDraft } from '../forms/form-drafts.js';
import { t } from '../i18n/i18n.js';
import { setExtensionAttrs, type ModdleServices } from './properties/extension-elements.js';
import { FormEvent } from './properties/zhifa-entries.js';

/** Opens the form designer in a dialog; every edit is kept as the form's draft. */
export async function editFormInDialog(formId: string): Promise<void> {
  const dialog = openDialog(t('forms.dialogHeading', { formId }), [{ id: 'done', label: t('common.done'), primary: true }], 'form-dialog', true);
  const schema = getDraft(formId) ?? newFormSchema(formId);
  saveDraft(schema);
  const designer = await mountFormDesigner(dialog.body, schema, saveDraft);
  await dialog.result;
  saveDraft(designer.schema());
  designer.destroy();
}

function isElementEvent(value: unknown): value is { element: Element; formId?: string } {
  return typeof value === 'object' && value !== null && 'element' in value;
}

/** Wires the "create / edit form" buttons of our properties group to the draft store and the dialog. */
export function connectFormLinks(modeler: BpmnModeler): void {
  const eventBus = modeler.get<{ on(event: string, callback: (event: unknown) => void): void }>('eventBus');
  const services: ModdleServices = { bpmnFactory: modeler.get('bpmnFactory'), commandStack: modeler.get('commandStack') };
  eventBus.on(FormEvent.create, (event) => {
    if (!isElementEvent(event)) return;
    const formId = `Form_${event.element.id}_${Math.random().toString(36).slice(2, 6)}`;
    saveDraft(newFormSchema(formId));
    setExtensionAttrs(event.element, event.element.businessObject, 'zeebe:FormDefinition', { formId }, services);
    void editFormInDialog(formId);
  });
  eventBus.on(FormEvent.edit, (event) => {
    if (isElementEvent(event) && event.formId) void editFormInDialog(event.formId);
  });
}
