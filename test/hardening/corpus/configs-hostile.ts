/** Configs that are hostile rather than merely wrong: names, references, size, encoding, look-alikes, escapes. */
import { at, insertAfter, rows, without } from './configs.js';
import { DEPLOY, project, withLine, type Case } from './types.js';

const appNamed = (label: string) => project().replace('app "web"', `app "${label}"`);
const projectNamed = (name: string) => project().replace('project = "@P@"', `project = "${name}"`);
/** The valid app with `variable "pw" { sensitive = true }` first and `lines` after a line of `project()`. */
const sensitiveAfter = (line: number, ...lines: string[]) => insertAfter(line, ...lines).replace('project = "@P@"\n', 'project = "@P@"\nvariable "pw" {\n  sensitive = true\n}\n');
/** A config as bytes, so encodings other than UTF-8 can be written. */
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

const names = rows('config: names', [
  { name: 'project name with a space', config: projectNamed('my shop'), message: 'invalid project name "my shop"', at: at(1, 1) },
  { name: 'project name with a slash', config: projectNamed('a/b'), message: 'invalid project name "a/b"', at: at(1, 1) },
  { name: 'project name with a shell command', config: projectNamed('$(touch @M@)'), message: 'invalid project name "$(touch @M@)"', at: at(1, 1) },
  { name: 'project name with a semicolon', config: projectNamed('p;touch @M@'), message: 'invalid project name "p;touch @M@"', at: at(1, 1) },
  { name: 'project name empty', config: projectNamed(''), message: 'invalid project name ""', at: at(1, 1) },
  { name: 'project name with a newline escape', config: projectNamed('a\\nb'), message: 'invalid project name "a\\nb"', at: at(1, 1) },
  { name: 'app name empty', config: appNamed(''), message: 'invalid app name ""', at: at(2, 1) },
  { name: 'app name with a space', config: appNamed('my app'), message: 'invalid app name "my app"', at: at(2, 1), bundle: true },
  { name: 'app name with dots escaping', config: appNamed('../../etc'), message: 'invalid app name "../../etc"', at: at(2, 1) },
  { name: 'app name with a shell command', config: appNamed('web;touch @M@'), message: 'invalid app name "web;touch @M@"', at: at(2, 1) },
  { name: 'app name with backticks', config: appNamed('`id`'), message: 'invalid app name "`id`"', at: at(2, 1) },
  { name: 'app name with a colon', config: appNamed('web:1'), message: 'invalid app name "web:1"', at: at(2, 1) },
  { name: 'app name with a workflow command', config: appNamed('::error::x'), message: 'invalid app name "::error::x"', at: at(2, 1) },
  { name: 'app name with an emoji', config: appNamed('web\u{1F680}'), message: /invalid app name "web🚀"\n  hint: it contains "🚀" \(U\+1F680\), which is not ASCII/, at: at(2, 1) },
  { name: 'app name far too long', config: appNamed('a'.repeat(300)), message: `invalid app name "${'a'.repeat(300)}"`, at: at(2, 1) },
  { name: 'variable name starting with a digit', config: insertAfter(1, 'variable "1x" {', '  default = "a"', '}'), message: 'invalid variable name "1x"', at: at(2, 1) },
]);

