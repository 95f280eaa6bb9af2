import type { Role, User } from '@zhifa/api-types';

const TOKEN_KEY = 'zhifa.token';
const USER_KEY = 'zhifa.user';

export interface Session {
  readonly token: string;
  readonly user: User;
}

/** The login lives in sessionStorage: one browser tab, gone when it closes. */
export function loadSession(): Session | undefined {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const userJson = sessionStorage.getItem(USER_KEY);
  if (!token || !userJson) return undefined;
  try {
    const user: User = JSON.parse(userJson);
    return { token, user };
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(TOKEN_KEY, session.token);
  sessionStorage.setItem(USER_KEY, JSON.stringify(session.user));
}

/** Forgets the login (an expired token too); the tab's modeler draft survives so a re-login can go on. */
export function clearSession(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
}

/** Logging out also drops the tab's unsaved modeler draft: the next user of this tab must not see it. */
export function logoutSession(): void {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith('zhifa.')) sessionStorage.removeItem(key);
}

const MODELLING_ROLES: readonly Role[] = ['admin', 'analyst'];

/** Analysts and admins model and deploy; everyone else sees the designer read-only. */
export function canDeploy(session: Session | undefined): boolean {
  return session?.user.roles.some((role) => MODELLING_ROLES.includes(role)) ?? false;
}
