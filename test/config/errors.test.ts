/** Malformed configs: each is rejected with a message, the exact line:col, and a hint where one helps. */
import { describe, expect, test } from 'vitest';
import type { LoadOptions } from '../../src/config/types.js';
import { BUILD, DEPLOY, PROJECT, app, errorsOf, hcl, where } from './helpers.js';

interface Case {
  title: string;
  source: string;
  opts?: LoadOptions;
  message: string;
  /** `line:col`, or null for problems without a place in the file. */
  at: string | null;
  hint?: string;
  /** How many problems the source has in all (default 1). */
  count?: number;
}

const web = (...stanzas: string[]) => hcl(PROJECT, ...app(...stanzas));
const withBuild = (...lines: string[]) => web('  build {', ...lines, '  }', ...DEPLOY);
const withDeploy = (...lines: string[]) => web(...BUILD, '  deploy {', ...lines, '  }');

/** Apps "web" and "api" with the same build and the given deploy stanza (`other` may vary the second's). */
const twoApps = (deploy: string[], other: (line: string) => string = (l) => l) => hcl(PROJECT, ...app(...BUILD, ...deploy), 'app "api" {', ...BUILD, ...deploy.map(other), '}');

const cases: Case[] = [
  // Syntax errors keep HCL's wording and position.
  { title: 'attribute without a value', source: hcl(PROJECT, 'tag =', ''), message: 'Invalid expression: Expected the start of an expression', at: '2:6' },
  { title: 'unclosed block', source: hcl(PROJECT, 'app "web" {', '  build {'), message: 'Unclosed configuration block', at: '3:9' },
  {
    title: 'unterminated heredoc: at its opener, not at the end of the file',
    source: withBuild('    use     = "noop"', '    message = <<EOT', 'hello', '  }', ...DEPLOY),
    message: 'Unterminated template string',
    at: '5:15',
    hint: 'end the heredoc with a line holding only EOT',
  },
  { title: 'unclosed block, with the fix', source: hcl(PROJECT, 'app "web" {', '  build {'), message: 'Unclosed configuration block', at: '3:9', hint: 'add the } that closes this block (or the one inside it that is missing its })' },
  { title: 'lone carriage returns (classic Mac line endings)', source: 'project = "p"\rapp "web" {}\r', message: 'Invalid character', at: '1:14', hint: 'the file ends lines with a lone carriage return (\\r): save it with LF or CRLF line endings; HCL reports 2 more problem(s) after this one; they often follow from it' },
  { title: 'unterminated string', source: hcl('project = "shop'), message: 'Invalid multi-line string: Quoted strings may not be split over multiple lines', at: '1:16' },
  { title: 'attribute set twice', source: hcl('project = "a"', 'project = "b"'), message: 'Attribute redefined: The argument "project" was already set at c.hcl:1,1-8', at: '2:1' },
  { title: 'two attributes on one line', source: hcl('project = "a" x = 1'), message: 'Missing newline after argument', at: '1:15' },
  {
    title: 'unclosed interpolation: the cause, not its cascade',
    source: withBuild('    use = "docker"', '    tag = "${var.x"'),
    message: 'Unclosed template interpolation sequence',
    at: '5:12',
    hint: 'HCL reports 6 more problem(s) after this one; they often follow from it',
  },
  {
    title: 'app blocks with and without a name',
    source: hcl(PROJECT, 'app {', '}', ...app(...BUILD, ...DEPLOY)),
    message: '"app" blocks have different numbers of labels',
    at: '2:1',
    hint: 'every app block takes exactly one name: app "web" { … }',
  },
  { title: 'app with two names', source: hcl(PROJECT, 'app "a" "b" {', ...BUILD, ...DEPLOY, '}'), message: 'app "a" has more than one name', at: '2:1' },

  // Top level.
  { title: 'missing project', source: hcl(...app(...BUILD, ...DEPLOY)), message: 'missing project name', at: '1:1', hint: 'add project = "my-project" at the top of the file' },
  { title: 'project name with a space', source: hcl('project = "my shop"', ...app(...BUILD, ...DEPLOY)), message: 'invalid project name "my shop"', at: '1:1' },
  { title: 'project name not a string', source: hcl('project = 5', ...app(...BUILD, ...DEPLOY)), message: 'invalid project name', at: '1:1' },
  {
    title: 'unknown top-level block',
    source: hcl(PROJECT, ...app(...BUILD, ...DEPLOY), 'valut {', '  address = "x"', '}'),
    message: 'unknown top-level block "valut"',
    at: '10:1',
    hint: 'did you mean "vault"?',
  },
  {
    title: 'unknown labelled top-level block',
    source: hcl(PROJECT, ...app(...BUILD, ...DEPLOY), 'apps "api" {', '}'),
    message: 'unknown top-level block "apps"',
    at: '10:1',
    hint: 'did you mean "app"?',
  },
  {
    title: 'unknown top-level attribute',
    source: hcl(PROJECT, 'variables = {}', ...app(...BUILD, ...DEPLOY)),
    message: 'unknown top-level attribute "variables"',
    at: '2:1',
    hint: 'did you mean "variable"?',
  },
  { title: 'no apps', source: hcl(PROJECT), message: 'no app blocks', at: '1:1' },
  { title: 'app without a name', source: hcl(PROJECT, 'app {', ...BUILD, ...DEPLOY, '}'), message: 'an app block needs a name', at: '2:1', hint: 'write app "web" { … }' },
  { title: 'invalid app name', source: hcl(PROJECT, 'app "my app" {', ...BUILD, ...DEPLOY, '}'), message: 'invalid app name "my app"', at: '2:1' },
  {
    title: 'duplicate app',
    source: hcl(PROJECT, ...app(...BUILD, ...DEPLOY), ...app(...BUILD, ...DEPLOY)),
    message: 'duplicate app "web"',
    at: '10:1',
  },

  // App blocks.
  { title: 'unknown app attribute', source: web('  labls = { a = "b" }', ...BUILD, ...DEPLOY), message: 'unknown attribute "labls" in app "web"', at: '3:3', hint: 'did you mean "labels"?' },
  {
    title: 'misspelt stanza',
    source: web('  biuld {', '    use = "docker"', '  }', ...DEPLOY),
    message: 'unknown block "biuld" in app "web"',
    at: '3:3',
    hint: 'did you mean "build"?',
  },
  {
    title: 'misspelt project: named as such, not also reported missing',
    source: hcl('projekt = "shop"', ...app(...BUILD, ...DEPLOY)),
    message: 'unknown top-level attribute "projekt"',
    at: '1:1',
    hint: 'did you mean "project"?',
  },
  { title: 'missing build', source: web(...DEPLOY), message: 'app "web" has no build stanza', at: '2:1', hint: 'add build { use = "csdocker" … }' },
  { title: 'missing deploy', source: web(...BUILD), message: 'app "web" has no deploy stanza', at: '2:1' },
  { title: 'labels not a map', source: web('  labels = "team"', ...BUILD, ...DEPLOY), message: '"labels" in app "web": expected a map { key = value }, got a string', at: '3:3' },
  { title: 'stanza written as an attribute', source: web('  build = { use = "docker" }', ...DEPLOY), message: 'build must be a block', at: '3:3' },
  {
    title: 'duplicate stanza',
    source: web(...BUILD, ...BUILD, ...DEPLOY),
    message: 'duplicate build stanza in app "web"',
    at: '6:3',
  },

  // Plugins.
  { title: 'stanza without a plugin', source: withBuild('    image = "x"'), message: 'the build stanza does not name a plugin', at: '3:3' },
  { title: 'unknown plugin', source: withBuild('    use = "dockr"'), message: 'unknown build plugin "dockr"', at: '4:5', hint: 'did you mean "docker"?' },
  {
    title: 'a plugin name without quotes: one error, at the value, with the fix',
    source: withBuild('    use = noop'),
    message: '"use" in the build stanza must be a quoted plugin name',
    at: '4:5',
    hint: 'write use = "noop"',
  },
  {
    title: 'a word without quotes that is no plugin name is not quoted back',
    source: withBuild('    use = CNRYword'),
    message: '"use" in the build stanza must be a quoted plugin name',
    at: '4:5',
    hint: 'write use = "csdocker"; plugins for build: "csdocker", "nixpacks", "noop" or "docker"',
  },
  {
    title: 'a plugin name from a reference that fails: the reference error alone, not also an unknown plugin ""',
    source: withBuild('    use = foo.bar'),
    message: 'unknown reference (not shown',
    at: '4:5',
  },
  {
    title: 'a plugin name from a sensitive variable is neither quoted nor suggested from, however short',
    source: hcl(PROJECT, 'variable "pw" {', '  sensitive = true', '}', ...app('  build {', '    use = var.pw', '  }', ...DEPLOY)),
    opts: { vars: { pw: 'ab' } },
    message: 'unknown build plugin (the value comes from sensitive variable "pw", not shown)',
    at: '7:5',
    hint: 'plugins for build: "csdocker", "nixpacks", "noop" or "docker"',
  },
  {
    title: 'a near-miss plugin name from a sensitive variable gets no did-you-mean',
    source: hcl(PROJECT, 'variable "pw" {', '  sensitive = true', '}', ...app('  build {', '    use = "${var.pw}"', '  }', ...DEPLOY)),
    opts: { vars: { pw: 'dockr' } },
    message: 'unknown build plugin (the value comes from sensitive variable "pw", not shown)',
    at: '7:5',
    hint: 'plugins for build: "csdocker", "nixpacks", "noop" or "docker"',
  },
  {
    title: 'unknown plugin in block form',
    source: web(...BUILD, '  deploy {', '    use "nomad-pak" {', '    }', '  }'),
    message: 'unknown deploy plugin "nomad-pak"',
    at: '7:5',
    hint: 'did you mean "nomad-pack"?',
  },
  {
    title: 'plugin without that phase',
    source: withDeploy('    use = "csdocker"'),
    message: 'plugin "csdocker" cannot be used for deploy',
    at: '7:5',
    hint: 'plugins for deploy: "noop", "docker" or "nomadpack"',
  },
  {
    title: 'attribute outside the use block',
    source: withDeploy('    use "docker" {', '    }', '    ports = ["80"]'),
    message: '"ports" is outside use "docker" { … }',
    at: '9:5',
  },
  { title: 'unknown plugin attribute', source: withBuild('    use = "docker"', '    imag = "x"'), message: 'unknown attribute "imag" in the build stanza (plugin "docker")', at: '5:5', hint: 'did you mean "image"?' },
  {
    title: 'unknown attribute in block form',
    source: withDeploy('    use "nomadpack" {', '      pak = "x"', '    }'),
    message: 'unknown attribute "pak" in the deploy stanza (plugin "nomadpack")',
    at: '8:7',
    hint: 'did you mean "pack"?',
  },
  {
    title: 'unknown attribute in a nested block',
    source: withDeploy('    use = "docker"', '    healthcheck {', '      pat = "/"', '    }'),
    message: 'unknown attribute "pat" in healthcheck in the deploy stanza (plugin "docker")',
    at: '9:7',
    hint: 'did you mean "path"?',
  },
  {
    title: 'string where a list belongs',
    source: withDeploy('    use = "docker"', '    ports = "8080:80"'),
    message: '"ports" in the deploy stanza (plugin "docker"): expected a list [ … ], got a string',
    at: '8:5',
    hint: 'write ports = ["8080:80"]',
  },
  {
    title: 'a command written as one string: the hint splits it into words',
    source: withDeploy('    use = "docker"', '    command = "npm run start"'),
    message: '"command" in the deploy stanza (plugin "docker"): expected a list [ … ], got a string',
    at: '8:5',
    hint: 'write command = ["npm", "run", "start"]',
  },
  {
    title: 'quoted bool',
    source: withBuild('    use = "docker"', '    no_cache = "yes"'),
    message: '"no_cache" in the build stanza (plugin "docker"): expected true or false, got a string',
    at: '5:5',
    hint: 'write no_cache = true or no_cache = false, without quotes',
  },
  {
    title: 'quoted number',
    source: withBuild('    use = "csdocker"', '    vault_max_retries = "3"'),
    message: '"vault_max_retries" in the build stanza (plugin "csdocker"): expected a number, got a string',
    at: '5:5',
    hint: 'write vault_max_retries = 3, without quotes',
  },
  { title: 'fractional count', source: withBuild('    use = "csdocker"', '    vault_max_retries = 1.5'), message: 'expected a whole number, got the number 1.5', at: '5:5' },
  {
    title: 'variables not a map',
    source: withDeploy('    use = "nomadpack"', '    variables = "count=2"'),
    message: '"variables" in the deploy stanza (plugin "nomadpack"): expected a map { key = value }, got a string',
    at: '8:5',
  },
  {
    title: 'bad duration',
    source: withDeploy('    use = "nomadpack"', '    timeout = "10 minutes"'),
    message: '"timeout" in the deploy stanza (plugin "nomadpack"): expected a duration such as "30s", "2m" or "1h"',
    at: '8:5',
  },
  {
    title: 'bad duration in a nested block',
    source: withDeploy('    use = "docker"', '    healthcheck {', '      path     = "/"', '      interval = "often"', '    }'),
    message: '"healthcheck.interval" in the deploy stanza (plugin "docker"): expected a duration',
    at: '10:7',
  },
  { title: 'bool where a duration belongs', source: withDeploy('    use = "docker"', '    wait_timeout = true'), message: 'expected a number or a string, got true', at: '8:5' },
  {
    title: 'bad list element',
    source: withDeploy('    use = "docker"', '    ports = [', '      "8080:80",', '      "http",', '    ]'),
    message: '"ports[1]" in the deploy stanza (plugin "docker"): expected "HOST:CONTAINER" such as "8080:80"',
    at: '10:7',
  },
  {
    title: 'host port out of range in a mapping string',
    source: withDeploy('    use = "docker"', '    ports = [', '      "8080:80",', '      "99999:80",', '    ]'),
    message: '"ports[1]" in the deploy stanza (plugin "docker"): host port 99999 is out of range 1–65535',
    at: '10:7',
  },
  {
    title: 'container port 0 in a mapping string',
    source: withDeploy('    use = "docker"', '    ports = [', '      "8080:0",', '    ]'),
    message: '"ports[0]" in the deploy stanza (plugin "docker"): container port 0 is out of range 1–65535',
    at: '9:7',
  },
  {
    title: 'host port out of range after a host IP',
    source: withDeploy('    use = "docker"', '    ports = [', '      "127.0.0.1:70000:80/udp",', '    ]'),
    message: '"ports[0]" in the deploy stanza (plugin "docker"): host port 70000 is out of range 1–65535',
    at: '9:7',
  },
  {
    title: 'container port out of range after an IPv6 host IP',
    source: withDeploy('    use = "docker"', '    ports = [', '      "[::1]::65536",', '    ]'),
    message: '"ports[0]" in the deploy stanza (plugin "docker"): container port 65536 is out of range 1–65535',
    at: '9:7',
  },
  {
    title: 'negative duration: the same floor as zero',
    source: withDeploy('    use = "docker"', '    wait_timeout = -5'),
    message: '"wait_timeout" in the deploy stanza (plugin "docker"): must be at least 1ms, such as "30s"',
    at: '8:5',
  },
  {
    title: 'zero duration',
    source: withDeploy('    use = "docker"', '    wait_timeout = 0'),
    message: '"wait_timeout" in the deploy stanza (plugin "docker"): must be at least 1ms, such as "30s"',
    at: '8:5',
  },
  {
    title: 'value not in the enum',
    source: withDeploy('    use = "docker"', '    restart = "allways"'),
    message: 'must be one of "no", "always", "unless-stopped" or "on-failure"',
    at: '8:5',
    hint: 'did you mean "always"?',
  },
  { title: 'empty string', source: withBuild('    use = "docker"', '    image = ""'), message: '"image" in the build stanza (plugin "docker"): must not be empty', at: '5:5' },
  {
    title: 'a number under a secret-named key is not quoted back',
    source: hcl(PROJECT, 'vault {', '  secret_id = 123456789012', '}', ...app(...BUILD, ...DEPLOY)),
    message: '"secret_id" in the vault block: expected a string, got a number',
    at: '3:3',
    hint: 'quote it: secret_id = "…"',
  },
  {
    title: 'a number in a map of secrets is not quoted back',
    source: withBuild('    use = "docker"', '    secrets = { NPM_TOKEN = 987654321987 }'),
    message: '"secrets.NPM_TOKEN" in the build stanza (plugin "docker"): expected a string, got a number',
    at: '5:17',
    hint: 'quote it: NPM_TOKEN = "…"',
  },
  {
    title: 'a bool under a secret-named key is not quoted back',
    source: hcl(PROJECT, 'vault {', '  token = true', '}', ...app(...BUILD, ...DEPLOY)),
    message: '"token" in the vault block: expected a string, got a bool',
    at: '3:3',
    hint: 'quote it: token = "…"',
  },
  {
    title: 'a registry password written as a number is not quoted back',
    source: web(...BUILD, '  registry {', '    use      = "docker"', '    username = "ci"', '    password = 20240611', '  }', ...DEPLOY),
    message: '"password" in the registry stanza (plugin "docker"): expected a string, got a number',
    at: '9:5',
    hint: 'quote it: password = "…"',
  },

  // Interpolation.
  {
    title: 'undeclared variable',
    source: hcl(PROJECT, 'variable "tag" {', '  default = "x"', '}', ...app('  build {', '    use = "docker"', '    tag = var.tga', '  }', ...DEPLOY)),
    message: 'undeclared variable "tga"',
    at: '8:5',
    hint: 'did you mean "tag"?',
  },
  {
    title: 'undeclared variable without a near name',
    source: withBuild('    use = "docker"', '    tag = "${var.release}-x"'),
    message: 'undeclared variable "release"',
    at: '5:5',
    hint: 'declare it: variable "release" { default = … }',
  },
  {
    title: 'unknown reference: not quoted back, as it may be a value written without quotes',
    source: withBuild('    use = "docker"', '    tag = "${foo.bar}"'),
    message: 'unknown reference (not shown, as it may be a value written without quotes)',
    at: '5:5',
    hint: 'quote text ("…"); references: var.NAME, env.NAME, env("NAME"), project, app.name, git.sha, git.short_sha, git.branch, git.tag',
  },
  {
    title: 'a secret written inside ${…} is never quoted back',
    source: withBuild('    use = "docker"', '    tag = "Xq7${CNRYlit}9z"'),
    message: 'unknown reference (not shown',
    at: '5:5',
  },
  { title: 'misspelt git field', source: withBuild('    use = "docker"', '    tag = "${git.shaa}"'), message: 'unknown reference "git.shaa"', at: '5:5', hint: 'did you mean "git.sha"?' },
  {
    title: 'misspelt reference root with a dotted path: quoted back, with the fix',
    source: hcl(PROJECT, 'variable "tag" {', '  default = "x"', '}', ...app('  build {', '    use = "docker"', '    tag = "a ${vars.tag} b"', '  }', ...DEPLOY)),
    message: 'unknown reference "vars.tag"',
    at: '8:5',
    hint: 'did you mean "var.tag"?',
  },
  {
    title: 'reference root in the wrong case',
    source: withBuild('    use = "docker"', '    tag = "${ENV.TAG}"'),
    message: 'unknown reference "ENV.TAG"',
    at: '5:5',
    hint: 'did you mean "env.TAG"?',
  },
  {
    title: 'misspelt root and variable name',
    source: hcl(PROJECT, 'variable "tag" {', '  default = "x"', '}', ...app('  build {', '    use = "docker"', '    tag = "${avr.tg}"', '  }', ...DEPLOY)),
    message: 'unknown reference "avr.tg"',
    at: '8:5',
    hint: 'did you mean "var.tag"?',
  },
  {
    title: 'undeclared variable: the closest declared one',
    source: hcl(PROJECT, 'variable "tag" {', '  default = "x"', '}', ...app('  build {', '    use = "docker"', '    tag = var.tg', '  }', ...DEPLOY)),
    message: 'undeclared variable "tg"',
    at: '8:5',
    hint: 'did you mean "tag"?',
  },
  { title: 'unsupported function', source: withBuild('    use = "docker"', '    tag = upper("x")'), message: 'unsupported function "upper"', at: '5:5' },
  {
    title: 'list inside a string',
    source: hcl(PROJECT, 'variable "tags" {', '  default = ["a"]', '}', ...app('  build {', '    use = "docker"', '    tag = "v-${var.tags}"', '  }', ...DEPLOY)),
    message: '"var.tags" is a list and cannot be part of a string',
    at: '8:5',
  },
  { title: 'template directive', source: withBuild('    use = "docker"', '    tag = "%{ if true }x%{ endif }"'), message: 'template directives (%{ … }) are not supported', at: '5:5' },
  {
    title: 'app.name outside an app',
    source: hcl(PROJECT, 'vault {', '  role = "${app.name}"', '}', ...app(...BUILD, ...DEPLOY)),
    message: '"app.name" can only be used inside an app block',
    at: '3:3',
  },

  // Variables.
  {
    title: 'variable without a value',
    source: hcl(PROJECT, 'variable "tag" {', '  env = ["SHOP_TAG"]', '}', ...app(...BUILD, ...DEPLOY)),
    message: 'variable "tag" has no value',
    at: '2:1',
    hint: 'give it a default, or export SHOP_TAG, export CS_VAR_tag, pass --var tag=VALUE, or add it to a --var-file',
  },
  {
    title: 'env value that is not a number',
    source: hcl(PROJECT, 'variable "count" {', '  type = number', '}', ...app(...BUILD, ...DEPLOY)),
    opts: { env: { CS_VAR_count: 'abc' } },
    message: 'variable "count" must be a number, but CS_VAR_count gives "abc"',
    at: '2:1',
    hint: 'use a number such as 3',
  },
  {
    title: 'default of the wrong type',
    source: hcl(PROJECT, 'variable "count" {', '  type    = number', '  default = "two"', '}', ...app(...BUILD, ...DEPLOY)),
    message: 'variable "count" must be a number, but its default gives "two"',
    at: '4:3',
  },
  {
    title: 'sensitive value is not echoed',
    source: hcl(PROJECT, 'variable "port" {', '  type      = number', '  sensitive = true', '}', ...app(...BUILD, ...DEPLOY)),
    opts: { vars: { port: 's3cret' } },
    message: 'variable "port" must be a number, but --var port gives something else',
    at: '2:1',
  },
  {
    title: 'unknown variable type',
    source: hcl(PROJECT, 'variable "tag" {', '  type    = strin', '  default = "x"', '}', ...app(...BUILD, ...DEPLOY)),
    message: 'unknown variable type "strin"',
    at: '3:3',
    hint: 'did you mean "string"?',
  },
  {
    title: 'unknown variable attribute',
    source: hcl(PROJECT, 'variable "tag" {', '  defualt = "x"', '}', ...app(...BUILD, ...DEPLOY)),
    message: 'unknown attribute "defualt" in variable "tag"',
    at: '3:3',
    hint: 'did you mean "default"?',
  },
  {
    title: 'variable declared twice',
    source: hcl(PROJECT, 'variable "tag" {', '  default = "a"', '}', 'variable "tag" {', '  default = "b"', '}', ...app(...BUILD, ...DEPLOY)),
    message: 'variable "tag" is declared more than once',
    at: '5:1',
  },
  {
    title: 'variable used in a default',
    source: hcl(PROJECT, 'variable "a" {', '  default = "x"', '}', 'variable "b" {', '  default = "${var.a}"', '}', ...app(...BUILD, ...DEPLOY)),
    message: 'variables cannot be used in variable defaults',
    at: '6:3',
  },
  {
    title: '--var for an undeclared variable',
    source: hcl(PROJECT, 'variable "tag" {', '  default = "x"', '}', ...app(...BUILD, ...DEPLOY)),
    opts: { vars: { tga: 'v2' } },
    message: '--var tga: no variable "tga" is declared',
    at: null,
    hint: 'did you mean "tag"?',
  },

  // Names made from the project and app names, and deploy targets two apps would share.
  {
    title: 'a project name docker refuses as an image name',
    source: hcl('project = "_shop"', ...app(...BUILD, ...DEPLOY)),
    message: 'app "web": the image name "_shop-web", made from the project and app names, is not a valid image repository',
    at: '3:3',
    hint: 'set image in its build stanza, or rename the project or app',
  },
  {
    title: 'an app name docker refuses in an image name (nixpacks sets it with name)',
    source: hcl(PROJECT, 'app "web_" {', '  build {', '    use = "nixpacks"', '  }', ...DEPLOY, '}'),
    message: 'app "web_": the image name "shop-web_"',
    at: '3:3',
    hint: 'set name in its build stanza, or rename the project or app',
  },
  {
    title: 'a container name docker refuses',
    source: hcl('project = "-shop"', 'app "web" {', '  build {', '    use = "docker"', '    image = "shop/web"', '  }', '  deploy {', '    use = "docker"', '  }', '}'),
    message: 'app "web": the container name "-shop-web", made from the project and app names, is not one docker accepts',
    at: '7:3',
    hint: 'set name in its deploy stanza, or rename the project or app',
  },
  {
    title: 'two apps deploying to one container: the later one is named, at its name attribute',
    source: hcl(PROJECT, ...app(...BUILD, '  deploy {', '    use = "docker"', '  }'), 'app "api" {', ...BUILD, '  deploy {', '    use  = "docker"', '    name = "shop-web"', '  }', '}'),
    message: 'apps "web" (line 6) and "api" both deploy to container "shop-web"',
    at: '16:5',
    hint: "set name in one app's deploy stanza to a name of its own",
  },
  {
    title: 'two apps deploying one nomad-pack deployment (block form)',
    source: twoApps(['  deploy {', '    use "nomadpack" {', '      deployment_name = "web"', '      use_embedded = true', '    }', '  }'], (l) => l.replace('"nomadpack"', '"nomad-pack"')),
    message: 'apps "web" (line 8) and "api" both deploy to nomad-pack deployment "web"',
    at: '19:7',
  },
  {
    title: 'two apps deploying one nomad-pack deployment at an address with credentials: the password is not shown',
    source: twoApps(['  deploy {', '    use = "nomadpack"', '    deployment_name = "web"', '    nomad_addr = "http://ci:s3cr3tpw@10.0.0.1:4646"', '    use_embedded = true', '  }']),
    message: 'apps "web" (line 8) and "api" both deploy to nomad-pack deployment "web" at http://10.0.0.1:4646/',
    at: '19:5',
  },

  {
    title: 'a nomadpack release for an app that does not deploy with nomadpack: refused before anything is deployed',
    source: web(...BUILD, ...DEPLOY, '  release {', '    use = "nomadpack"', '    use_embedded = true', '  }'),
    message: 'app "web": the nomadpack release manager releases what nomadpack deploys, and this app deploys with noop',
    at: '9:3',
    hint: 'deploy with nomadpack, or remove the release stanza',
  },
  {
    title: 'an empty secrets_path, which would read the root of Vault',
    source: withBuild('    use = "csdocker"', '    secrets_path = ""'),
    message: '"secrets_path" in the build stanza (plugin "csdocker"): must not be empty',
    at: '5:5',
  },
  {
    title: 'a name written as a block and as an attribute, which hcl2json would resolve by dropping one',
    source: withDeploy('    use "docker" {', '      bogus = 1', '    }', '    use = "noop"'),
    message: '"use" is both an attribute (line 10) and a block (line 7): one of them would be ignored',
    at: '10:5',
    hint: 'keep one: use = … or use { … }',
  },
  {
    title: 'an attribute, then a block of the same name, inside a plugin stanza',
    source: withDeploy('    use         = "docker"', '    healthcheck = { path = "/" }', '    healthcheck {', '      port = 8080', '    }'),
    message: '"healthcheck" is both an attribute (line 8) and a block (line 9): one of them would be ignored',
    at: '9:5',
    hint: 'keep one: healthcheck = … or healthcheck { … }',
  },
  {
    title: 'a block stated twice inside a plugin stanza',
    source: withDeploy('    use = "docker"', '    healthcheck {', '      path = "/"', '    }', '    healthcheck {', '      port = 8080', '    }'),
    message: 'duplicate healthcheck block',
    at: '11:5',
    hint: 'merge them into one healthcheck { … }',
  },
  {
    title: 'a build secret id BuildKit would refuse, found before anything runs',
    source: withBuild('    use = "docker"', '    secrets = {', '      ok        = "a"', '      "api key" = "b"', '    }'),
    message: '"secrets.api key" in the build stanza (plugin "docker"): is not a valid build secret id',
    at: '7:7',
  },
  {
    title: 'a registry namespace docker would refuse after the build',
    source: web(...BUILD, '  registry {', '    use       = "docker"', '    namespace = "my team"', '  }', ...DEPLOY),
    message: '"namespace" in the registry stanza (plugin "docker"): is not a valid namespace',
    at: '8:5',
  },
  {
    title: 'a registry username without its password',
    source: web(...BUILD, '  registry {', '    use      = "docker"', '    username = "ci"', '  }', ...DEPLOY),
    message: '"password" in the registry stanza (plugin "docker"): username and password must be given together',
    at: '6:3',
  },

  // Vault.
  {
    title: 'unknown vault auth method',
    source: hcl(PROJECT, 'vault {', '  auth_method = "ldap"', '}', ...app(...BUILD, ...DEPLOY)),
    message: '"auth_method" in the vault block: must be one of "token", "approle" or "jwt"',
    at: '3:3',
  },
  {
    title: 'unknown vault attribute',
    source: hcl(PROJECT, 'vault {', '  adress = "https://v"', '}', ...app(...BUILD, ...DEPLOY)),
    message: 'unknown attribute "adress" in the vault block',
    at: '3:3',
    hint: 'did you mean "address"?',
  },
];

describe('malformed configs', () => {
  test('the table is large enough to mean something', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  test.each(cases)('$title', async ({ source, opts, message, at, hint, count = 1 }) => {
    const errors = await errorsOf(source, opts);
    const error = errors.find((e) => e.message.includes(message));
    expect(error, `no error containing ${JSON.stringify(message)} in:\n${errors.map((e) => e.format()).join('\n')}`).toBeDefined();
    expect(where(error!)).toBe(at);
    if (at) expect(error!.pos?.file).toBe('c.hcl');
    if (hint !== undefined) expect(error!.hint).toBe(hint);
    expect(errors.map((e) => e.format())).toHaveLength(count);
  });
});