const references = rows('config: variables', [
  { name: 'undeclared variable', config: withLine(6, '    tag = "${var.nope}"'), message: 'nope', at: at(6, 5), bundle: true },
  { name: 'undeclared bare variable', config: withLine(6, '    tag = var.nope'), message: 'nope', at: at(6, 5) },
  { name: 'variable typo gets a suggestion', config: insertAfter(1, 'variable "tag" {', '  default = "t1"', '}').replace('tag   = "t1"', 'tag   = "${var.tga}"'), message: 'did you mean "tag"?', at: at(9, 5) },
  { name: 'unknown namespace', config: withLine(6, '    tag = "${foo.bar}"'), message: 'unknown reference (not shown', at: at(6, 5) },
  { name: 'unknown git field', config: withLine(6, '    tag = "${git.commit}"'), message: 'git.commit', at: at(6, 5) },
  { name: 'unknown app field', config: withLine(6, '    tag = "${app.version}"'), message: 'app.version', at: at(6, 5) },
  { name: 'unset env() in a required spot', config: withLine(6, '    tag = env("CS_HARDENING_UNSET")'), message: 'env("CS_HARDENING_UNSET") is not set', at: at(6, 5) },
  { name: 'variable default refers to another variable', config: insertAfter(1, 'variable "a" {', '  default = var.b', '}'), message: 'variables cannot be used in variable defaults', at: at(3, 3) },
  { name: 'sensitive variable without a value', config: insertAfter(1, 'variable "pw" {', '  sensitive = true', '}'), message: 'variable "pw" has no value', at: at(2, 1) },
  {
    name: 'sensitive variable of two characters as a plugin name',
    config: insertAfter(1, 'variable "pw" {', '  sensitive = true', '}').replace('use   = "docker"', 'use   = var.pw'),
    argv: ['up', '--var', 'pw=qz'],
    message: without('unknown build plugin (the value comes from sensitive variable "pw", not shown)', '"qz"'),
    at: at(7, 5),
  },
  {
    name: 'sensitive variable one letter from a restart policy',
    config: sensitiveAfter(14, '    restart = var.pw'),
    argv: ['up', '--var', 'pw=alwayz'],
    message: without('"restart" in the deploy stanza (plugin "docker"): must be one of', 'did you mean', 'alwayz'),
    at: at(18, 5),
  },
  { name: 'project referenced before it is valid', config: projectNamed('${var.p}'), message: 'project', at: at(1, 1) },
  { name: 'template directive', config: withLine(6, '    tag = "%{ if true }x%{ endif }"'), message: 'template directives (%{ … }) are not supported', at: at(6, 5) },
]);

const deepList = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepMap = (depth: number) => `${'{ a = '.repeat(depth)}1${' }'.repeat(depth)}`;
const deepBlocks = (depth: number) => `${'  x {\n'.repeat(depth)}${'  }\n'.repeat(depth)}`;
const MB = 1024 * 1024;

const size = rows('config: size and nesting', [
  { name: '5 MB string value', config: withLine(6, `    tag = "${'A'.repeat(5 * MB)}"`), message: /cloudstation\.hcl is 5,\d{3},\d{3} bytes; cs reads config files up to 1 MB \(1,048,576 bytes\)/, at: at(1, 1) },
  { name: '5 MB of comments', config: `${'# filler filler filler filler filler filler filler filler\n'.repeat(90_000)}${project()}`, message: /is 5,\d{3},\d{3} bytes; cs reads config files up to 1 MB \(1,048,576 bytes\)/, at: at(1, 1) },
  { name: '2000 apps of garbage', config: `project = "@P@"\n${'app "x" {\n}\n'.repeat(2000)}`, message: 'duplicate app "x"', at: at(4, 1) },
  { name: 'list nested 5000 deep', config: withLine(6, `    tag = ${deepList(5000)}`), message: 'nested too deeply', at: at(1, 1) },
  { name: 'map nested 3000 deep', config: withLine(6, `    tag = ${deepMap(3000)}`), message: '"tag" in the build stanza (plugin "docker"): expected a string, got a block or map', at: at(6, 5) },
  { name: 'blocks nested 3000 deep', config: insertAfter(2, deepBlocks(3000)), message: 'unknown block "x" in app "web"', at: at(3, 3) },
  { name: 'list nested 100 deep in the wrong place', config: withLine(6, `    tag = ${deepList(100)}`), message: '"tag" in the build stanza (plugin "docker"): expected a string, got a list', at: at(6, 5) },
  { name: 'one line of 200000 attributes-like text', config: withLine(6, `    tag = "t1" ${'x'.repeat(200_000)}`), message: 'Missing newline after argument', at: at(6, 16) },
]);

