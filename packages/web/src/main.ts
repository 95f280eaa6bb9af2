import './styles.css';
import { NAV_CHANGED } from './app/nav.js';
import { interceptLinks, navigate, RoutePath, type Page } from './app/router.js';
import { loadSession } from './app/session.js';
import { currentLocale } from './i18n/i18n.js';
import { loginPage } from './pages/login.page.js';
import { processListPage } from './pages/process-list.page.js';

/** The designers (bpmn-js, form-js) are loaded only when opened: they are most of the bundle. */
const pages: Readonly<Record<RoutePath, () => Promise<Page>>> = {
  [RoutePath.login]: async () => loginPage,
  [RoutePath.processes]: async () => processListPage,
  [RoutePath.modeler]: async () => (await import('./pages/modeler.page.js')).modelerPage,
  [RoutePath.forms]: async () => (await import('./pages/form-designer.page.js')).formDesignerPage,
  [RoutePath.inbox]: async () => (await import('./inbox/inbox.page.js')).inboxPage,
  [RoutePath.task]: async () => (await import('./inbox/task.page.js')).taskPage,
  [RoutePath.instance]: async () => (await import('./instances/instance.page.js')).instancePage,
  [RoutePath.admin]: async () => (await import('./admin/admin.page.js')).adminPage,
  [RoutePath.decisions]: async () => (await import('./decisions/decisions.page.js')).decisionsPage,
};

function isRoutePath(path: string): path is RoutePath {
  return Object.hasOwn(pages, path);
}

/** `/tasks/<id>` → `/tasks/` (the page reads the id itself); other paths are matched exactly. */
function routeOf(pathname: string): string {
  for (const prefix of [RoutePath.task, RoutePath.instance]) if (pathname.startsWith(prefix) && pathname.length > prefix.length) return prefix;
  return pathname;
}

const root = document.getElementById('app');
if (!root) throw new Error('#app is missing from index.html');
let cleanup: (() => void) | void;
let renderCount = 0;

async function render(): Promise<void> {
  const path = routeOf(location.pathname);
  if (!isRoutePath(path) || (path !== RoutePath.login && !loadSession())) {
    navigate(loadSession() ? RoutePath.processes : RoutePath.login);
    return;
  }
  cleanup?.();
  cleanup = undefined;
  const renderId = ++renderCount;
  const page = await pages[path]();
  if (renderId !== renderCount) return;
  document.documentElement.lang = currentLocale();
  const container = document.createElement('div');
  container.className = 'zf-page';
  root?.replaceChildren(container);
  const result = await page(container, new URLSearchParams(location.search));
  if (renderId === renderCount) cleanup = result;
  else result?.();
}

interceptLinks(document.body);
window.addEventListener('popstate', () => void render());
window.addEventListener(NAV_CHANGED, () => void render());
window.addEventListener('zhifa:unauthenticated', () => navigate(RoutePath.login));
void render();
