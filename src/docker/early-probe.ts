/**
 * Imported first by the bundle entry: `up` and `build` start the docker CLI probes (cli.ts) before the rest
 * of the bundle is evaluated and the config is read, ~60 ms of one core, so a docker build can start as soon
 * as its config is known. The command is guessed from argv (the first word that is not an option) or the
 * action's `command` input; a wrong guess costs two short CLI runs on another core, never a wait, and a
 * project without docker builds never awaits them.
 */
import { detectDockerCli } from './cli.js';

const input = process.env.INPUT_COMMAND;
const command = input !== undefined ? input.trim() || 'up' : process.argv.slice(2).find((a) => !a.startsWith('-'));
if (command === 'up' || command === 'build') detectDockerCli(process.env).catch(() => undefined);