const encoding = rows('config: encoding', [
  { name: 'BOM and a syntax error keep the position', config: '\uFEFF' + withLine(6, '    tag ='), message: 'Invalid expression', at: at(6, 10) },
  { name: 'CRLF and an error keep the position', config: withLine(6, '    tag = 5').replace(/\n/g, '\r\n'), message: '"tag" in the build stanza (plugin "docker"): expected a string, got the number 5', at: at(6, 5) },
  { name: 'CR-only line endings', config: project().replace(/\n/g, '\r'), message: 'Invalid character', at: at(1, 26) },
  { name: 'latin-1 byte in a string', config: bytes('project = "caf', [0xe9], '"\n'), message: 'is not valid UTF-8 (byte 0xe9)', at: at(1, 15), bundle: true },
  { name: 'latin-1 byte in a comment', config: bytes('# d', [0xe9], 'j', [0xe0], ' vu\n', project()), message: 'is not valid UTF-8 (byte 0xe9)', at: at(1, 4) },
  { name: 'invalid byte in a tag', config: bytes(...withLine(6, '    tag = "t@@"').split('@@').flatMap((part, i) => (i ? [[0xff, 0xfe], part] : [part]))), message: 'is not valid UTF-8 (byte 0xff)', at: at(6, 13) },
  { name: 'UTF-16 LE with BOM', config: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(project(), 'utf16le')]), message: 'is UTF-16; save it as UTF-8', at: at(1, 1) },
  { name: 'UTF-16 BE with BOM', config: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(project(), 'utf16le').swap16()]), message: 'is UTF-16; save it as UTF-8', at: at(1, 1) },
  { name: 'NUL bytes (a binary file)', config: bytes(project(), [0, 0, 0, 1]), message: 'contains a NUL byte', at: at(17, 1) },
  { name: 'truncated UTF-8 sequence', config: bytes('project = "', [0xe2, 0x82], '"\n'), message: 'is not valid UTF-8 (byte 0xe2)', at: at(1, 12) },
  { name: 'overlong UTF-8 encoding of a quote', config: bytes('project = "a', [0xc0, 0xa2], '"\n'), message: 'is not valid UTF-8 (byte 0xc0)', at: at(1, 13) },
  { name: 'a gzip file', config: bytes([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]), message: 'contains a NUL byte, so it is not a text file', at: at(1, 4) },
]);

