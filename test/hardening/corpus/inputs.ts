/** Variable values, --var / --var-file contents, CLI flags and artifacts files. */
import { insertAfter } from './configs.js';
import { workspace, type Case, type CaseClass } from './types.js';

/** The docker app with typed variables feeding its tag, build args and deploy. */
const VARS = insertAfter(
  1,
  'variable "tag" {',
  '  default = "t1"',
  '}',
  'variable "replicas" {',
  '  default = 1',
  '}',
  'variable "debug" {',
  '  type = bool',
  '  default = false',
  '}',
  'variable "ports" {',
  '  type = list(string)',
  '  default = []',
  '}',
  'variable "env" {',
  '  type = map(string)',
  '  default = {}',
  '}',
).replace('tag   = "t1"', 'tag   = var.tag\n    build_args = { REPLICAS = var.replicas, DEBUG = var.debug }');

type Row = Omit<Case, 'class' | 'files'> & { extra?: Record<string, string | Buffer> };
const rows = (cls: CaseClass, list: Row[]): Case[] => list.map(({ extra, ...c }) => ({ ...c, class: cls, files: workspace(VARS, extra) }));

const values = rows('variable values', [
  { name: '--var tag with a shell command', argv: ['up', '--var', 'tag=$(touch @M@)'], message: '"tag" in the build stanza (plugin "docker"): is not a valid image tag', at: 'cloudstation.hcl:24:5', bundle: true },
  { name: '--var tag with a semicolon', argv: ['up', '--var', 'tag=t1;touch @M@'], message: 'is not a valid image tag', at: 'cloudstation.hcl:24:5' },
  { name: '--var tag with a newline', argv: ['up', '--var', 'tag=t1\nt2'], message: 'is not a valid image tag', at: 'cloudstation.hcl:24:5' },
  { name: '--var tag with a workflow command', argv: ['up', '--var', 'tag=::error::x'], message: 'is not a valid image tag', at: 'cloudstation.hcl:24:5' },
  { name: '--var tag empty', argv: ['up', '--var', 'tag='], message: '"tag" in the build stanza (plugin "docker"): must not be empty', at: 'cloudstation.hcl:24:5' },
  { name: '--var number that is not', argv: ['up', '--var', 'replicas=three'], message: 'variable "replicas" must be a number, but --var replicas gives "three"', at: 'cloudstation.hcl:5:1' },
  { name: '--var number with a shell command', argv: ['up', '--var', 'replicas=$(touch @M@)'], message: 'variable "replicas" must be a number', at: 'cloudstation.hcl:5:1' },
  { name: '--var number Infinity', argv: ['up', '--var', 'replicas=Infinity'], message: 'variable "replicas" must be a number', at: 'cloudstation.hcl:5:1' },
  { name: '--var number hex-ish', argv: ['up', '--var', 'replicas=0x'], message: 'variable "replicas" must be a number', at: 'cloudstation.hcl:5:1' },
  { name: '--var bool yes', argv: ['up', '--var', 'debug=yes'], message: 'variable "debug" must be a bool, but --var debug gives "yes"', at: 'cloudstation.hcl:8:1' },
  { name: '--var list unclosed', argv: ['up', '--var', 'ports=["80"'], message: 'variable "ports" must be a list', at: 'cloudstation.hcl:12:1' },
  { name: '--var list given a map', argv: ['up', '--var', 'ports={"a":1}'], message: 'variable "ports" must be a list', at: 'cloudstation.hcl:12:1' },
  { name: '--var map given a string', argv: ['up', '--var', 'env=A=1'], message: 'variable "env" must be a map', at: 'cloudstation.hcl:16:1' },
  { name: '--var undeclared', argv: ['up', '--var', 'tga=1'], message: '--var tga: no variable "tga" is declared' },
  { name: '--var without =', argv: ['up', '--var', 'tag'], message: '--var number 1 is not name=value' },
  { name: '--var name with a space', argv: ['up', '--var', 'my tag=1'], message: '--var number 1 is not name=value' },
  { name: '--var name with a shell command', argv: ['up', '--var', '$(touch @M@)=1'], message: '--var number 1 is not name=value' },
  { name: '--var name empty', argv: ['up', '--var', '=1'], message: '--var number 1 is not name=value' },
  { name: 'CS_VAR_ env var of the wrong type', argv: ['up'], message: 'variable "replicas" must be a number, but CS_VAR_replicas gives "lots"', at: 'cloudstation.hcl:5:1' },
]).map((c) => (c.name.startsWith('CS_VAR_') ? { ...c, env: { CS_VAR_replicas: 'lots' } } : c));

