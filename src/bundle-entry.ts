/** The one bundle behind both entry points: dist/index.js (action) and dist/cli/index.js (`cs`). */
import './docker/early-probe.js'; // first: see there
export { main, runCli } from './cli/main.js';

/** The action's code loads on call: @actions/core brings undici (~0.9 MB), which `cs` never needs. */
export async function run(): Promise<void> {
  const action = await import('./action/main.js');
  return action.run();
}
