/** Step outputs (interface.md §3), derived from the result so later steps and jobs can chain them. */
import type { RunResult } from '../lifecycle/result.js';
import { artifactsOf, deployableImage, deploymentDetail } from '../lifecycle/result.js';

export type Outputs = Record<
  'result' | 'apps' | 'artifact' | 'artifacts' | 'image' | 'image-digest' | 'images' | 'deployment-id' | 'deployment-ids' | 'changes',
  string
>;

export function outputsOf(result: RunResult): Outputs {
  const entries = Object.entries(result.apps);
  const images: Record<string, string> = {};
  const deploymentIds: Record<string, string> = {};
  for (const [name, app] of entries) {
    // A failed push has no image to chain: the tag it meant may name an older image in the registry. For
    // `status` (no artifact), what the deployment runs, as its platform reports it.
    const image = app.error?.phase === 'registry' ? null : (deployableImage(app.artifact, app.registry) ?? deploymentDetail(app, 'image'));
    if (image) images[name] = image;
    if (app.deployment) deploymentIds[name] = app.deployment.id;
  }
  const [firstName, first] = entries[0] ?? [];
  const artifacts = artifactsOf(result);
  return {
    result: JSON.stringify(result),
    apps: JSON.stringify(entries.map(([name]) => name)),
    artifact: firstName && artifacts[firstName] ? JSON.stringify(artifacts[firstName]) : '',
    artifacts: JSON.stringify(artifacts),
    image: (firstName && images[firstName]) ?? '',
    // A registry digest only: `repo@image-digest` must resolve, and a local image id never does (it is in `artifact`).
    'image-digest': (first && (first.registry?.digest ?? deploymentDetail(first, 'imageDigest'))) ?? '',
    images: JSON.stringify(images),
    'deployment-id': (firstName && deploymentIds[firstName]) ?? '',
    'deployment-ids': JSON.stringify(deploymentIds),
    // What `cs plan` says with exit code 2, which would fail the step: plan only, empty for other commands.
    changes: result.command === 'plan' ? String(entries.some(([, app]) => app.plan?.changes === true)) : '',
  };
}