const varFiles = rows('var files', [
  { name: 'missing var file', argv: ['up', '--var-file', 'nope.hcl'], message: 'var file not found: ', bundle: true },
  { name: 'var file is a directory', argv: ['up', '--var-file', 'dir'], extra: { 'dir/x': '' }, message: '/dir is a directory' },
  { name: 'var file syntax error', argv: ['up', '--var-file', 'v.hcl'], extra: { 'v.hcl': 'tag = \n' }, message: 'Invalid expression', at: 'v.hcl:1:7' },
  { name: 'var file sets an undeclared variable', argv: ['up', '--var-file', 'v.hcl'], extra: { 'v.hcl': 'tga = "x"\n' }, message: 'v.hcl sets "tga", which is not a declared variable', at: 'v.hcl:1:1' },
  { name: 'var file holds a block', argv: ['up', '--var-file', 'v.hcl'], extra: { 'v.hcl': 'tag {\n}\n' }, message: 'may only set values: tag = …', at: 'v.hcl:1:1' },
  { name: 'var file value of the wrong type', argv: ['up', '--var-file', 'v.hcl'], extra: { 'v.hcl': 'replicas = "many"\n' }, message: 'variable "replicas" must be a number', at: 'v.hcl:1:1' },
  { name: 'var file tag with a shell command', argv: ['up', '--var-file', 'v.hcl'], extra: { 'v.hcl': 'tag = "$(touch @M@)"\n' }, message: 'is not a valid image tag', at: 'cloudstation.hcl:24:5' },
  { name: 'var file refers to a variable', argv: ['up', '--var-file', 'v.hcl'], extra: { 'v.hcl': 'tag = var.replicas\n' }, message: 'variables cannot be used in var file ', at: 'v.hcl:1:1' },
  { name: 'var file reads an unset env', argv: ['up', '--var-file', 'v.hcl'], extra: { 'v.hcl': 'tag = env("CS_HARDENING_UNSET")\n' }, message: '"tag" in the build stanza (plugin "docker"): must not be empty', at: 'cloudstation.hcl:24:5' },
  { name: 'JSON var file not JSON', argv: ['up', '--var-file', 'v.json'], extra: { 'v.json': '{"tag": }' }, message: 'v.json is not valid JSON', at: 'v.json:1:1' },
  { name: 'JSON var file an array', argv: ['up', '--var-file', 'v.json'], extra: { 'v.json': '["t1"]' }, message: 'v.json must hold a JSON object of variable values', at: 'v.json:1:1' },
  { name: 'JSON var file null', argv: ['up', '--var-file', 'v.json'], extra: { 'v.json': 'null' }, message: 'must hold a JSON object', at: 'v.json:1:1' },
  { name: 'JSON var file wrong type', argv: ['up', '--var-file', 'v.json'], extra: { 'v.json': '{"debug": "maybe"}' }, message: 'variable "debug" must be a bool', at: 'v.json:1:2' },
  { name: 'JSON var file with __proto__', argv: ['up', '--var-file', 'v.json'], extra: { 'v.json': '{"__proto__": {"tag": "x"}}' }, message: 'sets "__proto__", which is not a declared variable', at: 'v.json:1:2' },
  { name: 'JSON var file with a BOM and an error', argv: ['up', '--var-file', 'v.json'], extra: { 'v.json': '\uFEFF{"replicas": "x"}' }, message: 'variable "replicas" must be a number', at: 'v.json:1:2' },
  { name: 'var file not UTF-8', argv: ['up', '--var-file', 'v.hcl'], extra: { 'v.hcl': Buffer.from([0x74, 0x61, 0x67, 0x3d, 0x22, 0xff, 0x22, 0x0a]) }, message: 'v.hcl is not valid UTF-8 (byte 0xff)', at: 'v.hcl:1:6' },
  { name: 'var file of 5 MB', argv: ['up', '--var-file', 'v.hcl'], extra: { 'v.hcl': `tag = "${'A'.repeat(5 * 1024 * 1024)}"\n` }, message: /v\.hcl is 5,242,889 bytes; cs reads config files up to 1 MB \(1,048,576 bytes\)/, at: 'v.hcl:1:1' },
  { name: 'var file is the config itself', argv: ['up', '--var-file', 'cloudstation.hcl'], message: 'may only set values', at: 'cloudstation.hcl:2:1' },
]);

