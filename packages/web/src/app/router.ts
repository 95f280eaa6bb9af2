/** A page renders into its container and may return a cleanup run when the user navigates away. */
export type Page = (container: HTMLElement, query: URLSearchParams) => Promise<(() => void) | void> | (() => void) | void;

export const RoutePath = {
  login: '/login',
  processes: '/processes',
  modeler: '/modeler',
  forms: '/forms',
  inbox: '/inbox',
  admin: '/admin',
  decisions: '/decisions',
  /** `/tasks/<id>` and `/instances/<id>`: matched by prefix. */
  task: '/tasks/',
  instance: '/instances/',
} as const;
export type RoutePath = (typeof RoutePath)[keyof typeof RoutePath];

export function navigate(path: string): void {
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** Intercepts clicks on same-origin `<a data-link>` so pages switch without a reload. */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener('click', (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const anchor = target.closest('a[data-link]');
    if (!(anchor instanceof HTMLAnchorElement) || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    navigate(anchor.pathname + anchor.search);
  });
}
