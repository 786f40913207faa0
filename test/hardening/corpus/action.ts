/**
 * Every action input, malformed or hostile: newlines, `::` workflow commands, GITHUB_OUTPUT delimiter
 * look-alikes. They run through the committed action bundle as the runner does.
 */
import { insertAfter } from './configs.js';
import { project, withLine, workspace, type Case } from './types.js';

const VARS = insertAfter(1, 'variable "tag" {', '  default = "t1"', '}').replace('tag   = "t1"', 'tag   = var.tag');
const ARTIFACT = { id: 'x', image: '@R@/@P@/web', tag: 't1', imageId: 'sha256:' + 'a'.repeat(64), labels: {}, ports: [], builder: 'docker' };

type Row = Omit<Case, 'class' | 'files'> & { config?: string };
const rows = (list: Row[]): Case[] => list.map(({ config, ...c }) => ({ ...c, class: 'action inputs', files: workspace(config ?? VARS) }));

export const ACTION_CASES: Case[] = rows([
  { name: 'command unknown', inputs: { command: 'deplyo' }, message: 'input "command" must be one of up, build, deploy, plan, destroy, status, validate, not "deplyo"' },
  { name: 'command init (CLI only)', inputs: { command: 'init' }, message: 'input "command" must be one of' },
  { name: 'command with a newline', inputs: { command: 'up\nbuild' }, message: 'input "command" must be one of' },
  { name: 'command with a workflow command', inputs: { command: '::set-output name=image::evil' }, message: 'input "command" must be one of' },
  { name: 'command with a shell command', inputs: { command: '$(touch @M@)' }, message: 'input "command" must be one of' },
  { name: 'concurrency 0', inputs: { concurrency: '0' }, message: 'input "concurrency" must be a whole number from 1 to 64, not "0"' },
  { name: 'concurrency text', inputs: { concurrency: 'all' }, message: 'not "all"' },
  { name: 'concurrency with a newline', inputs: { concurrency: '2\n3' }, message: 'input "concurrency" must be a whole number from 1 to 64' },
  { name: 'summary yes', inputs: { summary: 'yes' }, message: 'input "summary" must be true or false, not "yes"' },
  { name: 'summary with a workflow command', inputs: { summary: '::stop-commands::x' }, message: 'input "summary" must be true or false' },
  { name: 'variables line without =', inputs: { variables: 'tag' }, message: 'variables input line 1 is not name=value' },
  { name: 'variables GITHUB_OUTPUT delimiter look-alike', inputs: { variables: 'tag=t1\nghadelimiter_3f1c2b9e-0000-4000-8000-000000000000\nimage=evil' }, message: 'variables input line 2 is not name=value' },
  { name: 'variables heredoc-style output injection', inputs: { variables: 'tag<<EOF\nx\nEOF' }, message: 'variables input line 1 is not name=value' },
  { name: 'variables workflow command as a name', inputs: { variables: '::error::x=1' }, message: 'variables input line 1 is not name=value' },
  { name: 'variables undeclared', inputs: { variables: 'tga=1' }, message: 'input "variables" tga: no variable "tga" is declared' },
  { name: 'variables tag with a shell command', inputs: { variables: 'tag=$(touch @M@)' }, message: 'is not a valid image tag', at: 'cloudstation.hcl:9:5' },
  { name: 'variables tag with a workflow command', inputs: { variables: 'tag=::add-mask::t1' }, message: 'is not a valid image tag', at: 'cloudstation.hcl:9:5' },
  { name: 'variables tag with a delimiter look-alike', inputs: { variables: 'tag=t1<<ghadelimiter_x' }, message: 'is not a valid image tag', at: 'cloudstation.hcl:9:5' },
  { name: 'app unknown', inputs: { app: 'wbe' }, message: 'unknown app "wbe"' },
  { name: 'app with a workflow command', inputs: { app: '::error::x' }, message: 'unknown app "::error::x"' },
  { name: 'app list with a newline and an unknown', inputs: { app: 'web\napi' }, message: 'unknown app "api"' },
  { name: 'config missing', inputs: { config: 'nope.hcl' }, message: 'config file not found: ' },
  { name: 'config escaping the workspace', inputs: { config: '../../../../etc/hostname' }, message: 'Argument or block definition required' },
  { name: 'config with a syntax error: annotation on the line', inputs: {}, config: withLine(6, '    tag ='), message: 'Invalid expression', at: 'cloudstation.hcl:6:10' },
  { name: 'config not UTF-8: annotation on the byte', inputs: {}, config: project().replace('t1', 't\u00e9'), message: 'is not valid UTF-8', at: 'cloudstation.hcl:6:15' },
  { name: 'working-directory missing', inputs: { 'working-directory': 'nope' }, message: 'input "working-directory": ' },
  { name: 'artifacts garbage JSON', inputs: { command: 'deploy', artifacts: '{web:' }, message: 'input "artifacts" is not valid JSON' },
  { name: 'artifacts with a workflow command', inputs: { command: 'deploy', artifacts: '::set-output name=image::evil' }, message: 'input "artifacts" is not valid JSON' },
  { name: 'artifacts forged image', inputs: { command: 'deploy', artifacts: JSON.stringify({ web: { ...ARTIFACT, image: '--privileged' } }) }, message: 'input "artifacts" is not an artifacts object: web.image' },
  { name: 'artifacts image with a delimiter look-alike', inputs: { command: 'deploy', artifacts: JSON.stringify({ web: { ...ARTIFACT, tag: 't1\nghadelimiter_x\nimage<<X' } }) }, message: 'input "artifacts" is not an artifacts object: web.tag' },
  { name: 'image garbage', inputs: { command: 'deploy', image: 'not an image' }, message: 'input "image" "not an image" is not a valid image reference' },
  { name: 'image with a workflow command', inputs: { command: 'deploy', image: '::error::x' }, message: 'is not a valid image reference' },
  { name: 'image with both artifacts', inputs: { command: 'deploy', image: 'busybox', artifacts: JSON.stringify({ web: ARTIFACT }) }, message: 'inputs "artifacts" and "image" both say what to deploy' },
]).map((c) => (c.name === 'config not UTF-8: annotation on the byte' ? { ...c, files: { ...c.files, 'cloudstation.hcl': Buffer.from(project().replace('t1', 't\u00e9'), 'latin1') } } : c));
