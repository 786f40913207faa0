/** Malformed cloudstation.hcl files, by class; each would build, push and run with docker if accepted. */
import { BUILD, DEPLOY, REGISTRY, hcl, project, withLine, workspace, type Case, type CaseClass } from './types.js';

export const at = (line: number, col: number) => `cloudstation.hcl:${line}:${col}`;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The message, in output that nowhere holds any of `never` (a value that may be a secret, a hint made from one). */
export const without = (message: string, ...never: string[]) => new RegExp(`^(?![\\s\\S]*(?:${never.map(escape).join('|')}))[\\s\\S]*${escape(message)}`);

export type Row = Omit<Case, 'class' | 'files'> & { config: string | Buffer; extra?: Record<string, string | Buffer> };
export const rows = (cls: CaseClass, list: Row[]): Case[] => list.map(({ config, extra, ...c }) => ({ ...c, class: cls, files: workspace(config, extra) }));

/** The valid app with lines inserted after a line of `project()`. */
export function insertAfter(line: number, ...text: string[]): string {
  const lines = project().split('\n');
  lines.splice(line, 0, ...text);
  return lines.join('\n');
}

const syntax = rows('config: syntax', [
  { name: 'attribute without a value', config: withLine(6, '    tag ='), message: 'Invalid expression', at: at(6, 10), bundle: true },
  { name: 'unclosed app block', config: project().replace(/}\n$/, ''), message: 'Unclosed configuration block', at: at(2, 11) },
  { name: 'unterminated string', config: withLine(6, '    tag = "t1'), message: 'Invalid multi-line string', at: at(6, 14) },
  { name: 'extra closing brace', config: project() + '}\n', message: 'Argument or block definition required', at: at(17, 1) },
  { name: 'unclosed interpolation', config: withLine(6, '    tag = "${var.x"'), message: 'Unclosed template interpolation sequence', at: at(6, 12) },
  { name: 'attribute set twice', config: insertAfter(6, '    tag = "t2"'), message: 'Attribute redefined', at: at(7, 5) },
  { name: 'two attributes on one line', config: withLine(6, '    tag = "t1" target = "x"'), message: 'Missing newline after argument', at: at(6, 16) },
  { name: 'curly quotes', config: withLine(6, '    tag = \u201ct1\u201d'), message: 'Invalid character', at: at(6, 11) },
  { name: 'colon instead of equals', config: withLine(6, '    tag: "t1"'), message: 'Argument or block definition required', at: at(6, 5) },
  { name: 'JSON pasted as HCL', config: '{"project": "@P@"}\n', message: 'Argument or block definition required', at: at(1, 1) },
  { name: 'YAML pasted as HCL', config: 'project: @P@\napps:\n  - web\n', message: 'Argument or block definition required', at: at(1, 1) },
  { name: 'unterminated heredoc', config: withLine(6, '    tag = <<EOT\n t1\n'), message: 'Unterminated template string', at: at(6, 11) },
  { name: 'block label in single quotes', config: project().replace('app "web"', "app 'web'"), message: 'Argument or block definition required', at: at(2, 1) },
  { name: 'unclosed list', config: insertAfter(14, '    ports = ["8080:80"'), message: 'Missing item separator', at: at(16, 3) },
  { name: 'unclosed map', config: insertAfter(6, '    build_args = { A = "1"'), message: 'Unclosed configuration block', at: at(2, 11) },
  { name: 'bare word value', config: withLine(6, '    tag = t1'), message: 'unknown reference (not shown, as it may be a value written without quotes)', at: at(6, 5) },
  { name: 'function call that does not exist', config: withLine(6, '    tag = upper("t1")'), message: 'unsupported function "upper"', at: at(6, 5) },
  { name: 'stray equals sign', config: withLine(6, '    = "t1"'), message: 'Argument or block definition required', at: at(6, 5) },
]);

