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

/** The address to reach a published container port from this host, from `NetworkSettings.Ports`. */
export function publishedAddress(ports: Record<string, Array<{ HostIp: string; HostPort: string }> | null> | undefined, key: string): string | null {
  const binding = ports?.[key]?.find((b) => b.HostPort);
  if (!binding) return null;
  const ip = !binding.HostIp || binding.HostIp === '0.0.0.0' || binding.HostIp === '::' ? '127.0.0.1' : binding.HostIp;
  return `${ip.includes(':') ? `[${ip}]` : ip}:${binding.HostPort}`;
}
