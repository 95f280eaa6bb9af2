/** Hand-made JWTs for S8 (HS256 via node:crypto, or deliberately broken ones). */
import { createHmac } from 'node:crypto';

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

export function signHs256(header: object, payload: object, secret: string): string {
  const head = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

export function unsigned(payload: object): string {
  return `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}.`;
}

/** Replaces the payload of a valid token, keeping its signature. */
export function withPayload(token: string, payload: object): string {
  const [head, , sig] = token.split('.');
  return `${head ?? ''}.${b64url(JSON.stringify(payload))}.${sig ?? ''}`;
}

export function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}
