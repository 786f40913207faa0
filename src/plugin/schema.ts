/** zod pieces shared by several plugin schemas, so a field means the same everywhere. */
import { z } from 'zod';
import { REPOSITORY_PATTERN, TAG_PATTERN } from '../docker/reference.js';

/** HCL scalars that become strings (build args, env, labels): numbers and bools keep their text. */
export const scalarString = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
export const stringMap = z.record(z.string(), scalarString);
export const stringList = z.array(z.string());
/** An image repository (`[host[:port]/]path`, lowercase, no tag) and a tag, as the engine accepts them. */
export const imageRepository = z.string().min(1, { abort: true }).regex(REPOSITORY_PATTERN, 'is not a valid image repository: lowercase [host[:port]/]name, without a tag');
export const imageTag = z.string().min(1, { abort: true }).regex(TAG_PATTERN, 'is not a valid image tag: up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"');

/** A BuildKit secret id: the `id` in `RUN --mount=type=secret,id=…`. */
export const SECRET_ID = /^[A-Za-z0-9_.-]+$/;
const secretId = z.string().regex(SECRET_ID, 'is not a valid build secret id: letters, digits, "_", "." and "-" (the id in RUN --mount=type=secret,id=…)');

/** A non-empty string or a list of them, normalised to a list. */
export const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1))]).transform((v) => (Array.isArray(v) ? v : [v]));

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/**
 * `"30s"`, `"2m"`, `"1h"`, `"500ms"`, or a number of seconds → milliseconds. Every duration is a timeout or
 * an interval, so zero is refused: `wait_timeout = 0` would stop the old container and fail at once.
 */
export const duration = z
  .union([
    // No .nonnegative(): a negative number gets the same message as zero ("at least 1ms"), not "at least 0".
    z.number().transform((s) => Math.round(s * 1000)),
    z.string().regex(DURATION, 'expected a duration such as "30s", "2m" or "1h"').transform((s) => {
      const [, n, unit] = DURATION.exec(s) as RegExpExecArray;
      return Math.round(Number(n) * UNIT_MS[unit as keyof typeof UNIT_MS]);
    }),
  ])
  .refine((ms) => ms > 0, 'must be at least 1ms, such as "30s"');

/** Fields every image builder shares (docker, csdocker). */
export const dockerBuildFields = {
  image: imageRepository.optional(),
  name: imageRepository.optional(),
  tag: imageTag.optional(),
  dockerfile: z.string().min(1).optional(),
  context: z.string().min(1).optional(),
  build_args: stringMap.optional(),
  target: z.string().min(1).optional(),
  platform: z.string().min(1).optional(),
  labels: stringMap.optional(),
  no_cache: z.boolean().optional(),
  secrets: z.record(secretId, z.string()).optional(),
  cache_from: stringList.optional(),
  cache: z.boolean().optional(),
};

/** Per-build Vault fields (Go orchestrator names); they override the project `vault {}` block. */
export const vaultBuildFields = {
  vault_address: z.string().min(1).optional(),
  vault_auth_method: z.enum(['token', 'approle', 'jwt']).optional(),
  /** Auth mount path; defaults to the auth method's name. */
  vault_mount: z.string().min(1).optional(),
  vault_token: z.string().min(1).optional(),
  /** jwt role. */
  vault_role: z.string().min(1).optional(),
  role_id: z.string().min(1).optional(),
  secret_id: z.string().min(1).optional(),
  secrets_path: stringOrList.optional(),
  vault_namespace: z.string().min(1).optional(),
  vault_ca_cert: z.string().min(1).optional(),
  vault_tls_skip_verify: z.boolean().optional(),
  vault_timeout: duration.optional(),
  vault_max_retries: z.number().int().min(0).max(20).optional(),
  env: stringMap.optional(),
};
