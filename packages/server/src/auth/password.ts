import { randomBytes } from 'node:crypto';

/** Generates a readable random password (for the demo organisation when none is configured). */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/** Generates a secret for HS256 tokens. */
export function generateSecret(): string {
  return randomBytes(48).toString('base64url');
}

