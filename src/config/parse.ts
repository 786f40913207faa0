/** HCL text → hcl2json's JSON document; its syntax errors become positioned ConfigErrors. */
import { parse } from '@cdktf/hcl2json';
import { ConfigError } from '../errors.js';
import type { PositionIndex } from './positions.js';

export type Body = Record<string, unknown>;

/** Editors on Windows save a BOM and CRLF; HCL would keep `\r` inside heredocs. */
export function normalizeSource(source: string): string {
  return source.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * hcl2json reports the first diagnostic as `parse config: [FILE:L,C-…: Summary; Detail, and N other
 * diagnostic(s)]` (Go's hcl.Diagnostics.Error()), and label-count clashes as `Unable to convert Block
 * to JSON: a.b.c`.
 */
export function toConfigError(file: string, err: unknown, index: PositionIndex): ConfigError {
  const text = err instanceof Error ? err.message : String(err);
  const diag = new RegExp(`${escapeRegExp(file)}:(\\d+),(\\d+)(?:-\\d+(?:,\\d+)?)?: ([^;]*); ([\\s\\S]*?)(?:, and (\\d+) other diagnostic\\(s\\))?\\]?$`).exec(text);
  if (diag) {
    const [, line, col, summary, detail, more] = diag;
    const hint = more ? `${more} more syntax problem(s) may follow; fix this one first` : undefined;
    return new ConfigError(`${summary}: ${detail}`, { file, line: Number(line), col: Number(col) }, hint);
  }
  const labels = /Unable to convert Block to JSON: (\S+)/.exec(text);
  if (labels) {
    const path = labels[1]!.split('.');
    return new ConfigError(
      `"${path[0]}" blocks have different numbers of labels`,
      { file, ...index.nearest(path) },
      path[0] === 'app' ? 'every app block takes exactly one name: app "web" { … }' : `give every "${path[0]}" block the same labels`,
    );
  }
  return new ConfigError(`cannot read the configuration: ${text.replace(/^Error: /, '')}`, { file, line: 1, col: 1 });
}

export async function parseHcl(file: string, source: string, index: PositionIndex): Promise<Body | ConfigError> {
  try {
    const body: unknown = await parse(file, source);
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Body) : {};
  } catch (err) {
    return toConfigError(file, err, index);
  }
}