const flags = rows('cli flags', [
  { name: 'unknown command', argv: ['deplyo'], message: 'unknown command "deplyo"', bundle: true },
  { name: 'command with a shell command', argv: ['$(touch @M@)'], message: 'unknown command "$(touch @M@)"' },
  { name: 'unknown flag', argv: ['up', '--forse'], message: "Unknown option '--forse'" },
  { name: 'unknown short flag', argv: ['up', '-x'], message: "Unknown option '-x'" },
  { name: 'flag typo gets a suggestion', argv: ['up', '--confg', 'x'], message: 'did you mean "--config"?' },
  { name: 'extra positional', argv: ['up', 'web'], message: 'unexpected argument "web"' },
  { name: 'concurrency 0', argv: ['up', '--concurrency', '0'], message: 'concurrency must be a whole number from 1 to 64, not "0"' },
  { name: 'concurrency negative', argv: ['up', '--concurrency=-1'], message: 'not "-1"' },
  { name: 'concurrency not a number', argv: ['up', '--concurrency', 'lots'], message: 'not "lots"' },
  { name: 'concurrency fraction', argv: ['up', '--concurrency', '1.5'], message: 'not "1.5"' },
  { name: 'concurrency huge', argv: ['up', '--concurrency', '1e9'], message: 'not "1e9"' },
  { name: 'concurrency empty', argv: ['up', '--concurrency', ''], message: 'not ""' },
  { name: 'log level unknown', argv: ['up', '--log-level', 'loud'], message: '--log-level must be one of debug, info, warn, error, not "loud"' },
  { name: '--force with up', argv: ['up', '--force'], message: '--force does not apply to "cs up"' },
  { name: '--no-push with deploy', argv: ['deploy', '--no-push'], message: '--no-push does not apply to "cs deploy"' },
  { name: '--artifacts with up', argv: ['up', '--artifacts', 'a.json'], message: '--artifacts does not apply to "cs up"' },
  { name: '--artifacts and --image together', argv: ['deploy', '--artifacts', 'a.json', '--image', 'x'], message: '--artifacts and --image both say what to deploy' },
  { name: 'flag value missing', argv: ['up', '--config'], message: "Option '-c, --config <value>' argument missing" },
  { name: 'config file missing', argv: ['up', '-c', 'nope.hcl'], message: 'config file not found: ' },
  { name: 'config is a directory', argv: ['up', '-c', 'dir'], extra: { 'dir/x': '' }, message: '/dir is a directory' },
  { name: 'config path empty', argv: ['up', '-c', ''], message: 'the config path is empty' },
  { name: 'config is /dev/null', argv: ['up', '-c', '/dev/null'], message: 'the config file is empty' },
  { name: 'unknown --app', argv: ['up', '--app', 'wbe'], message: 'unknown app "wbe"' },
  { name: '--app with a shell command', argv: ['up', '--app', '$(touch @M@)'], message: 'unknown app "$(touch @M@)"' },
  { name: '--output into a missing directory', argv: ['up', '--output', 'missing/dir/a.json'], message: 'cannot write --output missing/dir/a.json' },
  { name: '--output is a directory', argv: ['build', '--output', 'dir'], extra: { 'dir/x': '' }, message: 'cannot write --output dir' },
]);

