import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { SinkLogger, neutraliseCommands } from '../../src/log/logger.js';

describe('Redactor', () => {
  it('masks a secret whole and each of its lines, metacharacters included', () => {
    const r = new Redactor();
    r.add('first-line$(rm -rf)\nsecond.*[line]\r\nthird|x');
    const text = 'a first-line$(rm -rf) b second.*[line] c third|x d';
    expect(r.redact(text)).toBe('a *** b *** c *** d');
    expect(r.redact('first-line$(rm -rf)\nsecond.*[line]\r\nthird|x')).not.toMatch(/line|third/);
  });

  it('masks the longer of two overlapping secrets whole', () => {
    const r = new Redactor();
    r.add('abc');
    r.add('abcdef');
    expect(r.redact('xabcdefx abc')).toBe('x***x ***');
  });

  it('masks secrets that overlap without one holding the other, leaving no part of either', () => {
    const r = new Redactor();
    r.add('XAB1');
    r.add('B1CDE');
    expect(r.redact('pre XAB1CDE post')).toBe('pre *** post');
    expect(r.redact('B1CDEXAB1')).toBe('******'); // side by side: a mask each, as the runner shows them
  });

  it('masks secrets past what one regular expression may hold: a 100 KB value, thousands of values, the longest whole', () => {
    const r = new Redactor();
    const big = `-----BEGIN KEY-----${'Zq9+/'.repeat(20_000)}-----END KEY-----`; // one line, 100 KB
    const many = Array.from({ length: 3000 }, (_, i) => `tok-${i}-${'x'.repeat(20)}`);
    r.add(big);
    for (const t of many) r.add(t);
    r.add('KEY-----'); // inside the big one: masked with it, not cut out of it
    const text = `a ${big} b ${many[0]} c ${many[2999]} d ${many[1500]} KEY----- e`;
    expect(r.redact(text)).toBe('a *** b *** c *** d *** *** e');
  });

  it('ignores fragments too short to be secrets, and empty values', () => {
    const r = new Redactor();
    r.add('');
    r.add(undefined);
    r.add('ab\nlong-enough');
    expect(r.size).toBe(4); // the value, JSON-escaped, URL-encoded, and its one long-enough line
    expect(r.redact('ab long-enough')).toBe('ab ***');
  });

  it('tells listeners about secrets added before and after they subscribed', () => {
    const r = new Redactor();
    r.add('before-secret');
    const seen: string[] = [];
    r.onSecret((v) => seen.push(v));
    r.add('after\nsecret');
    expect(seen).toEqual(['before-secret', 'after\nsecret', 'after\\nsecret', 'after%0Asecret', 'after', 'secret']);
  });

  it.each([
    ['JSON-escaped (a value passed as JSON)', 'pa"ss\\wörd\tx', (v: string) => JSON.stringify({ k: v })],
    ['URL-encoded', 'p@ss w/rd&x', (v: string) => `https://host/?token=${encodeURIComponent(v)}`],
    ['with invisible characters spelt out (UserError.format)', 'zero\u200bwidth', (v: string) => new UserError(`bad ${v}`).format()],
    ['line by line, trimmed (error paths quote trimmed lines)', '  key: indented-canary  \n    second: line-canary', (v: string) => v.split('\n').map((l) => l.trim()).join(' | ')],
    ['ending in a lone carriage return', 'cr-canary\r', (v: string) => `x ${v.trimEnd()} y`],
  ])('masks a secret %s', (_how, secret, rewrite) => {
    const r = new Redactor();
    r.add(secret);
    const printed = rewrite(secret);
    expect(r.redact(printed)).not.toMatch(/pa.{0,3}ss|wörd|p%40ss|zero|canary/);
  });

  it('registers the strings inside a structured secret, but not its keys, nested numbers or short names', () => {
    const r = new Redactor();
    r.addValue({ username: 'svc', password: 'nested-canary', port: 5432, hosts: ['db-1.internal', { alt: 'db-2.internal' }] });
    expect(r.redact('password=nested-canary user svc port 5432 on db-1.internal, db-2.internal')).toBe('password=*** user svc port 5432 on ***, ***');
    r.addValue(42424242);
    expect(r.redact('n=42424242')).toBe('n=***');
  });

  it('registers a short string under a key that names a secret, in maps and in lists under such a key', () => {
    const r = new Redactor();
    r.addValue({ DB_USER: 'svc', DB_PASS: 'Hunt3r!', db: { user: 'app', password: 'CNRYv7!' }, api_keys: ['k-123', 'k-456'] });
    expect(r.redact('svc app Hunt3r! CNRYv7! k-123 k-456')).toBe('svc app *** *** *** ***');
  });

  it('redacts keys and values deep inside JSON-like values', () => {
    const r = new Redactor();
    r.add('s3cr3t');
    expect(r.redactValue({ a: ['x s3cr3t'], s3cr3t: { n: 1, b: true, z: null } })).toEqual({ a: ['x ***'], '***': { n: 1, b: true, z: null } });
  });
});

describe('logger', () => {
  it('redacts, and breaks workflow commands at the start of any line', () => {
    const r = new Redactor();
    r.add('tok-123456');
    const lines: string[] = [];
    const log = new SinkLogger({ write: (_l, line) => void lines.push(line) }, r, 'info');
    log.info('::set-output name=x::tok-123456\n  ::add-mask::y');
    log.debug('hidden at info level');
    expect(lines).toEqual(['\u003a\u200b:set-output name=x::***\n  :\u200b:add-mask::y']);
    expect(neutraliseCommands('a::b')).toBe('a::b');
    // The runner also ends a line at a lone \r (a progress bar's): a command after one is broken too.
    expect(neutraliseCommands('50%\r::warning::x')).toBe('50%\r:\u200b:warning::x');
    expect(neutraliseCommands('a\r\n ::error::x')).toBe('a\r\n :\u200b:error::x');
  });

  it('prefixes every line of a child logger', () => {
    const lines: string[] = [];
    const log = new SinkLogger({ write: (_l, line) => void lines.push(line) }, new Redactor(), 'info').child('[web]');
    log.warn('one\ntwo');
    expect(lines).toEqual(['[web] one\n[web] two']);
  });
});