const types = rows('config: types', [
  { name: 'project is a number', config: project().replace('project = "@P@"', 'project = 5'), message: 'invalid project name', at: at(1, 1) },
  { name: 'project is a list', config: project().replace('project = "@P@"', 'project = ["@P@"]'), message: 'invalid project name', at: at(1, 1) },
  { name: 'app path is a number', config: insertAfter(2, '  path = 3'), message: '"path" in app "web": expected a string, got the number 3', at: at(3, 3) },
  { name: 'app labels is a string', config: insertAfter(2, '  labels = "team"'), message: '"labels" in app "web": expected a map { key = value }, got a string', at: at(3, 3) },
  { name: 'build is an attribute', config: project('  build = "docker"', ...DEPLOY), message: 'build must be a block', at: at(3, 3), bundle: true },
  { name: 'tag is a number', config: withLine(6, '    tag = 5'), message: '"tag" in the build stanza (plugin "docker"): expected a string, got the number 5', at: at(6, 5) },
  { name: 'tag is a bool', config: withLine(6, '    tag = true'), message: '"tag" in the build stanza (plugin "docker"): expected a string, got true', at: at(6, 5) },
  { name: 'no_cache in quotes', config: insertAfter(6, '    no_cache = "true"'), message: '"no_cache" in the build stanza (plugin "docker"): expected true or false, got a string', at: at(7, 5) },
  { name: 'build_args is a list', config: insertAfter(6, '    build_args = ["A=1"]'), message: '"build_args" in the build stanza (plugin "docker"): expected a map { key = value }, got a list', at: at(7, 5) },
  { name: 'build_args value is a list', config: insertAfter(6, '    build_args = { A = ["1"] }'), message: '"build_args.A" in the build stanza (plugin "docker"): expected a string or a number or true or false, got a list', at: at(7, 20) },
  { name: 'cache_from is a string', config: insertAfter(6, '    cache_from = "x"'), message: '"cache_from" in the build stanza (plugin "docker"): expected a list', at: at(7, 5) },
  {
    name: 'secrets value is a number',
    config: insertAfter(6, '    secrets = { token = 918273645546 }'),
    message: without('"secrets.token" in the build stanza (plugin "docker"): expected a string, got a number', '918273645546'),
    at: at(7, 17),
  },
  {
    name: 'vault secret_id is a number',
    config: insertAfter(1, 'vault {', '  secret_id = 918273645546', '}'),
    message: without('"secret_id" in the vault block: expected a string, got a number', '918273645546'),
    at: at(3, 3),
  },
  { name: 'plugin name without quotes', config: withLine(4, '    use = docker'), message: '"use" in the build stanza must be a quoted plugin name\n  hint: write use = "docker"', at: at(4, 5) },
  { name: 'insecure in quotes', config: insertAfter(11, '    insecure = "yes"'), message: '"insecure" in the registry stanza (plugin "docker"): expected true or false', at: at(12, 5) },
  { name: 'ports is a string', config: insertAfter(14, '    ports = "8080:80"'), message: '"ports" in the deploy stanza (plugin "docker"): expected a list', at: at(15, 5) },
  { name: 'port out of range', config: insertAfter(14, '    ports = [99999]'), message: '"ports[0]" in the deploy stanza (plugin "docker")', at: at(15, 14) },
  { name: 'port mapping garbage', config: insertAfter(14, '    ports = ["80:80:80:80"]'), message: 'expected "HOST:CONTAINER" such as "8080:80"', at: at(15, 14) },
  { name: 'host IP without the host-port field', config: insertAfter(14, '    ports = ["127.0.0.1:8080"]'), message: 'expected "HOST:CONTAINER" such as "8080:80"', at: at(15, 14) },
  { name: 'port mapping with a shell command', config: insertAfter(14, '    ports = ["$(touch @M@):80"]'), message: 'expected "HOST:CONTAINER" such as "8080:80"', at: at(15, 14) },
  { name: 'env is a string', config: insertAfter(14, '    env = "A=1"'), message: '"env" in the deploy stanza (plugin "docker"): expected a map { key = value }, got a string', at: at(15, 5) },
  { name: 'command is a string', config: insertAfter(14, '    command = "sleep 1"'), message: '"command" in the deploy stanza (plugin "docker"): expected a list', at: at(15, 5) },
  { name: 'restart policy unknown', config: insertAfter(14, '    restart = "sometimes"'), message: '"restart" in the deploy stanza (plugin "docker"): must be one of', at: at(15, 5) },
  { name: 'wait_timeout not a duration', config: insertAfter(14, '    wait_timeout = "forever"'), message: 'expected a duration such as "30s", "2m" or "1h"', at: at(15, 5) },
  { name: 'wait_timeout zero', config: insertAfter(14, '    wait_timeout = "0s"'), message: '"wait_timeout" in the deploy stanza (plugin "docker"): must be at least 1ms, such as "30s"', at: at(15, 5) },
  { name: 'pull_timeout zero as a number', config: insertAfter(14, '    pull_timeout = 0'), message: 'must be at least 1ms, such as "30s"', at: at(15, 5) },
  { name: 'negative wait_timeout', config: insertAfter(14, '    wait_timeout = -5'), message: '"wait_timeout" in the deploy stanza (plugin "docker")', at: at(15, 5) },
  { name: 'healthcheck port in quotes', config: insertAfter(14, '    healthcheck = { port = "80" }'), message: '"healthcheck.port" in the deploy stanza (plugin "docker"): expected a number', at: at(15, 21) },
  { name: 'healthcheck path without slash', config: insertAfter(14, '    healthcheck = { path = "health" }'), message: 'must start with "/"', at: at(15, 21) },
  { name: 'container name with a slash', config: insertAfter(14, '    name = "a/b"'), message: 'container names use letters, digits', at: at(15, 5) },
  { name: 'container name with a shell command', config: insertAfter(14, '    name = "$(touch @M@)"'), message: 'container names use letters, digits', at: at(15, 5) },
  { name: 'one-character container name (docker wants two)', config: insertAfter(14, '    name = "x"'), message: 'container names use letters, digits', at: at(15, 5) },
  { name: 'variable type unknown', config: insertAfter(1, 'variable "x" {', '  type = strin', '}'), message: 'unknown variable type "strin"', at: at(3, 3) },
  { name: 'variable sensitive in quotes', config: insertAfter(1, 'variable "x" {', '  default = "a"', '  sensitive = "yes"', '}'), message: 'expected true or false', at: at(4, 3) },
  { name: 'vault address is a number', config: insertAfter(1, 'vault {', '  address = 1', '}'), message: '"address" in the vault block', at: at(3, 3) },
  { name: 'vault auth_method unknown', config: insertAfter(1, 'vault {', '  address = "http://v"', '  auth_method = "kerberos"', '}'), message: 'must be one of', at: at(4, 3) },
]);

