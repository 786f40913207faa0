/**
 * What a deploy would change in the running container besides its image: its settings against the config,
 * one phrase each, for `plan`. Env and label values may be secrets: only their names are shown.
 */
import type Docker from 'dockerode';
import { enginePorts, type PortMapping } from './ports.js';
import type { DockerDeployConfig } from './schema.js';

/** The network a container gets when none is set: engines report it as "default" or "bridge". */
const DEFAULT_NETWORKS = ['default', 'bridge'];

/**
 * `image`: the running container's image (its ENV, LABEL and CMD are in the container too); `labels`: the
 * labels a deploy sets besides cs's own (app labels and the stanza's). Without the image, only what the
 * container holds on its own (ports, network, restart) is compared.
 */
export function settingChanges(info: Docker.ContainerInspectInfo, image: Docker.ImageInspectInfo | null, config: DockerDeployConfig, ports: PortMapping[], labels: Record<string, string>): string[] {
  const changes: string[] = [];
  const [was, now] = [bindings(info.HostConfig.PortBindings ?? {}), bindings(enginePorts(ports).PortBindings)];
  if (was !== now) changes.push(`ports ${was || 'none'} → ${now || 'none'}`);
  const [network, wanted] = [info.HostConfig.NetworkMode ?? 'default', config.network ?? 'default'];
  if (network !== wanted && !(DEFAULT_NETWORKS.includes(network) && DEFAULT_NETWORKS.includes(wanted))) changes.push(`network ${network} → ${wanted}`);
  const [restart, policy] = [info.HostConfig.RestartPolicy?.Name || 'no', config.restart ?? 'no'];
  if (restart !== policy) changes.push(`restart ${restart} → ${policy}`);
  if (!image) return changes;
  const env = changedNames(entries(info.Config.Env), { ...entries(image.Config.Env), ...config.env });
  if (env.length) changes.push(`env ${env.join(', ')}`);
  const label = changedNames(withoutOwn(info.Config.Labels ?? {}), withoutOwn({ ...image.Config.Labels, ...labels }));
  if (label.length) changes.push(`labels ${label.join(', ')}`);
  if (JSON.stringify(info.Config.Cmd ?? null) !== JSON.stringify(config.command ?? image.Config.Cmd ?? null)) changes.push('command');
  return changes;
}

/** `8080:80/tcp, 127.0.0.1::53/udp`: comparable and readable. */
function bindings(map: Record<string, Array<{ HostIp: string; HostPort: string }> | null>): string {
  return Object.entries(map)
    .flatMap(([key, list]) => (list ?? []).map((b) => `${b.HostIp ? `${b.HostIp}:` : ''}${b.HostPort}${b.HostIp || b.HostPort ? ':' : ''}${key}`))
    .sort()
    .join(', ');
}

function entries(env: string[] | undefined | null): Record<string, string> {
  return Object.fromEntries((env ?? []).map((e) => (e.includes('=') ? [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] : [e, ''])));
}

/** cs's own labels differ at every deploy (deployment id, image): they are not settings. */
function withoutOwn(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !k.startsWith('cs.')));
}

/** Names whose value differs, or that only one side has, sorted. */
function changedNames(current: Record<string, string>, wanted: Record<string, string>): string[] {
  return [...new Set([...Object.keys(current), ...Object.keys(wanted)])].filter((k) => current[k] !== wanted[k]).sort();
}
