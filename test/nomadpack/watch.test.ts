/** The watcher's reading of a canary deployment, against deployments set up in the Nomad API double. */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NomadClient } from '../../src/nomad/client.js';
import { RolloutWatcher } from '../../src/nomad/watch.js';
import { NomadApiDouble } from '../doubles/nomad-api-double.js';
import { testContext } from '../helpers/context.js';

let api: NomadApiDouble;
beforeEach(async () => {
  api = await NomadApiDouble.start();
});
afterEach(async () => {
  await api.close();
});

/** A running deployment whose groups each have one healthy, unpromoted canary of two allocations. */
function canaryDeployment(autoPromote: Record<string, boolean>): string {
  const group = (AutoPromote: boolean) => ({ AutoPromote, AutoRevert: false, Promoted: false, DesiredCanaries: 1, DesiredTotal: 2, PlacedCanaries: [randomUUID()], PlacedAllocs: 1, HealthyAllocs: 1, UnhealthyAllocs: 0 });
  const ID = randomUUID();
  api.deployments.set(ID, {
    ID,
    Namespace: 'default',
    JobID: 'web',
    JobVersion: 1,
    Status: 'running',
    StatusDescription: 'Deployment is running but requires manual promotion',
    TaskGroups: Object.fromEntries(Object.entries(autoPromote).map(([name, auto]) => [name, group(auto)])),
    CreateIndex: 5,
    ModifyIndex: 5,
  });
  return ID;
}

const watcher = (ms: number) => new RolloutWatcher({ client: new NomadClient({ address: api.url }), log: testContext().log, signal: AbortSignal.timeout(ms), blockingWaitMs: 100 });

describe('RolloutWatcher at healthy canaries', () => {
  it('stops for promotion when one canary group has no auto_promote (Nomad promotes only when all have it)', async () => {
    const id = canaryDeployment({ api: true, worker: false });
    expect(await watcher(2_000).deploymentOutcome(id, { stopAtPromotion: true })).toBe('awaiting-promotion');
  });

  it('keeps following when every canary group auto-promotes', async () => {
    const id = canaryDeployment({ api: true, worker: true });
    const w = watcher(500);
    await expect(w.deploymentOutcome(id, { stopAtPromotion: true })).rejects.toThrow();
    expect(w.lastSeen).toMatch(/running: api: 1\/2 placed, 1 healthy, 0 unhealthy, canaries 1\/1; worker: /);
  });
});
