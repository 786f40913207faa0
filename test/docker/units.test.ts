/** Pure helpers of the docker plugin: references, ports, registry error classes, retries, push targets. */
import { describe, expect, test, vi } from 'vitest';
import { parsePort, enginePorts, portsClash, publishedAddress } from '../../src/builtin/docker/ports.js';
import { digestFromEvents, pushTarget } from '../../src/builtin/docker/registry.js';
import { dockerDeploySchema } from '../../src/builtin/docker/schema.js';
import type { Artifact } from '../../src/component/index.js';
import { CancelledError } from '../../src/errors.js';
import { formatReference, normaliseRegistry, parseReference, registryHost } from '../../src/docker/reference.js';
import { classifyRegistryError, withRetry } from '../../src/docker/retry.js';

describe('image references', () => {
  test.each([
    ['web', { repository: 'web', tag: null, digest: null }, 'docker.io'],
    ['web:1', { repository: 'web', tag: '1', digest: null }, 'docker.io'],
    ['127.0.0.1:5000/shop/web', { repository: '127.0.0.1:5000/shop/web', tag: null, digest: null }, '127.0.0.1:5000'],
    ['127.0.0.1:5000/shop/web:v2@sha256:abc', { repository: '127.0.0.1:5000/shop/web', tag: 'v2', digest: 'sha256:abc' }, '127.0.0.1:5000'],
    ['shopacr.azurecr.io/web@sha256:abc', { repository: 'shopacr.azurecr.io/web', tag: null, digest: 'sha256:abc' }, 'shopacr.azurecr.io'],
    ['localhost/web:1', { repository: 'localhost/web', tag: '1', digest: null }, 'localhost'],
    ['library/busybox:stable', { repository: 'library/busybox', tag: 'stable', digest: null }, 'docker.io'],
  ])('%s', (ref, parsed, host) => {
    expect(parseReference(ref)).toEqual(parsed);
    expect(registryHost(parsed.repository)).toBe(host);
    expect(formatReference(parsed)).toBe(ref);
  });

  test.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['https://ShopACR.azurecr.io/', 'shopacr.azurecr.io'],
    ['127.0.0.1:5000', '127.0.0.1:5000'],
  ])('normaliseRegistry(%s) = %s', (address, host) => expect(normaliseRegistry(address)).toBe(host));
});

describe('ports', () => {
  test.each([
    ['8080:80', { hostIp: '', hostPort: '8080', containerPort: 80, protocol: 'tcp' }],
    ['80', { hostIp: '', hostPort: '', containerPort: 80, protocol: 'tcp' }],
    ['127.0.0.1:8080:80/udp', { hostIp: '127.0.0.1', hostPort: '8080', containerPort: 80, protocol: 'udp' }],
    ['[::1]:8080:80', { hostIp: '::1', hostPort: '8080', containerPort: 80, protocol: 'tcp' }],
  ])('%s', (spec, mapping) => expect(parsePort(spec)).toEqual(mapping));

  test('engine maps and published address', () => {
    expect(enginePorts([parsePort('8080:80'), parsePort('9090:80')])).toEqual({
      ExposedPorts: { '80/tcp': {} },
      PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }, { HostIp: '', HostPort: '9090' }] },
    });
    expect(publishedAddress({ '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }] }, '80/tcp')).toBe('127.0.0.1:8080');
    expect(publishedAddress({ '80/tcp': null }, '80/tcp')).toBeNull();
  });

  // What a running container holds (NetworkSettings.Ports: docker lists IPv4 and IPv6 bindings of "8080:80").
  const holds8080 = { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }, { HostIp: '::', HostPort: '8080' }], '90/tcp': null };
  const loopback = { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] };
  test.each([
    ['8080:80', holds8080, true],
    ['8080:3000', holds8080, true], // another container port, the same host port
    ['8081:80', holds8080, false],
    ['80', holds8080, false], // a random host port never clashes
    ['8080:80/udp', holds8080, false],
    ['127.0.0.1:8080:80', holds8080, true], // every address holds loopback too
    ['127.0.0.2:8080:80', loopback, false],
    ['8080:80', loopback, true],
    ['127.0.0.1:8080:80', loopback, true],
    ['8080:80', { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '32768' }] }, false],
  ] as const)('%s against %j clashes: %s', (spec, bound, clash) => expect(portsClash([parsePort(spec)], bound)).toBe(clash));
});

