/** Browser paths of the inbox pages; the task and instance pages take the id after the prefix. */
export const InboxPath = {
  inbox: '/inbox',
  task: '/tasks/',
  instance: '/instances/',
  admin: '/admin',
} as const;

/** The id in `/tasks/<id>` or `/instances/<id>`, or undefined. */
export function idAfter(prefix: string, pathname: string): string | undefined {
  if (!pathname.startsWith(prefix)) return undefined;
  const id = decodeURIComponent(pathname.slice(prefix.length));
  return id === '' || id.includes('/') ? undefined : id;
}
