/**
 * Steps the browser tests share, each waiting on something the page shows (an element, a URL, an attribute),
 * never on a fixed delay or on network idleness.
 */
import type { Locator, Page } from 'playwright-core';
import { login } from '../harness.js';

/**
 * Logs in as another user in the same tab. The previous user's session must go first: otherwise the
 * navigation bar of the old session satisfies the login helper before the new login has finished.
 */
export async function loginAs(page: Page, baseUrl: string, username: string): Promise<void> {
  if (page.url().startsWith(baseUrl)) await page.evaluate('sessionStorage.clear()');
  await login(page, username);
  await page.waitForURL('**/processes');
}

/**
 * Opens a task page and waits until it is the page of that task. A page that re-renders itself (after 签收,
 * say) replaces its whole DOM, so waiting on the page's own `data-task-id` never matches the previous render.
 */
export async function openTaskPage(page: Page, taskId: string): Promise<void> {
  await page.goto(`/tasks/${encodeURIComponent(taskId)}`);
  await page.locator(`[data-testid="task-page"][data-task-id="${taskId}"]`).waitFor();
}

/**
 * Claims the task on its page and waits for the page rendered after the claim (the one offering 取消签收):
 * the 办理 button of the page before may exist already (disabled, for a candidate user), so waiting on it
 * could act on a page about to be replaced.
 */
export async function claimOnPage(page: Page): Promise<void> {
  await page.getByTestId('op-claim').click();
  await page.getByTestId('op-unclaim').waitFor();
}

/** Opens an operation's dialog from the task or case page. */
export async function openOperation(page: Page, operation: string): Promise<Locator> {
  await page.getByTestId(`op-${operation}`).click();
  const dialog = page.getByTestId(`op-dialog-${operation}`);
  await dialog.waitFor();
  return dialog;
}

/** Picks a user or unit in a dialog's directory picker by searching for `search` and choosing `id`. */
export async function pick(dialog: Locator, picker: string, search: string, id: string): Promise<void> {
  const host = dialog.getByTestId(`picker-${picker}`);
  await host.getByTestId('picker-search').fill(search);
  await host.locator(`[data-testid="picker-option"][data-id="${id}"]`).click();
  await host.locator(`[data-testid="picker-chosen"] .zf-chip[data-id="${id}"]`).waitFor();
}

/** Submits an operation dialog and waits until it has closed (the operation succeeded). */
export async function submitDialog(dialog: Locator): Promise<void> {
  await dialog.getByTestId('dialog-submit').click();
  await dialog.waitFor({ state: 'detached' });
}

/**
 * Chooses an option of a form-js select. Its list opens on focus and a mouse-down on the field toggles it, so
 * a click on a field that already has the focus closes the list: focusing the field (after a blur, which
 * closes it) opens it whatever its state, then the option is clicked once it is there.
 */
export async function chooseOption(field: Locator, option: string): Promise<void> {
  const input = field.locator('input.fjs-select-hidden-input, .fjs-input-group input').first();
  await input.blur();
  await input.focus();
  await field.locator('.fjs-dropdownlist-item').getByText(option, { exact: true }).click();
  await field.locator('.fjs-dropdownlist').waitFor({ state: 'detached' });
}
