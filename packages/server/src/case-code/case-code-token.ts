import { CompactSign, compactVerify, type JWSHeaderParameters } from 'jose';
import { CaseCodeConfigError } from './case-code.errors.js';
import type { CaseCodeSigningKey } from './case-code.types.js';

/** What a case code token carries: kept tiny so the QR code stays easy to scan. */
export interface CaseCodeClaims {
  readonly cid: string;
  readonly iid: string;
  readonly v: 1;
}

const ALGORITHM = 'HS256';
const MIN_SECRET_BYTES = 32;
/** Longer strings are rejected before any parsing: a real token is about 150 characters. */
export const MAX_TOKEN_LENGTH = 1024;

/** Signs and checks case code tokens (compact JWS, HS256). The first key signs; every key verifies, chosen by `kid`. */
export class CaseCodeTokenCodec {
  private readonly keys: ReadonlyMap<string, Uint8Array>;
  private readonly signingKid: string;

  constructor(keys: readonly CaseCodeSigningKey[]) {
    const first = keys[0];
    if (first === undefined) throw new CaseCodeConfigError('at least one case code signing key is required');
    const map = new Map<string, Uint8Array>();
    for (const key of keys) {
      const secret = typeof key.secret === 'string' ? new TextEncoder().encode(key.secret) : key.secret;
      if (secret.byteLength < MIN_SECRET_BYTES) {
        throw new CaseCodeConfigError(`case code key '${key.kid}' is shorter than ${MIN_SECRET_BYTES} bytes`);
      }
      if (key.kid === '' || map.has(key.kid)) throw new CaseCodeConfigError(`case code key id '${key.kid}' is empty or repeated`);
      map.set(key.kid, secret);
    }
    this.keys = map;
    this.signingKid = first.kid;
  }

  async sign(claims: CaseCodeClaims): Promise<string> {
    const secret = this.keys.get(this.signingKid);
    if (secret === undefined) throw new CaseCodeConfigError('signing key vanished');
    const payload = new TextEncoder().encode(JSON.stringify({ cid: claims.cid, iid: claims.iid, v: claims.v }));
    return new CompactSign(payload).setProtectedHeader({ alg: ALGORITHM, kid: this.signingKid }).sign(secret);
  }

  /** The claims of a token whose signature checks out, or null for anything else (never throws on bad input). */
  async verify(token: string): Promise<CaseCodeClaims | null> {
    if (token.length > MAX_TOKEN_LENGTH || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return null;
    try {
      const { payload } = await compactVerify(token, (header: JWSHeaderParameters) => this.keyFor(header), {
        algorithms: [ALGORITHM],
      });
      return parseClaims(new TextDecoder().decode(payload));
    } catch {
      return null;
    }
  }

  private keyFor(header: JWSHeaderParameters): Uint8Array {
    const secret = header.kid === undefined ? undefined : this.keys.get(header.kid);
    if (secret === undefined) throw new Error('unknown case code key id');
    return secret;
  }
}

function parseClaims(json: string): CaseCodeClaims | null {
  const value: unknown = JSON.parse(json);
  if (typeof value !== 'object' || value === null) return null;
  const cid: unknown = Reflect.get(value, 'cid');
  const iid: unknown = Reflect.get(value, 'iid');
  const v: unknown = Reflect.get(value, 'v');
  if (typeof cid !== 'string' || typeof iid !== 'string' || v !== 1 || cid === '' || iid === '') return null;
  return { cid, iid, v };
}
