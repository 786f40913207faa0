/**
 * Wiring for nomadpack tests: a Nomad API double, the nomad-pack stand-in with a scenario file and a
 * record of every invocation, and an AppContext pointing both at them.
 */
import { mkdtempSync, readFileSync, existsSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NomadApiDouble } from '../doubles/nomad-api-double.js';
import { testContext } from '../helpers/context.js';
import { nomadpackSchema } from '../../src/builtin/nomadpack/schema.js';
import { NomadPackPlatform } from '../../src/builtin/nomadpack/platform.js';
import { NomadPackRelease } from '../../src/builtin/nomadpack/release.js';
import type { DeployInput } from '../../src/component/index.js';

export const PACK_DOUBLE = resolve(import.meta.dirname, '../doubles/nomad-pack-double');
export const DIGEST = 'sha256:4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e';
export const PUSHED = `registry.example.com/shop/web:1.4-ab12cd3@${DIGEST}`;

export const input: DeployInput = {
  artifact: null,
  registry: { image: PUSHED, repository: 'registry.example.com/shop/web', tag: '1.4-ab12cd3', digest: DIGEST },
  image: PUSHED,
};

/** Turned down so failures and rollbacks show up within a test's budget. */
export const tuning = { blockingWaitMs: 2_000, rollbackAppearMs: 2_000 };

export interface Invocation {
  argv: string[];
  env: Record<string, string>;
  packFiles: string[] | null;
  /** Each `-f` file as nomad-pack found it: permission bits, its own and its directory's. */
  varFiles: { path: string; mode: number; dirMode: number }[];
}

export class Harness {
  readonly dir = mkdtempSync(join(tmpdir(), 'cs-nomadpack-test-'));
  private readonly scenarioFile = join(this.dir, 'scenario.json');
  private readonly logFile = join(this.dir, 'invocations.jsonl');

  private constructor(readonly api: NomadApiDouble) {
    this.scenario({});
  }

  /** `stepMs`: how long the double's scheduler takes for each step (a slow one exposes races). */
  static async start(opts: { stepMs?: number } = {}): Promise<Harness> {
    return new Harness(await NomadApiDouble.start(opts));
  }

  scenario(s: Record<string, unknown>): void {
    writeFileSync(this.scenarioFile, JSON.stringify(s));
  }

  context(env: Record<string, string> = {}) {
    return testContext({
      workspace: this.dir,
      env: {
        PATH: process.env.PATH,
        NOMAD_PACK_BIN: PACK_DOUBLE,
        NOMAD_ADDR: this.api.url,
        NOMAD_PACK_DOUBLE_SCENARIO: this.scenarioFile,
        NOMAD_PACK_DOUBLE_LOG: this.logFile,
        // The embedded pack's copy and variable files go here, not into the user's cache.
        RUNNER_TEMP: join(this.dir, 'temp'),
        ...env,
      },
    });
  }

  platform(config: Record<string, unknown>): NomadPackPlatform {
    return new NomadPackPlatform(nomadpackSchema.parse(config), tuning);
  }

  release(config: Record<string, unknown>): NomadPackRelease {
    return new NomadPackRelease(nomadpackSchema.parse(config), tuning);
  }

  /** nomad-pack invocations so far, `--help` probes left out. */
  invocations(): Invocation[] {
    if (!existsSync(this.logFile)) return [];
    return readFileSync(this.logFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Invocation)
      .filter((i) => !i.argv.includes('--help'));
  }

  async close(): Promise<void> {
    await this.api.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
