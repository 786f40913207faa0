/**
 * Our HCL → JSON parser against hcl2json, the reference: for everything it accepts the JSON must be
 * identical (key order included); for everything else it must step aside so hcl2json decides.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { documentToJson } from '../../src/config/document.js';
import { hcl2json } from '../../src/config/parse.js';

const ROOT = resolve(import.meta.dirname, '../..');

function hclFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() && e.name !== 'node_modules' ? hclFiles(join(dir, e.name)) : e.name.endsWith('.hcl') ? [join(dir, e.name)] : [],
  );
}

/** Ours must equal hcl2json's, as JSON text too: key order shows in outputs and messages. */
async function expectSameAsHcl2json(source: string): Promise<void> {
  const ours = documentToJson(source);
  expect(ours, 'our parser gave up').toBeDefined();
  const theirs = await hcl2json('t.hcl', source);
  expect(ours).toEqual(theirs);
  expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
}

const SUPPORTED: Record<string, string> = {
  'attributes of every literal kind': 'a = "x"\nb = 1.50\nc = -3\nd = 1e3\ne = true\nf = null\ng = 007\nh = 0.5e-2\ni = -0\n',
  'references and calls as ${…} text': 'a = var.x\nb = env("X")\nc = string\nd = list(string)\ne = map(object)\nf = env( "X" )\ng = lookup(var.m, "k", 3)\nh = git.short_sha\n',
  'templates keep references and escapes as hcl2json does': 'a = "x${var.a}y"\nb = "${var.a}"\nc = "${ var.a }-${git.sha}"\nd = "$${x} %%{y}"\ne = "q\\"\\\\\\n\\t\\r\\u00e9\\U0001F600"\nf = "${env("A")}"\ng = "a { b } c"\n',
  'lists and objects, nested, with trailing commas and line breaks': 'a = [1, "a", var.y, { k = 1 }, []]\nb = { "q" = 1, r: 2, s = [], t = {} }\nc = [\n  1,\n  2,\n]\nd = {\n  z = 1,\n  a = 2\n  m = { n = [var.x] }\n}\ne = {}\n',
  'heredocs, plain and flush': 'a = <<EOT\n  hello ${var.b}\n  $${x} \\n there\nEOT\nb = <<-EOT\n    in\n\n  \n      dented\n   ${var.x}\n    EOT\nc = <<EOT\nEOT\nd = <<-EOT\n\t a\n\t  b\n EOT\ne = [<<EOT\nx\nEOT\n]\n',
  'blocks: labels, repeats in order, nesting, single-line forms': 'blk "a" "b" {\n  x = 1\n}\nblk "a" "c" { x = 2 }\nblk "a" "b" { x = 3 }\nother {\n  y = 1\n  inner { z = 2 }\n  inner {}\n}\nlbl ident_label {}\nz = 1\n',
  'comments everywhere': '# top\nproject = "a" // trailing\n/* block */ app "w" { # after brace\n  build { use = "docker" } /* tail */\n  x = [ # in list\n    1, // one\n  ]\n}\n',
  'identifiers with dashes': 'my-attr = my-ref.with-dash\nblock-type "label-1" {\n  key-1 = { in-key = 1 }\n}\n',
  'Unicode identifiers (look-alikes are names too, for the hints to catch)': 'pr\u043eject = "x"\n\u0430pp "w" {\n  bu\u0456ld { us\u0435 = "noop" }\n}\n_x = { \u00e9t\u00e9 = 1 }\n',
};

