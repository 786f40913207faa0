/**
 * Finds the Nomad jobs of a pack deployment the way nomad-pack does: by the deployment name it writes
 * into each job's meta. The key changed across nomad-pack releases, so all known spellings count.
 */
import type { NomadClient } from '../../nomad/client.js';
import type { Job, JobStub } from '../../nomad/types.js';

const DEPLOYMENT_NAME_KEYS = ['pack.deployment_name', 'pack_deployment_name', 'pack-deployment-name'];

export async function findPackJobs(client: NomadClient, deploymentName: string, signal?: AbortSignal): Promise<Job[]> {
  const { value: stubs } = await client.jobs({ signal });
  const found: Job[] = [];
  for (const stub of stubs) {
    // Nomad before 1.6 lists jobs without Meta; then each job itself has to be read.
    if (stub.Meta !== undefined && !belongs(stub.Meta, deploymentName)) continue;
    const job = await client.job(stub.ID, { signal });
    if (job && belongs(job.Meta, deploymentName)) found.push(job);
  }
  return found;
}

function belongs(meta: JobStub['Meta'], deploymentName: string): boolean {
  return DEPLOYMENT_NAME_KEYS.some((k) => meta?.[k] === deploymentName);
}
