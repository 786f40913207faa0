/**
 * The life of a token we logged in for. It stays alive for the whole build, not just the KV reads:
 * dynamic secrets (database credentials, cloud keys) are leases owned by the token and die with it.
 * So it is renewed at half its TTL while work runs, and revoked exactly once at the end — success,
 * failure or cancel. Renewal uses node-vault's own scheduler; revoke is sent without the run's abort
 * signal, because cancellation is exactly when it must still go out.
 */
import type { Logger } from '../log/logger.js';
import type { Redactor } from '../secrets/redactor.js';
import type { VaultClient } from './client.js';
import type { VaultLogin } from './auth.js';
import { toVaultError } from './errors.js';

/**
 * node-vault renews after ttl × 0.5 in a setTimeout, which fires at once past 2^31-1 ms: a TTL of over ~50 days
 * would renew in a loop. Capped, such a token is renewed every 23 days — never, within any build.
 */
const MAX_RENEW_TTL_S = 4_000_000;

export class TokenLease {
  private released: Promise<void> | null = null;

  constructor(
    private readonly client: VaultClient,
    private readonly login: VaultLogin,
    private readonly log: Logger,
    private readonly redactor: Redactor,
  ) {}

  startRenewal(): void {
    const { owned, renewable, ttlSeconds } = this.login;
    if (!owned || !renewable || ttlSeconds <= 0) return;
    this.client.on('token:renewed', (res: { auth?: { lease_duration?: number } }) => {
      this.log.debug(`Vault: token renewed (ttl ${res.auth?.lease_duration ?? '?'}s)`);
    });
    this.client.on('token:error:renew', (err: unknown) => {
      if (!this.released) this.log.warn(`${toVaultError(err, 'token renewal', this.redactor).message}; the token may expire before the build ends`);
    });
    this.client.on('token:expired', () => {
      if (!this.released) this.log.warn('Vault: the token reached its max TTL and can no longer be renewed');
    });
    void this.client.startTokenRenewal({ ttl: Math.min(ttlSeconds, MAX_RENEW_TTL_S), renewFraction: 0.5 });
  }

  /** Idempotent: every caller (finally, abort listener) gets the same single revoke. */
  release(): Promise<void> {
    this.released ??= this.revoke();
    return this.released;
  }

  private async revoke(): Promise<void> {
    this.client.stopTokenRenewal();
    if (!this.login.owned) return;
    try {
      await this.client.tokenRevokeSelf();
      this.log.debug('Vault: token revoked');
    } catch (err) {
      this.log.warn(`${toVaultError(err, 'token revoke', this.redactor).message}; it expires at the end of its TTL`);
    } finally {
      this.client.token = '';
    }
  }
}