const unknownNames = rows('config: unknown names', [
  { name: 'unknown build plugin (typo)', config: withLine(4, '    use   = "dokcer"'), message: 'unknown build plugin "dokcer"', at: at(4, 5), bundle: true },
  { name: 'unknown deploy plugin', config: withLine(14, '    use = "kubernetes"'), message: 'unknown deploy plugin "kubernetes"', at: at(14, 5) },
  { name: 'plugin in the wrong phase', config: withLine(14, '    use = "nixpacks"'), message: 'plugin "nixpacks" cannot be used for deploy', at: at(14, 5) },
  { name: 'registry plugin that cannot push', config: withLine(9, '    use   = "nomadpack"'), message: 'plugin "nomadpack" cannot be used for registry', at: at(9, 5) },
  { name: 'unknown build attribute (typo)', config: withLine(5, '    imgae = "@R@/@P@/web"'), message: 'unknown attribute "imgae" in the build stanza (plugin "docker")', at: at(5, 5) },
  { name: 'unknown registry attribute', config: insertAfter(11, '    pasword = "x"'), message: 'unknown attribute "pasword" in the registry stanza (plugin "docker")', at: at(12, 5) },
  { name: 'unknown deploy attribute', config: insertAfter(14, '    replicas = 2'), message: 'unknown attribute "replicas" in the deploy stanza (plugin "docker")', at: at(15, 5) },
  { name: 'unknown healthcheck attribute', config: insertAfter(14, '    healthcheck {', '      paht = "/"', '    }'), message: 'unknown attribute "paht" in healthcheck', at: at(16, 7) },
  { name: 'unknown app block', config: insertAfter(15, '  deploi {', '  }'), message: 'unknown block "deploi" in app "web"', at: at(16, 3) },
  { name: 'unknown app attribute', config: insertAfter(2, '  image = "x"'), message: 'unknown attribute "image" in app "web"', at: at(3, 3) },
  { name: 'unknown top-level block', config: project() + 'valut {\n}\n', message: 'unknown top-level block "valut"', at: at(17, 1) },
  { name: 'unknown top-level attribute', config: 'registry = "x"\n' + project(), message: 'unknown top-level attribute "registry"', at: at(1, 1) },
  { name: 'unknown variable attribute', config: insertAfter(1, 'variable "x" {', '  defualt = "a"', '}'), message: 'unknown attribute "defualt"', at: at(3, 3) },
  { name: 'unknown vault attribute', config: insertAfter(1, 'vault {', '  adress = "http://v"', '}'), message: 'unknown attribute "adress"', at: at(3, 3) },
  { name: 'two use blocks in one stanza', config: project(...BUILD, '  deploy {', '    use "docker" {', '    }', '    use "noop" {', '    }', '  }'), message: 'the deploy stanza has 2 use blocks', at: at(8, 3) },
  { name: 'attribute outside the use block', config: project(...BUILD, '  deploy {', '    name = "x"', '    use "docker" {', '    }', '  }'), message: '"name" is outside use "docker"', at: at(9, 5) },
  { name: 'use is a number', config: withLine(14, '    use = 1'), message: '"use" in the deploy stanza must name a plugin', at: at(14, 5) },
  { name: 'use names a plugin by interpolation that is unknown', config: insertAfter(1, 'variable "p" {', '  default = "dockr"', '}').replace('use   = "docker"', 'use   = "${var.p}"'), message: 'unknown build plugin "dockr"', at: at(7, 5) },
]);

