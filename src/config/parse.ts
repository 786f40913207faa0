/** HCL text → hcl2json's JSON document; its syntax errors become positioned ConfigErrors. */
import { ConfigError } from '../errors.js';
import { documentToJson } from './document.js';
import { PositionIndex } from './positions.js';
import { tokenize, type Token } from './tokens.js';
import { escapeRegExp } from '../util/regexp.js';

export type Body = Record<string, unknown>;

/** Editors on Windows save a BOM and CRLF; HCL would keep `\r` inside heredocs. */
export function normalizeSource(source: string): string {
  return source.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
}

/**
 * hcl2json reports syntax errors as `parse config: [FILE:L,C-L,C: Summary; Detail FILE:…]` (all of
 * HCL's diagnostics, space-separated, in no particular order), and label-count clashes as
 * `Unable to convert Block to JSON: a.b.c`.
 */
function toConfigError(file: string, err: unknown, index: PositionIndex, source: string): ConfigError {
  const text = (err instanceof Error ? err.message : String(err)).replace(/^Error: /, '');
  const range = `${escapeRegExp(file)}:(\\d+),(\\d+)(?:-\\d+(?:,\\d+)?)?: `;
  const list = /^parse config: \[([\s\S]*)\]$/.exec(text)?.[1];
  if (list) {
    // split() would splice captured groups into its result: split on a capture-free copy.
    const boundary = new RegExp(` (?=${range.replaceAll('(\\d+)', '\\d+')})`);
    const errors = list.split(boundary).flatMap((diag) => {
      const m = new RegExp(`^${range}([^;]*); ([\\s\\S]*)$`).exec(diag);
      return m ? [new ConfigError(`${m[3]}: ${m[4]}`, { file, line: Number(m[1]), col: Number(m[2]) })] : [];
    });
    // The earliest is the cause; the rest usually cascade from it (one unclosed quote → a dozen).
    const [first] = errors.sort((a, b) => a.pos!.line - b.pos!.line || a.pos!.col - b.pos!.col);
    if (first) {
      const more = errors.length - 1;
      const { pos, hint } = syntaxFix(first, source);
      const cascade = more ? `HCL reports ${more} more problem(s) after this one; they often follow from it` : undefined;
      return new ConfigError(first.message, pos, [hint, cascade].filter(Boolean).join('; ') || undefined);
    }
  }
  const labels = /Unable to convert Block to JSON: (\S+)/.exec(text);
  if (labels) {
    const path = labels[1]!.split('.');
    const hint = path[0] === 'app' ? 'every app block takes exactly one name: app "web" { … }' : `give every "${path[0]}" block the same labels`;
    return new ConfigError(`"${path[0]}" blocks have different numbers of labels`, { file, ...index.nearest(path.slice(0, 1)) }, hint);
  }
  return new ConfigError(`cannot read the configuration: ${text}`, { file, line: 1, col: 1 });
}

/** HEREDOC openers, `<<EOT` or `<<-EOT`. */
const HEREDOC = /<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*$/gm;

/**
 * Where HCL's syntax errors are fixed, when its own text does not say: an unterminated heredoc is reported
 * at the end of the file, but the fix is at its opener.
 */
function syntaxFix(error: ConfigError, source: string): { pos: ConfigError['pos']; hint?: string } {
  const summary = error.message.split(':')[0];
  if (summary === 'Unterminated template string') {
    for (const m of source.matchAll(HEREDOC)) {
      const rest = source.slice(m.index + m[0].length).split('\n').slice(1);
      if (rest.some((line) => line.trim() === m[1])) continue;
      const before = source.slice(0, m.index).split('\n');
      return { pos: { ...error.pos!, line: before.length, col: before.at(-1)!.length + 1 }, hint: `end the heredoc with a line holding only ${m[1]}` };
    }
  }
  if (summary === 'Unclosed configuration block') return { pos: error.pos, hint: 'add the } that closes this block (or the one inside it that is missing its })' };
  if (summary === 'Invalid character' && /\r(?!\n)/.test(source)) return { pos: error.pos, hint: 'the file ends lines with a lone carriage return (\\r): save it with LF or CRLF line endings' };
  return { pos: error.pos };
}

/** hcl2json, loaded on first use: it starts a Go wasm runtime (~0.6 s, ~100 MB) that most configs never need. */
export async function hcl2json(file: string, source: string): Promise<Record<string, unknown>> {
  const { parse } = await import('@cdktf/hcl2json');
  return parse(file, source);
}

/** The document as hcl2json shapes it: our parser where it can, hcl2json (and its syntax errors) otherwise. */
export async function hclToJson(file: string, source: string, tokens?: Token[]): Promise<Record<string, unknown>> {
  const ours = documentToJson(source, tokens);
  return ours ?? hcl2json(file, source);
}

/** The source's position index and its document, or the syntax error; the source is tokenized once. */
export async function parseDocument(file: string, source: string): Promise<{ index: PositionIndex; body: Body | ConfigError }> {
  const tokens = tokenize(source);
  const index = PositionIndex.build(source, tokens);
  try {
    const body: unknown = await hclToJson(file, source, tokens);
    return { index, body: body && typeof body === 'object' && !Array.isArray(body) ? (body as Body) : {} };
  } catch (err) {
    return { index, body: toConfigError(file, err, index, source) };
  }
}