const lookAlikes = rows('config: look-alikes', [
  // Non-ASCII identifiers fall back to the nearest known position (the tokenizer reads ASCII names only).
  { name: 'Cyrillic а in the app keyword', config: project().replace('app "web"', '\u0430pp "web"'), message: 'unknown top-level block "\u0430pp"\n  hint: it contains "\u0430" (U+0430), which is not ASCII: retype the name; did you mean "app"?', at: at(2, 1), bundle: true },
  { name: 'Cyrillic о in the plugin name', config: withLine(4, '    use   = "d\u043ecker"'), message: 'unknown build plugin "d\u043ecker"\n  hint: it contains "\u043e" (U+043E), which is not ASCII: retype the name; did you mean "docker"?', at: at(4, 5) },
  { name: 'Cyrillic е in the app name', config: appNamed('w\u0435b'), message: 'invalid app name "w\u0435b"\n  hint: it contains "\u0435" (U+0435), which is not ASCII', at: at(2, 1) },
  { name: 'Greek ο in an attribute name', config: withLine(6, '    t\u03bfg = "t1"').replace('tag   = "t1"', ''), message: 'unknown attribute "t\u03bfg" in the build stanza (plugin "docker")\n  hint: it contains "\u03bf" (U+03BF), which is not ASCII: retype the name; did you mean "tag"?', at: at(6, 5) },
  { name: 'zero-width space in the app name', config: appNamed('w\u200beb'), message: 'invalid app name "w\\u200beb"', at: at(2, 1) },
  { name: 'zero-width joiner in the project name', config: projectNamed('sh\u200dop'), message: 'invalid project name "sh\\u200dop"', at: at(1, 1) },
  { name: 'right-to-left override in the app name', config: appNamed('web\u202egnp'), message: 'invalid app name "web\\u202egnp"', at: at(2, 1) },
  { name: 'zero-width space in an attribute name', config: withLine(6, '    ta\u200bg = "t1"'), message: 'Argument or block definition required', at: at(6, 5) },
  { name: 'non-breaking space as indentation', config: withLine(6, '\u00a0\u00a0tag = "t1"'), message: 'Invalid character', at: at(6, 1) },
  { name: 'fullwidth equals sign', config: withLine(6, '    tag \uff1d "t1"'), message: 'Argument or block definition required', at: at(6, 5) },
  { name: 'Cyrillic в in a block name', config: project().replace('  deploy {', '  deplo\u0443 {'), message: 'unknown block "deplo\u0443" in app "web"\n  hint: it contains "\u0443" (U+0443)', at: at(13, 3) },
  { name: 'Cyrillic е in the use keyword', config: withLine(14, '    us\u0435 = "docker"'), message: 'the deploy stanza does not name a plugin: "us\u0435" is not "use"\n  hint: it contains "\u0435" (U+0435), which is not ASCII: retype the name; did you mean "use"?', at: at(14, 5) },
  { name: 'zero-width space in the plugin name', config: withLine(14, '    use = "no\u200bop"'), message: 'unknown deploy plugin "no\\u200bop"', at: at(14, 5) },
]);

const escapes: Case[] = [
  ...rows('config: workspace escape', [
    { name: 'context ../', config: insertAfter(6, '    context = "../"'), message: '"context" in the build stanza (plugin "docker") leaves the project directory', at: at(7, 5), bundle: true },
    { name: 'context deep ../', config: insertAfter(6, '    context = "sub/../../.."'), message: 'leaves the project directory', at: at(7, 5) },
    { name: 'context /', config: insertAfter(6, '    context = "/"'), message: 'leaves the project directory', at: at(7, 5) },
    { name: 'context /etc', config: insertAfter(6, '    context = "/etc"'), message: 'leaves the project directory', at: at(7, 5) },
    { name: 'dockerfile ../', config: insertAfter(6, '    dockerfile = "../Dockerfile"'), message: '"dockerfile" in the build stanza (plugin "docker") leaves the project directory', at: at(7, 5) },
    { name: 'dockerfile /etc/passwd', config: insertAfter(6, '    dockerfile = "/etc/passwd"'), message: 'leaves the project directory', at: at(7, 5) },
    { name: 'dockerfile with a home-directory tilde is not expanded, but ../ is caught', config: insertAfter(6, '    dockerfile = "~/../../../etc/passwd"'), message: 'leaves the project directory', at: at(7, 5) },
    { name: 'app path ../', config: insertAfter(2, '  path = ".."'), message: '"path" in app "web" leaves the project directory', at: at(3, 3) },
    { name: 'app path /', config: insertAfter(2, '  path = "/"'), message: 'leaves the project directory', at: at(3, 3) },
    { name: 'context through a variable', config: insertAfter(1, 'variable "ctx" {', '  default = "/var"', '}').replace('tag   = "t1"', 'tag   = "t1"\n    context = var.ctx'), message: 'leaves the project directory', at: at(10, 5) },
    { name: 'csdocker context ../', config: withLine(4, '    use   = "csdocker"').replace('tag   = "t1"', 'tag   = "t1"\n    context = "../.."'), message: '"context" in the build stanza (plugin "csdocker") leaves the project directory', at: at(7, 5) },
    { name: 'nixpacks context /', config: project('  build {', '    use     = "nixpacks"', '    context = "/"', '  }', ...DEPLOY), message: '"context" in the build stanza (plugin "nixpacks") leaves the project directory', at: at(5, 5) },
  ]),
  ...rows('config: workspace escape', [
    { name: 'context symlink to /', config: insertAfter(6, '    context = "ctx"'), message: 'leaves the project directory', at: at(7, 5) },
    { name: 'dockerfile symlink to /etc/passwd', config: insertAfter(6, '    dockerfile = "Dockerfile.link"'), message: 'leaves the project directory', at: at(7, 5) },
    { name: 'default Dockerfile is a symlink out', config: project(), message: '"Dockerfile" in the build stanza (plugin "docker") leaves the project directory', at: at(3, 3) },
    { name: 'app path symlink to /tmp', config: insertAfter(2, '  path = "app"'), message: 'leaves the project directory', at: at(3, 3) },
  ]).map((c, i) => {
    const links: Record<string, string> = [{ ctx: '/' }, { 'Dockerfile.link': '/etc/passwd' }, { Dockerfile: '/etc/hostname' }, { app: '/tmp' }][i]!;
    const files = { ...c.files };
    if ('Dockerfile' in links) delete files.Dockerfile;
    return { ...c, files, links };
  }),
];

