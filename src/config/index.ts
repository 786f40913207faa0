/** The configuration loader's public API (interface.md §1). */
export { loadConfig, loadConfigSource } from './load.js';
export type * from './types.js';
