import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { User } from '@zhifa/api-types';
import type { Principal } from './principal.js';
import { unauthenticated } from '../http/api-error.js';

const ISSUER = 'zhifa';
const AUDIENCE = 'zhifa-api';
const ALGORITHM = 'HS256';

/** Issues and checks bearer tokens (HS256 only: `alg: none` and every other algorithm are refused). */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlSeconds = 8 * 3600,
  ) {
    if (secret.length < 32) throw new Error('ZHIFA_JWT_SECRET must be at least 32 characters');
    this.key = new TextEncoder().encode(secret);
  }

  async issue(user: Principal): Promise<string> {
    return new SignJWT({ user })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  /** The principal in a valid token; 401 for anything forged, expired, malformed or of another algorithm. */
  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE });
      const user = User.safeParse(payload['user']);
      if (!user.success || user.data.id !== payload.sub) throw unauthenticated('invalid token');
      return user.data;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw unauthenticated('token expired');
      if (error instanceof joseErrors.JOSEError) throw unauthenticated('invalid token');
      throw error;
    }
  }
}
