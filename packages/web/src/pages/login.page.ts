import type { LoginResponse } from '@zhifa/api-types';
import { ApiPath } from '@zhifa/api-types';
import { html, render } from 'lit-html';
import { ApiError, apiJson } from '../app/api-client.js';
import { navBar } from '../app/nav.js';
import { navigate, RoutePath, type Page } from '../app/router.js';
import { saveSession } from '../app/session.js';
import { t } from '../i18n/i18n.js';

export const loginPage: Page = (container) => {
  let error = '';
  const draw = () => render(html`${navBar(RoutePath.login)}
    <main class="zf-login">
      <form class="zf-card" data-testid="login-form" @submit=${submit}>
        <h1>${t('login.heading')}</h1>
        <label>${t('login.username')}<input name="username" autocomplete="username" required /></label>
        <label>${t('login.password')}<input name="password" type="password" autocomplete="current-password" required /></label>
        ${error ? html`<p class="zf-error" role="alert">${error}</p>` : ''}
        <button type="submit" class="zf-primary">${t('login.submit')}</button>
      </form>
    </main>`, container);

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!(event.currentTarget instanceof HTMLFormElement)) return;
    const data = new FormData(event.currentTarget);
    try {
      const result = await apiJson<LoginResponse>(ApiPath.login, {
        method: 'POST',
        body: { username: String(data.get('username') ?? ''), password: String(data.get('password') ?? '') },
      });
      saveSession(result);
      navigate(RoutePath.processes);
    } catch (cause) {
      error = cause instanceof ApiError && cause.status === 401 ? t('login.failed') : t('error.generic', { message: String(cause) });
      draw();
    }
  }
  draw();
};