const GIVES_UP: Record<string, string> = {
  arithmetic: 'a = 1 + 2\n',
  'unary on a reference': 'a = -var.x\n',
  conditional: 'a = var.x ? 1 : 2\n',
  'for expression': 'a = [for x in var.l : x]\n',
  'object for expression': 'a = { for k, v in var.m : k => v }\n',
  index: 'a = var.x[0]\n',
  splat: 'a = var.x.*.id\n',
  'parenthesised expression': 'a = (1)\n',
  'template directive': 'a = "%{ if true }x%{ endif }"\n',
  'template with a non-reference': 'a = "${1 + 2}"\nb = "${"lit"}"\n',
  'strip markers': 'a = "${~ var.x ~}"\n',
  'duplicate object keys': 'a = { k = 1, k = 2 }\n',
  'duplicate attribute': 'a = 1\na = 2\n',
  'attribute and block of one name': 'a = 1\na {}\n',
  'blocks with different label counts': 'b "x" {}\nb {}\n',
  'two items on one line': 'a = 1 b = 2\n',
  'object items without separator': 'a = { x = 1 y = 2 }\n',
  'list items without comma': 'a = [1 2]\n',
  'unterminated string': 'a = "abc\n',
  'string ending in an escaped quote': 'a = "abc\\"\n',
  'bad escape': 'a = "\\q"\n',
  'unterminated heredoc': 'a = <<EOT\nabc\n',
  'unclosed block': 'b {\n  a = 1\n',
  'stray closing brace': '}\n',
  'single-line block with a line break': 'b { a = 1\n}\n',
  'block header over two lines': 'b "x"\n{\n}\n',
  'two blocks on one line': 'b {} c {}\n',
  'missing value': 'a =\n',
  'big number': 'a = 12345678901234567890\n',
  'huge exponent': 'a = 1e999\n',
  'template label': 'b "${var.x}" {}\n',
  'keyword key': 'a = { null = 1 }\n',
  'call with an expression argument': 'a = f(1 + 2)\n',
};

describe('documentToJson: same JSON as hcl2json', () => {
  const files = [...hclFiles(join(ROOT, 'test/fixtures')), ...hclFiles(join(ROOT, 'examples'))];

  test.each(files.map((f) => [f.slice(ROOT.length + 1), f]))('%s', async (_, file) => {
    await expectSameAsHcl2json(readFileSync(file, 'utf8'));
  });

  test.each(Object.entries(SUPPORTED))('%s', async (_, source) => {
    await expectSameAsHcl2json(source);
  });
});

describe('documentToJson: leaves hcl2json to decide', () => {
  test.each(Object.entries(GIVES_UP))('%s', (_, source) => {
    expect(documentToJson(source)).toBeUndefined();
  });
});

/**
 * What a differential fuzzer (random documents, ours against hcl2json) found once: each must now give the
 * same JSON as hcl2json or give up — never differ, accept what HCL refuses, or throw.
 */
