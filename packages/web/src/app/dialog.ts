export interface DialogButton {
  readonly id: string;
  readonly label: string;
  readonly primary?: boolean;
}

export interface OpenDialog {
  readonly body: HTMLElement;
  /** Resolves with the id of the button pressed, or 'close' on Escape. */
  readonly result: Promise<string>;
  close(result: string): void;
}

/** A modal dialog; the caller fills `body` and awaits `result`. */
export function openDialog(title: string, buttons: readonly DialogButton[], testId: string, wide = false): OpenDialog {
  const backdrop = document.createElement('div');
  backdrop.className = 'zf-backdrop';
  const dialog = document.createElement('div');
  dialog.className = wide ? 'zf-dialog zf-dialog-wide' : 'zf-dialog';
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.dataset.testid = testId;
  const heading = document.createElement('h2');
  heading.textContent = title;
  const body = document.createElement('div');
  body.className = 'zf-dialog-body';
  const footer = document.createElement('footer');
  dialog.append(heading, body, footer);
  backdrop.append(dialog);
  document.body.append(backdrop);

  let resolve: (value: string) => void = () => undefined;
  const result = new Promise<string>((done) => { resolve = done; });
  const close = (value: string) => {
    backdrop.remove();
    document.removeEventListener('keydown', onKey);
    resolve(value);
  };
  const onKey = (event: KeyboardEvent) => { if (event.key === 'Escape') close('close'); };
  document.addEventListener('keydown', onKey);
  for (const button of buttons) {
    const element = document.createElement('button');
    element.type = 'button';
    element.textContent = button.label;
    element.dataset.testid = `dialog-${button.id}`;
    if (button.primary) element.className = 'zf-primary';
    element.addEventListener('click', () => close(button.id));
    footer.append(element);
  }
  return { body, result, close };
}
