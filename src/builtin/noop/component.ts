/** The noop component: every phase, real-looking results, nothing touched. */
import { createHash } from 'node:crypto';
import type { AppContext } from '../../lifecycle/context.js';
import { defaultRepository } from '../../plugin/names.js';
import type { Artifact, Builder, Deployment, Platform, Registry, ReleaseManager } from '../../component/index.js';
import type { NoopConfig } from './index.js';

function say(ctx: AppContext, config: NoopConfig) {
  if (config.message) ctx.log.info(config.message);
}

/** Stable per project/app/tag, so a run is reproducible and ids look like the real thing. */
function fakeDigest(...parts: string[]): string {
  return `sha256:${createHash('sha256').update(parts.join('\0')).digest('hex')}`;
}

function deploymentId(ctx: AppContext, image: string): string {
  return `noop-${fakeDigest(ctx.project, ctx.app, image).slice(7, 19)}`;
}

export class NoopComponent implements Builder, Registry, Platform, ReleaseManager {
  constructor(private readonly config: NoopConfig) {}

  async build(ctx: AppContext): Promise<Artifact> {
    say(ctx, this.config);
    const tag = ctx.git.short_sha || 'latest';
    const imageId = fakeDigest(ctx.project, ctx.app, tag);
    // Like a real repository name: lowercase, so the pushed reference below is one the engine would accept.
    return { id: imageId.slice(7, 19), image: defaultRepository(ctx), tag, imageId, labels: { ...ctx.labels }, ports: [], builder: 'noop' };
  }

  async push(ctx: AppContext, artifact: Artifact) {
    say(ctx, this.config);
    const digest = artifact.imageId ?? fakeDigest(artifact.image, artifact.tag);
    return { image: `${artifact.image}:${artifact.tag}@${digest}`, repository: artifact.image, tag: artifact.tag, digest };
  }

  async deploy(ctx: AppContext, input: { image: string }): Promise<Deployment> {
    say(ctx, this.config);
    return { id: deploymentId(ctx, input.image), platform: 'noop', name: `${ctx.project}-${ctx.app}`, status: 'healthy', url: null, details: { image: input.image } };
  }

  /** Like status: a noop deploy leaves nothing to remove. */
  async destroy(ctx: AppContext): Promise<boolean> {
    say(ctx, this.config);
    return false;
  }

  async status(ctx: AppContext): Promise<Deployment | null> {
    say(ctx, this.config);
    return null;
  }

  async plan(ctx: AppContext, input: { image: string }) {
    say(ctx, this.config);
    return { changes: true, summary: `noop would deploy ${input.image}`, diff: null };
  }

  async release(ctx: AppContext, deployment: Deployment) {
    say(ctx, this.config);
    return { id: `release-${deployment.id}`, status: 'released', url: deployment.url, details: {} };
  }
}