const refs = rows('config: image references', [
  { name: 'tag with a shell command', config: withLine(6, '    tag = "$(touch @M@)"'), message: '"tag" in the build stanza (plugin "docker"): is not a valid image tag', at: at(6, 5), bundle: true },
  { name: 'tag with a semicolon', config: withLine(6, '    tag = "t1;touch @M@"'), message: 'is not a valid image tag', at: at(6, 5) },
  { name: 'tag with a space', config: withLine(6, '    tag = "t 1"'), message: 'is not a valid image tag', at: at(6, 5) },
  { name: 'tag with a newline', config: withLine(6, '    tag = "t1\\nx"'), message: 'is not a valid image tag', at: at(6, 5) },
  { name: 'tag too long', config: withLine(6, `    tag = "${'t'.repeat(129)}"`), message: 'is not a valid image tag', at: at(6, 5) },
  { name: 'tag starting with a dash (an option to docker)', config: withLine(6, '    tag = "-rm"'), message: 'is not a valid image tag', at: at(6, 5) },
  { name: 'image with upper case', config: withLine(5, '    image = "@R@/@P@/Web"'), message: '"image" in the build stanza (plugin "docker"): is not a valid image repository', at: at(5, 5) },
  { name: 'image with a shell command', config: withLine(5, '    image = "$(touch @M@)"'), message: 'is not a valid image repository', at: at(5, 5) },
  { name: 'image starting with a dash', config: withLine(5, '    image = "--privileged"'), message: 'is not a valid image repository', at: at(5, 5) },
  { name: 'image with a tag in it', config: withLine(5, '    image = "@R@/@P@/web:t1"'), message: 'is not a valid image repository', at: at(5, 5) },
  { name: 'registry image with a space', config: withLine(10, '    image = "@R@/@P@/ web"'), message: '"image" in the registry stanza (plugin "docker"): is not a valid image repository', at: at(10, 5) },
  { name: 'registry tag with a shell command', config: withLine(11, '    tag   = "`touch @M@`"'), message: '"tag" in the registry stanza (plugin "docker"): is not a valid image tag', at: at(11, 5) },
  { name: 'tag from a variable with a shell command', config: insertAfter(1, 'variable "t" {', '  default = "$(touch @M@)"', '}').replace('tag   = "t1"', 'tag   = var.t'), message: 'is not a valid image tag', at: at(9, 5) },
]);

export const HOSTILE_CONFIG_CASES: Case[] = [...names, ...references, ...size, ...encoding, ...lookAlikes, ...escapes, ...refs];
