import { t } from '../i18n/i18n.js';
import { errorMessage } from './inbox-api.js';

export interface ActionDialogOptions {
  readonly title: string;
  readonly submitLabel: string;
  readonly testId: string;
  /** Fills the body; called once. */
  readonly build: (body: HTMLElement) => void | Promise<void>;
  /**
   * Runs on submit. Throwing keeps the dialog open and shows the message (an API error's message from its
   * body); returning closes it.
   */
  readonly submit: () => Promise<void>;
}

/** A modal that stays open until its action succeeds or the user cancels; resolves true after success. */
export function actionDialog(options: ActionDialogOptions): Promise<boolean> {
  const backdrop = document.createElement('div');
  backdrop.className = 'zf-backdrop';
  const dialog = document.createElement('div');
  dialog.className = 'zf-dialog';
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.dataset.testid = options.testId;
  const heading = document.createElement('h2');
  heading.textContent = options.title;
  const body = document.createElement('div');
  body.className = 'zf-dialog-body zf-action-body';
  const message = document.createElement('p');
  message.className = 'zf-status zf-error';
  message.setAttribute('role', 'alert');
  message.dataset.testid = 'dialog-error';
  message.hidden = true;
  const footer = document.createElement('footer');
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = t('common.cancel');
  cancel.dataset.testid = 'dialog-cancel';
  const submit = document.createElement('button');
  submit.type = 'button';
  submit.className = 'zf-primary';
  submit.textContent = options.submitLabel;
  submit.dataset.testid = 'dialog-submit';
  footer.append(cancel, submit);
  dialog.append(heading, body, message, footer);
  backdrop.append(dialog);
  document.body.append(backdrop);

  return new Promise<boolean>((resolve) => {
    const close = (done: boolean) => {
      backdrop.remove();
      document.removeEventListener('keydown', onKey);
      resolve(done);
    };
    const onKey = (event: KeyboardEvent) => { if (event.key === 'Escape') close(false); };
    document.addEventListener('keydown', onKey);
    cancel.addEventListener('click', () => close(false));
    submit.addEventListener('click', () => {
      submit.disabled = true;
      message.hidden = true;
      options.submit().then(() => close(true), (error: unknown) => {
        message.textContent = errorMessage(error);
        message.hidden = false;
        submit.disabled = false;
      });
    });
    void Promise.resolve(options.build(body)).catch((error: unknown) => {
      message.textContent = errorMessage(error);
      message.hidden = false;
    });
  });
}

/** A validation failure of the dialog's own inputs (shown like an API error, without status). */
export class InputError extends Error {
  readonly code = 'INVALID_INPUT';
}
