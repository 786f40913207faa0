import { describe, expect, it } from 'vitest';
import { noop } from '../src/builtin/noop/index.js';
import { testContext } from './helpers/context.js';

describe('noop plugin', () => {
  it('serves all four phases with real-looking results and logs its message', async () => {
    const ctx = testContext();
    const builder = await noop.build!.create({ message: 'hello from noop' });
    const artifact = await builder.build(ctx);
    expect(artifact).toMatchObject({ image: 'test-web', tag: '0123456', builder: 'noop' });
    expect(artifact.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);

    const registry = await noop.registry!.create({});
    const ref = await registry.push(ctx, artifact);
    expect(ref.image).toBe(`test-web:0123456@${artifact.imageId}`);

    const platform = await noop.deploy!.create({});
    const deployment = await platform.deploy(ctx, { artifact, registry: ref, image: ref.image });
    expect(deployment.id).toMatch(/^noop-[0-9a-f]{12}$/);
    expect(deployment.status).toBe('healthy');

    const release = await (await noop.release!.create({})).release(ctx, deployment);
    expect(release.id).toBe(`release-${deployment.id}`);
    expect(ctx.lines.filter((l) => l.level === 'info').map((l) => l.line)).toEqual(['hello from noop']);
  });

  it('rejects unknown attributes', () => {
    expect(noop.build!.schema.safeParse({ mesage: 'x' }).success).toBe(false);
  });
});
