/** `ports[]` entries (`"8080:80"`, `"127.0.0.1:8080:80/udp"`, `"80"`) → Engine API port maps. */
export interface PortMapping {
  hostIp: string;
  /** Empty: the engine picks a free host port. */
  hostPort: string;
  containerPort: number;
  protocol: string;
}

export function parsePort(spec: string): PortMapping {
  const [addr = '', protocol = 'tcp'] = spec.split('/');
  // An IPv6 host IP is bracketed and full of colons: split it off first.
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(addr);
  const parts = v6 ? [v6[1]!, ...v6[2]!.split(':')] : addr.split(':');
  const containerPort = Number(parts.pop());
  const hostPort = parts.pop() ?? '';
  return { hostIp: parts.pop() ?? '', hostPort, containerPort, protocol };
}

export function portKey(p: PortMapping): string {
  return `${p.containerPort}/${p.protocol}`;
}

export interface EnginePorts {
  ExposedPorts: Record<string, object>;
  PortBindings: Record<string, Array<{ HostIp: string; HostPort: string }>>;
}

export function enginePorts(mappings: PortMapping[]): EnginePorts {
  const out: EnginePorts = { ExposedPorts: {}, PortBindings: {} };
  for (const p of mappings) {
    out.ExposedPorts[portKey(p)] = {};
    (out.PortBindings[portKey(p)] ??= []).push({ HostIp: p.hostIp, HostPort: p.hostPort });
  }
  return out;
}

type Bindings = Readonly<Record<string, ReadonlyArray<{ HostIp: string; HostPort: string }> | null>> | undefined;

const ANY_ADDRESS = ['', '0.0.0.0', '::'];

/**
 * Whether `mappings` want a host port that `bound` (a running container's `NetworkSettings.Ports`) holds:
 * the same port and protocol on the same address, or on every address on either side.
 */
export function portsClash(mappings: PortMapping[], bound: Bindings): boolean {
  const held = Object.entries(bound ?? {}).flatMap(([key, list]) => (list ?? []).map((b) => ({ ...b, protocol: key.split('/')[1] ?? 'tcp' })));
  return mappings.some(
    (m) => m.hostPort !== '' && held.some((b) => b.HostPort === m.hostPort && b.protocol === m.protocol && (ANY_ADDRESS.includes(m.hostIp) || ANY_ADDRESS.includes(b.HostIp) || b.HostIp === m.hostIp)),
  );
}

/** The address to reach a published container port from this host, from `NetworkSettings.Ports`. */
export function publishedAddress(ports: Bindings, key: string): string | null {
  const binding = ports?.[key]?.find((b) => b.HostPort);
  if (!binding) return null;
  const ip = ANY_ADDRESS.includes(binding.HostIp) ? '127.0.0.1' : binding.HostIp;
  return `${ip.includes(':') ? `[${ip}]` : ip}:${binding.HostPort}`;
}
