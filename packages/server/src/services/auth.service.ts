import type { LoginResponse } from '@zhifa/api-types';
import { unauthenticated } from '../http/api-error.js';
import type { Principal } from '../auth/principal.js';
import type { TokenService } from '../auth/token.service.js';
import type { Directory, DirectoryUser } from './ports.js';

export class AuthService {
  constructor(
    private readonly directory: Directory,
    private readonly tokens: TokenService,
  ) {}

  async login(username: string, password: string): Promise<LoginResponse> {
    const user = await this.directory.verifyCredentials(username, password);
    if (!user) throw unauthenticated('wrong username or password');
    const principal = await this.principalOf(user);
    return { token: await this.tokens.issue(principal), user: principal };
  }

  /** The caller as stored now (roles or unit may have changed since the token was issued). */
  async me(principal: Principal): Promise<Principal> {
    const user = await this.directory.findUser(principal.id);
    if (!user) throw unauthenticated('user no longer exists');
    return this.principalOf(user);
  }

  private async principalOf(user: DirectoryUser): Promise<Principal> {
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: [...user.roles],
      unitId: user.unitId,
      groups: [...(await this.directory.groupsOf(user))],
    };
  }
}
