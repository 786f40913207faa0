/** The optional project-wide `vault {}` block (interface.md §1). */
import { z } from 'zod';
import type { Scope } from './interpolate.js';
import type { VaultSettings } from './types.js';
import { isRecord, validateOrPending, type LoadContext } from './validate.js';

const text = z.string().min(1).optional();

export const vaultSchema = z.strictObject({
  address: text,
  auth_method: z.enum(['token', 'approle', 'jwt']).optional(),
  mount: text,
  role_id: text,
  secret_id: text,
  role: text,
  jwt_audience: text,
  jwt: text,
  token: text,
  namespace: text,
  ca_cert: text,
  skip_verify: z.boolean().optional(),
}) satisfies z.ZodType<VaultSettings>;

export function resolveVault(raw: unknown, scope: Scope, ctx: LoadContext): VaultSettings | null {
  if (raw === undefined) return null;
  const path = ['vault'];
  if (!Array.isArray(raw) || !isRecord(raw[0])) {
    ctx.problems.at(path, 'vault must be a block', 'write vault { address = "https://vault.example.com" … }');
    return null;
  }
  ctx.problems.duplicates(path, raw.length, 'duplicate vault block', 'keep one vault block');
  const checked = validateOrPending(vaultSchema, ctx.interpolator.value(raw[0], path, scope), path, 'in the vault block', ctx);
  if (!checked) return null;
  if (!checked.pending) return checked.value;
  for (const error of checked.pending) ctx.pending.push({ app: null, phase: 'vault', error });
  // Every other field is valid: the unset ones are left out, as if not written.
  return Object.fromEntries(Object.entries(checked.value as Record<string, unknown>).filter(([, v]) => v !== '')) as VaultSettings;
}
