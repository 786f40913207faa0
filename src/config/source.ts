/**
 * Config and var file bytes → text. Files that cannot be HCL or JSON text — too big, UTF-16, binary, not
 * UTF-8 — are refused with the place of the first offending byte, before any parser sees them.
 */
import { join } from 'node:path';
import { ConfigError, type SourcePos } from '../errors.js';

/** Real configs are a few kilobytes; megabytes mean the wrong file, and would take seconds to parse. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

function posAt(file: string, bytes: Buffer, offset: number): SourcePos {
  const before = bytes.subarray(0, offset);
  const lineStart = before.lastIndexOf(0x0a) + 1;
  const col = [...before.subarray(lineStart).toString('utf8')].length + 1;
  let line = 1;
  for (let i = before.indexOf(0x0a); i >= 0; i = before.indexOf(0x0a, i + 1)) line++;
  return { file, line, col };
}

/** The text, or why these bytes are not a text file cs can read. */
export function decodeSource(file: string, bytes: Buffer): string | ConfigError {
  const top = { file, line: 1, col: 1 };
  if (bytes.length > MAX_SOURCE_BYTES) {
    const size = (n: number) => n.toLocaleString('en-US');
    return new ConfigError(`${file} is ${size(bytes.length)} bytes; cs reads config files up to 1 MB (${size(MAX_SOURCE_BYTES)} bytes)`, top, 'is this the right file? Large values belong in the environment or in files the build reads');
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return new ConfigError(`${file} is UTF-16; save it as UTF-8`, top, 'PowerShell `>` and some Windows editors write UTF-16: use Out-File -Encoding utf8, or "Save with encoding: UTF-8"');
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) return new ConfigError(`${file} contains a NUL byte, so it is not a text file`, posAt(file, bytes, nul), 'point at the HCL (or JSON) file itself');
  const text = bytes.toString('utf8');
  // Decoding replaces each invalid sequence with U+FFFD: the first byte that does not round-trip is the culprit.
  const again = Buffer.from(text, 'utf8');
  if (!again.equals(bytes)) {
    let i = 0;
    while (i < bytes.length && bytes[i] === again[i]) i++;
    const byte = `0x${bytes[i]!.toString(16).padStart(2, '0')}`;
    return new ConfigError(`${file} is not valid UTF-8 (byte ${byte})`, posAt(file, bytes, i), 'save the file as UTF-8; a byte like this usually comes from a Latin-1 or Windows-1252 editor');
  }
  return text;
}

export interface ReadFailure {
  message: string;
  hint: string;
}

/**
 * Why a config or var file could not be read, with the fix: errno codes (EISDIR, EACCES) in the user's
 * words. `notFound` is the hint for a path that names nothing.
 */
export function readFailure(kind: 'config file' | 'var file', file: string, err: unknown, notFound: string): ReadFailure {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return { message: `${kind} not found: ${file}`, hint: notFound };
    case 'ENOTDIR':
      return { message: `${kind} not found: ${file} (a part of the path is a file, not a directory)`, hint: notFound };
    case 'EISDIR':
      return {
        message: `${kind} ${file} is a directory`,
        hint: kind === 'config file' ? `pass the config file itself, e.g. ${join(file, 'cloudstation.hcl')}` : `pass the var file itself (an .hcl or .json file), e.g. ${join(file, 'production.hcl')}`,
      };
    case 'EACCES':
    case 'EPERM':
      return { message: `${kind} ${file} is not readable (permission denied)`, hint: "check the file's permissions" };
    default:
      return { message: `cannot read ${kind} ${file}: ${err instanceof Error ? err.message : String(err)}`, hint: `check that ${file} is a file cs can read` };
  }
}