const FUZZ_FINDINGS: [string, string][] = [
  ["1a proto label: throws", "b \"constructor\" {}\n"],
  ["1b proto label: throws", "b \"__proto__\" {}\n"],
  ["1c proto label: pollutes Object.prototype, drops block", "b \"__proto__\" \"x\" {}\n"],
  ["1d proto label: pollutes Object (constructor)", "b \"constructor\" \"x\" {}\n"],
  ["2a NFC: quoted string", "a = \"e\u0301\"\n"],
  ["2b NFC: singleton decomposition", "a = \"\u2126\"\n"],
  ["2c NFC: heredoc", "a = <<EOF\ne\u0301\nEOF\n"],
  ["2d NFC: escapes", "a = \"\\u0065\\u0301\"\n"],
  ["2e NFC: quoted object key", "a = { \"e\u0301\" = 1 }\n"],
  ["2f NFC: keys that collide after NFC", "a = { \"e\u0301\" = 1, \"\u00e9\" = 2 }\n"],
  ["3a escaped ${ via \\u0024", "a = \"\\u0024{x}\"\n"],
  ["3b escaped %{ via \\u0025", "a = \"\\u0025{x}\"\n"],
  ["3c escaped ${ via \\u007B", "a = \"$\\u007B\"\n"],
  ["3d escaped %{ in object key", "a = { \"\\u0025{\" = 1 }\n"],
  ["4 %%{ in a block label", "b \"%%{x}\" {}\n"],
  ["5a key order: BMP-high vs astral (attributes)", "\uff21 = 1\n\ud801\udc00 = 2\n"],
  ["5b key order: object keys", "a = { \"\ue000\" = 1, \"\ud83d\ude00\" = 2 }\n"],
  ["5c key order: labels", "b \"\uffff\" {}\nb \"\ud800\udc00\" {}\n"],
  ["6a # comment inside ${}", "a = \"${var.x # c}\"\n"],
  ["6b // comment inside ${}", "a = \"${var.x // c}\"\n"],
  ["6c /* } */ inside ${}", "a = \"${var.x /* } */}\"\n"],
  ["6d /*}*/ spanning two strings", "a = [\"${x /*}\", \"*/}\"]\n"],
  ["6e # comment in heredoc ${}", "a = <<EOF\n${x # }\nEOF\n"],
  ["7a heredoc closing marker at EOF without newline", "a = <<EOF\nx\nEOF"],
  ["7b same, indented marker", "a = <<-EOF\n  x\n  EOF"],
  ["8a unterminated /* at EOF", "a = 1 /* c"],
  ["8b unterminated /* on its own line", "a = 1\n/*"],
  ["9a lone CR as whitespace", "a =\r1\n"],
  ["9b lone CR in list", "a = [\r]\n"],
  ["9c lone CR inside quoted string", "a = \"x\ry\"\n"],
  ["9d lone CR after block", "b {}\r"],
  ["10a flush heredoc: NBSP indent", "a = <<-EOF\n\u00a0x\nEOF\n"],
  ["10b flush heredoc: U+3000 indent", "a = <<-EOF\n\u3000x\nEOF\n"],
  ["10c flush heredoc: VT indent", "a = <<-EOF\n\u000bx\nEOF\n"],
  ["10d flush heredoc: U+2028 indent", "a = <<-EOF\n\u2028x\nEOF\n"],
  ["10e flush heredoc: U+0085-only line not blank for us", "a = <<-EOF\n  a\n\u0085\nEOF\n"],
  ["10f flush heredoc: U+FEFF-only line blank for us", "a = <<-EOF\n  a\n\ufeff\nEOF\n"],
  ["10g flush heredoc: combining mark after indent (grapheme)", "a = <<-EOF\n  \u0301x\n  y\nEOF\n"],
  ["10h flush heredoc: ZWJ after indent (grapheme)", "a = <<-EOF\n \u200dx\nEOF\n"],
  ["11 heredoc closing marker preceded by U+FEFF", "a = <<EOF\nx\n\ufeffEOF\n"],
  ["11b heredoc closing marker preceded by U+0085 (closes for HCL, not for us)", "a = <<EOF\nx\n\u0085EOF\nEOF\n"],
  ["12a identifier chars newer than HCL's Unicode tables (start)", "\u0870 = 1\n"],
  ["12b identifier chars newer than HCL's Unicode tables (continue: ZWJ)", "a\u200db = 1\n"],
  ["12c identifier chars newer than HCL's tables (CJK ext)", "\u4db6 = 1\n"],
  ["13a `for` as first object key", "a = { for = 1 }\n"],
  ["13b `for` as first list element", "a = [for]\n"],
  ["13c `for` first key after newline", "a = {\n  for = 1\n}\n"],
];

describe('documentToJson: the fuzzer\'s findings agree with hcl2json or step aside', () => {
  test.each(FUZZ_FINDINGS)('%s', async (_, source) => {
    const ours = documentToJson(source);
    if (ours === undefined) return;
    const theirs = await hcl2json('t.hcl', source).catch((err: unknown) => err);
    expect(theirs, 'hcl2json refuses what we accepted').not.toBeInstanceOf(Error);
    expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
  });

  test('labels named like Object.prototype members are plain labels, and nothing leaks into other objects', async () => {
    for (const label of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) await expectSameAsHcl2json(`b "${label}" {}\nc "${label}" "x" {\n  a = 1\n}\nd = { ${label} = 1 }\n`);
    expect(documentToJson('b "__proto__" "web" {}\n')).toBeUndefined();
    expect(({} as Record<string, unknown>).web).toBeUndefined();
    await expectSameAsHcl2json('app "web" {\n  port = 1\n}\n');
  });

  test('a <<- heredoc of 200 000 lines is read without spreading its lines into arguments', () => {
    // (hcl2json takes minutes over this one; the answer is plain.)
    expect(documentToJson(`a = <<-EOT\n${'  x\n'.repeat(200_000)}  EOT\n`)).toEqual({ a: 'x\n'.repeat(200_000) });
  });
});