describe('registry errors and retries', () => {
  test.each([
    ['unauthorized: authentication required', 'auth'],
    ['no basic auth credentials', 'auth'],
    ['denied: requested access to the resource is denied', 'auth'],
    ['received unexpected HTTP status: 503 Service Unavailable', 'transient'],
    ['Put "https://r/v2/x/blobs/uploads/": dial tcp 127.0.0.1:5999: connect: connection refused', 'transient'],
    ['manifest invalid: manifest invalid', 'fatal'],
  ])('%s → %s', (message, kind) => expect(classifyRegistryError(message)).toBe(kind));

  const signal = new AbortController().signal;

  test('retries transient failures with doubling delays, then succeeds', async () => {
    const fn = vi.fn().mockRejectedValueOnce(new Error('503')).mockRejectedValueOnce(new Error('503')).mockResolvedValue('ok');
    const delays: number[] = [];
    await expect(withRetry(fn, { attempts: 4, baseDelayMs: 1, signal, retryable: () => true, onRetry: (_e, _a, d) => delays.push(d) })).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(3);
    expect(delays).toEqual([1, 2]);
  });

  test('never retries what is not retryable (401), nor cancellation', async () => {
    const auth = vi.fn().mockRejectedValue(new Error('unauthorized'));
    await expect(withRetry(auth, { attempts: 4, baseDelayMs: 1, signal, retryable: (e) => classifyRegistryError((e as Error).message) === 'transient' })).rejects.toThrow('unauthorized');
    expect(auth).toHaveBeenCalledTimes(1);
    const cancelled = vi.fn().mockRejectedValue(new CancelledError('SIGINT'));
    await expect(withRetry(cancelled, { attempts: 4, baseDelayMs: 1, signal, retryable: () => true })).rejects.toBeInstanceOf(CancelledError);
    expect(cancelled).toHaveBeenCalledTimes(1);
  });

  test('gives up after the last attempt', async () => {
    const fn = vi.fn().mockRejectedValue(new Error('503'));
    await expect(withRetry(fn, { attempts: 3, baseDelayMs: 1, signal, retryable: () => true })).rejects.toThrow('503');
    expect(fn).toHaveBeenCalledTimes(3);
  });
});

describe('push target', () => {
  const artifact: Artifact = { id: 'x', image: 'shop-web', tag: 'abc1234', imageId: 'sha256:x', labels: {}, ports: [], builder: 'docker' };
  test.each([
    ['artifact name on Docker Hub', {}, {}, { repository: 'shop-web', tag: 'abc1234', registry: 'docker.io' }],
    ['registry + namespace', { registry: 'https://ShopACR.azurecr.io', namespace: 'team' }, {}, { repository: 'shopacr.azurecr.io/team/shop-web', tag: 'abc1234', registry: 'shopacr.azurecr.io' }],
    ['REGISTRY_URL fallback', { image: 'web', tag: 'v1' }, { REGISTRY_URL: '127.0.0.1:5000' }, { repository: '127.0.0.1:5000/web', tag: 'v1', registry: '127.0.0.1:5000' }],
    ['an image naming its registry wins', { image: 'shopacr.azurecr.io/web' }, { REGISTRY_URL: 'other.io' }, { repository: 'shopacr.azurecr.io/web', tag: 'abc1234', registry: 'shopacr.azurecr.io' }],
    ['a registry written with a path (ghcr.io/acme) puts the image under it', { registry: 'ghcr.io/Acme' }, {}, { repository: 'ghcr.io/acme/shop-web', tag: 'abc1234', registry: 'ghcr.io' }],
    ['REGISTRY_URL with a path, then the namespace', { namespace: 'team' }, { REGISTRY_URL: 'https://127.0.0.1:5000/org/' }, { repository: '127.0.0.1:5000/org/team/shop-web', tag: 'abc1234', registry: '127.0.0.1:5000' }],
    ["Docker Hub's v1 URL has no path to keep", { registry: 'https://index.docker.io/v1/', namespace: 'acme' }, {}, { repository: 'docker.io/acme/shop-web', tag: 'abc1234', registry: 'docker.io' }],
  ])('%s', (_n, config, env, expected) => expect(pushTarget(config, artifact, env)).toEqual(expected));

  test('digest from the aux message, else from the status line', () => {
    const d = `sha256:${'a'.repeat(64)}`;
    expect(digestFromEvents([{ status: 'The push refers to …' }, { aux: { Tag: 't', Digest: d, Size: 1 } }])).toBe(d);
    expect(digestFromEvents([{ status: `t: digest: ${d} size: 527` }])).toBe(d);
    expect(digestFromEvents([{ status: 'Preparing' }])).toBeNull();
  });
});

describe('ports in the deploy schema: the forms `docker run -p` takes', () => {
  test.each(['80', '8080:80', '8080:80/udp', '127.0.0.1:8080:80', '127.0.0.1::80', '[::1]:8080:80', '[::1]::80/tcp', '65535:1', '1:65535/sctp'])('accepts %s', (port) => {
    expect(dockerDeploySchema.safeParse({ ports: [port] }).success).toBe(true);
  });
  test.each(['127.0.0.1:8080', '[::1]:80', '80:80:80:80', 'a:80', '8080:80/icmp', '99999:80', '8080:0', '0:80', '127.0.0.1:65536:80', '[::1]:8080:99999', '127.0.0.256:8080:80', '999.1.1.1:8080:80', '[::1::2]:8080:80', '[:::]:80:80'])('refuses %s', (port) => {
    expect(dockerDeploySchema.safeParse({ ports: [port] }).success).toBe(false);
  });
});
