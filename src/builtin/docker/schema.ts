/** The `docker` plugin's three stanzas (interface.md §1). */
import { isIP } from 'node:net';
import { z } from 'zod';
import type { AppRef, ComponentNames } from '../../plugin/types.js';
import { dockerBuildFields, duration, imageRepository, imageTag, stringList, stringMap } from '../../plugin/schema.js';
import { parsePort } from './ports.js';

export const dockerBuildSchema = z.strictObject(dockerBuildFields);
export type DockerBuildConfig = z.output<typeof dockerBuildSchema>;

const credentials = z.strictObject({ username: z.string().min(1), password: z.string().min(1) });

/** Path components as in an image name (`team`, `org/team`); uppercase is lowercased with the rest of the repository. */
const NAMESPACE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/i;
/** `ghcr.io`, `https://myacr.azurecr.io/`, `127.0.0.1:5000`, `ghcr.io/acme` (images go under the path). */
const REGISTRY = /^(?:https?:\/\/)?[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?(?:\/[A-Za-z0-9._/-]*)?$/;

export const dockerRegistrySchema = z
  .strictObject({
    image: imageRepository.optional(),
    tag: imageTag.optional(),
    registry: z.string().regex(REGISTRY, 'expected a registry host such as ghcr.io, myacr.azurecr.io or 127.0.0.1:5000, optionally with a path (ghcr.io/acme)').optional(),
    namespace: z.string().regex(NAMESPACE, 'is not a valid namespace: lowercase letters and digits joined by ".", "_", "__" or "-", in parts separated by "/"').optional(),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    auth: credentials.optional(),
    insecure: z.boolean().optional(),
    /** The whole push, retries included (default 30m). */
    push_timeout: duration.optional(),
  })
  .superRefine((c, ctx) => {
    if (Boolean(c.username) !== Boolean(c.password)) {
      ctx.addIssue({ code: 'custom', path: [c.username ? 'password' : 'username'], message: 'username and password must be given together (or use auth = { username, password })' });
    }
  });
export type DockerRegistryConfig = z.output<typeof dockerRegistrySchema>;

/** `[HOST_IP:[HOST_PORT]:]CONTAINER` or `HOST_PORT:CONTAINER`, as `docker run -p` takes them: an IP needs the host-port field. */
const PORT_MAPPING = /^(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):\d{0,5}:|\d{1,5}:)?\d{1,5}(?:\/(?:tcp|udp|sctp))?$/;

/**
 * A port mapping string: its form, its host IP, then its host and container ports in 1–65535 (an empty host
 * port, `IP::80`, is a random one). The engine publishes on every interface when it cannot parse the IP: a
 * typo in `127.0.0.1` would expose the app.
 */
const portMapping = z
  .string()
  .regex(PORT_MAPPING, { message: 'expected "HOST:CONTAINER" such as "8080:80"', abort: true })
  .superRefine((mapping, ctx) => {
    const { hostIp, hostPort, containerPort } = parsePort(mapping);
    if (hostIp && !isIP(hostIp)) return ctx.addIssue({ code: 'custom', message: `host IP ${hostIp} is not an IP address`, input: mapping });
    for (const [side, port] of [['host', hostPort], ['container', containerPort]] as const) {
      if (port === '') continue;
      const n = Number(port);
      if (n < 1 || n > 65535) ctx.addIssue({ code: 'custom', message: `${side} port ${n} is out of range 1–65535`, input: mapping });
    }
  });

const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const CONTAINER_NAME_RULE = 'container names use letters, digits, "_", "." and "-": two or more, the first a letter or digit';

export const dockerDeploySchema = z.strictObject({
  name: z.string().regex(CONTAINER_NAME, CONTAINER_NAME_RULE).optional(),
  ports: z.array(z.union([portMapping, z.number().int().min(1).max(65535)]).transform(String)).optional(),
  env: stringMap.optional(),
  labels: stringMap.optional(),
  network: z.string().min(1).optional(),
  command: stringList.optional(),
  restart: z.enum(['no', 'always', 'unless-stopped', 'on-failure']).optional(),
  healthcheck: z
    .strictObject({
      path: z.string().startsWith('/').optional(),
      port: z.number().int().min(1).max(65535).optional(),
      interval: duration.optional(),
      timeout: duration.optional(),
      retries: z.number().int().min(0).optional(),
    })
    .optional(),
  wait_timeout: duration.optional(),
  /** Pulling an image the engine does not have yet, retries included (default 30m). */
  pull_timeout: duration.optional(),
});
export type DockerDeployConfig = z.output<typeof dockerDeploySchema>;

/** The app's container: `name`, else `<project>-<app>`. */
export function containerName(config: DockerDeployConfig, ref: AppRef): string {
  return config.name ?? `${ref.project}-${ref.app}`;
}

export function containerNames(config: DockerDeployConfig, ref: AppRef): ComponentNames {
  const name = containerName(config, ref);
  const invalid = CONTAINER_NAME.test(name) ? undefined : { message: `the container name "${name}", made from the project and app names, is not one docker accepts: ${CONTAINER_NAME_RULE}`, attribute: 'name' };
  return { invalid, target: { description: `container "${name}"`, attribute: 'name' } };
}
