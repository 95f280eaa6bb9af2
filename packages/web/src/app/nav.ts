import { html, type TemplateResult } from 'lit-html';
import { currentLocale, Locale, setLocale, t } from '../i18n/i18n.js';
import { RoutePath } from './router.js';
import { loadSession, logoutSession } from './session.js';

export const NAV_CHANGED = 'zhifa:rerender';

function switchLanguage(): void {
  setLocale(currentLocale() === Locale.zh ? Locale.en : Locale.zh);
  window.dispatchEvent(new CustomEvent(NAV_CHANGED));
}

function logout(): void {
  logoutSession();
  window.dispatchEvent(new CustomEvent('zhifa:unauthenticated'));
}

/** The navigation bar every page shares. */
export function navBar(active: string): TemplateResult {
  const session = loadSession();
  const link = (path: RoutePath, label: string) =>
    html`<a data-link href=${path} class=${active === path ? 'active' : ''} data-testid=${`nav-${path.slice(1)}`}>${label}</a>`;
  return html`<nav class="zf-nav">
    <span class="zf-brand">${t('app.title')}</span>
    ${session ? html`${link(RoutePath.inbox, t('nav.inbox'))}${link(RoutePath.processes, t('nav.processes'))}${link(RoutePath.modeler, t('nav.modeler'))}${link(RoutePath.forms, t('nav.forms'))}${link(RoutePath.decisions, t('nav.decisions'))}${session.user.roles.some((role) => role === 'admin' || role === 'auditor') ? link(RoutePath.admin, t('nav.admin')) : ''}` : ''}
    <span class="zf-spacer"></span>
    ${session ? html`<span class="zf-user" data-testid="nav-user">${session.user.displayName} · ${session.user.roles.map((role) => t(`role.${role}`)).join(' / ')}</span>` : ''}
    <button type="button" class="zf-lang" data-testid="lang-switch" @click=${switchLanguage}>${t('nav.switchLanguage')}</button>
    ${session ? html`<button type="button" data-testid="logout" @click=${logout}>${t('nav.logout')}</button>` : ''}
  </nav>`;
}