const missing = rows('config: missing', [
  { name: 'empty file', config: '', message: 'the config file is empty', at: at(1, 1), bundle: true },
  { name: 'whitespace only', config: ' \n\t\n', message: 'the config file is empty', at: at(1, 1) },
  { name: 'comments only', config: '# nothing here\n// nor here\n', message: 'missing project name', at: at(1, 1) },
  { name: 'no project', config: project().replace('project = "@P@"\n', ''), message: 'missing project name', at: at(1, 1) },
  { name: 'no app', config: 'project = "@P@"\n', message: 'no app blocks', at: at(1, 1) },
  { name: 'app without build', config: project(...REGISTRY, ...DEPLOY), message: 'app "web" has no build stanza', at: at(2, 1) },
  { name: 'app without deploy', config: project(...BUILD, ...REGISTRY), message: 'app "web" has no deploy stanza', at: at(2, 1) },
  { name: 'empty app', config: hcl('project = "@P@"', 'app "web" {', '}'), message: 'app "web" has no build stanza', at: at(2, 1) },
  { name: 'build without use', config: withLine(4, ''), message: 'the build stanza does not name a plugin', at: at(3, 3) },
  { name: 'registry without use', config: withLine(9, ''), message: 'the registry stanza does not name a plugin', at: at(8, 3) },
  { name: 'deploy without use', config: withLine(14, ''), message: 'the deploy stanza does not name a plugin', at: at(13, 3) },
  { name: 'empty use', config: withLine(14, '    use = ""'), message: 'unknown deploy plugin ""', at: at(14, 5) },
  { name: 'empty tag', config: withLine(6, '    tag = ""'), message: '"tag" in the build stanza (plugin "docker"): must not be empty', at: at(6, 5) },
  { name: 'empty image', config: withLine(5, '    image = ""'), message: '"image" in the build stanza (plugin "docker"): must not be empty', at: at(5, 5) },
  { name: 'registry credentials half given', config: insertAfter(11, '    auth = { username = "u" }'), message: '"auth.password" in the registry stanza (plugin "docker"): is required but missing', at: at(12, 5) },
  { name: 'variable without a value', config: insertAfter(1, 'variable "tag" {', '}').replace('tag   = "t1"', 'tag   = var.tag'), message: 'variable "tag" has no value', at: at(2, 1) },
]);

const duplicates = rows('config: duplicates', [
  { name: 'duplicate app', config: project() + hcl('app "web" {', ...BUILD, ...DEPLOY, '}'), message: 'duplicate app "web"', at: at(17, 1), bundle: true },
  { name: 'duplicate build stanza', config: insertAfter(7, ...BUILD), message: 'duplicate build stanza in app "web"', at: at(8, 3) },
  { name: 'duplicate deploy stanza', config: insertAfter(15, ...DEPLOY), message: 'duplicate deploy stanza in app "web"', at: at(16, 3) },
  { name: 'duplicate variable', config: insertAfter(1, 'variable "x" {', '  default = "a"', '}', 'variable "x" {', '  default = "b"', '}'), message: 'variable "x" is declared more than once', at: at(5, 1) },
  { name: 'project set twice', config: 'project = "@P@"\n' + project(), message: 'Attribute redefined', at: at(2, 1) },
  { name: 'duplicate vault block', config: insertAfter(1, 'vault {', '}', 'vault {', '}'), message: 'vault', at: at(4, 1) },
]);

export const CONFIG_CASES: Case[] = [...syntax, ...types, ...unknownNames, ...missing, ...duplicates];
