/** The one bundle behind both entry points: dist/index.js (action) and dist/cli/index.js (`cs`). */
export { run } from './action/main.js';
export { main, runCli } from './cli/main.js';