const ARTIFACT = { id: 'x', image: '@R@/@P@/web', tag: 't1', imageId: 'sha256:' + 'a'.repeat(64), labels: {}, ports: [], builder: 'docker' };
const artifactsFile = (content: unknown) => ({ 'a.json': typeof content === 'string' ? content : JSON.stringify(content) });
const artifacts = rows('artifacts', [
  { name: 'artifacts file missing', argv: ['deploy', '--artifacts', 'nope.json'], message: 'cannot read artifacts file ', bundle: true },
  { name: 'artifacts not JSON', argv: ['deploy', '--artifacts', 'a.json'], extra: artifactsFile('{web:'), message: 'a.json is not valid JSON' },
  { name: 'artifacts empty file', argv: ['deploy', '--artifacts', 'a.json'], extra: artifactsFile(''), message: 'a.json is not valid JSON' },
  { name: 'artifacts an array', argv: ['deploy', '--artifacts', 'a.json'], extra: artifactsFile([ARTIFACT]), message: 'a.json is not an artifacts object' },
  { name: 'artifacts null', argv: ['deploy', '--artifacts', 'a.json'], extra: artifactsFile('null'), message: 'a.json is not an artifacts object' },
  { name: 'artifact a string', argv: ['deploy', '--artifacts', 'a.json'], extra: artifactsFile({ web: 'image' }), message: 'a.json is not an artifacts object: web' },
  { name: 'artifact without image', argv: ['deploy', '--artifacts', 'a.json'], extra: artifactsFile({ web: { ...ARTIFACT, image: undefined } }), message: 'a.json is not an artifacts object: web.image' },
  { name: 'artifact image with a shell command', argv: ['deploy', '--artifacts', 'a.json'], extra: artifactsFile({ web: { ...ARTIFACT, image: '$(touch @M@)' } }), message: 'a.json is not an artifacts object: web.image' },
  { name: 'artifact tag with a newline', argv: ['deploy', '--artifacts', 'a.json'], extra: artifactsFile({ web: { ...ARTIFACT, tag: 't1\nx' } }), message: 'a.json is not an artifacts object: web.tag' },
  { name: 'artifact registry image forged', argv: ['deploy', '--artifacts', 'a.json'], extra: artifactsFile({ web: { ...ARTIFACT, registry: { image: '-v /:/host', repository: 'x', tag: 't1', digest: 'sha256:' + 'a'.repeat(64) } } }), message: 'a.json is not an artifacts object: web.registry.image' },
  { name: 'artifact digest not a digest', argv: ['deploy', '--artifacts', 'a.json'], extra: artifactsFile({ web: { ...ARTIFACT, registry: { image: '@R@/@P@/web:t1@sha256:x', repository: '@R@/@P@/web', tag: 't1', digest: 'md5:1' } } }), message: 'a.json is not an artifacts object: web.registry' },
  { name: 'artifacts for an unknown app only', argv: ['deploy', '--artifacts', 'a.json'], extra: artifactsFile({ wbe: ARTIFACT }), message: 'the artifacts hold no entry for app "web"', failsInRun: true },
  { name: 'artifacts with __proto__', argv: ['deploy', '--artifacts', 'a.json'], extra: artifactsFile('{"__proto__": {"image": "x"}}'), message: 'the artifacts hold no entry for app "web"', failsInRun: true },
  { name: 'artifacts not UTF-8', argv: ['deploy', '--artifacts', 'a.json'], extra: { 'a.json': Buffer.from([0x7b, 0xff, 0x7d]) }, message: 'a.json is not valid JSON' },
  { name: '--image with a shell command', argv: ['deploy', '--image', '$(touch @M@)'], message: '--image "$(touch @M@)" is not a valid image reference' },
  { name: '--image with a space', argv: ['deploy', '--image', 'busybox latest'], message: 'is not a valid image reference' },
  { name: '--image empty', argv: ['deploy', '--image', ''], message: 'is not a valid image reference' },
  { name: '--image as a docker option', argv: ['deploy', '--image=--privileged'], message: 'is not a valid image reference' },
  { name: '--image with upper case', argv: ['deploy', '--image', '@R@/@P@/Web:t1'], message: 'is not a valid image reference' },
]);

export const INPUT_CASES: Case[] = [...values, ...varFiles, ...flags, ...artifacts];
