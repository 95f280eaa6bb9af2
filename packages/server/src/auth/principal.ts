import type { Response } from 'express';
import { Role, type User } from '@zhifa/api-types';
import { unauthenticated } from '../http/api-error.js';

/** Who is calling: the user as carried in the bearer token. */
export type Principal = User;

export const hasRole = (principal: Principal, ...roles: readonly Role[]): boolean =>
  principal.roles.some((role) => roles.includes(role));

const PRINCIPAL = 'principal';

export function setPrincipal(res: Response, principal: Principal): void {
  res.locals[PRINCIPAL] = principal;
}

/** The authenticated caller; throws 401 when the auth middleware did not run or failed. */
export function principalOf(res: Response): Principal {
  const value: unknown = res.locals[PRINCIPAL];
  if (!isPrincipal(value)) throw unauthenticated();
  return value;
}

function isPrincipal(value: unknown): value is Principal {
  return typeof value === 'object' && value !== null && 'id' in value && 'roles' in value;
}

export const AllRoles = Role.options;
