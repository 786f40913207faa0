/** The action's inputs: `image` and `artifacts` apply only where the CLI takes --image/--artifacts. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getInputs, maskLines } from '../../src/action/inputs.js';
import { UserError } from '../../src/errors.js';
import { parseCliArgs } from '../../src/cli/args.js';

const ARTIFACTS = JSON.stringify({ web: { id: 'x', image: 'ghcr.io/acme/web', tag: 't1', imageId: null, labels: {}, ports: [], builder: 'docker' } });

/** Sets inputs the way the runner does (INPUT_<NAME> env vars) and reads them. */
function inputs(values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) vi.stubEnv(`INPUT_${name.toUpperCase()}`, value);
  return getInputs();
}

describe('getInputs: image and artifacts', () => {
  afterEach(() => vi.unstubAllEnvs());

  for (const command of ['up', 'build', 'destroy', 'status', 'validate']) {
    it(`refuses input "image" with command ${command}`, () => {
      let err: unknown;
      try {
        inputs({ command, image: 'ghcr.io/acme/web:1.4' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      if (!(err instanceof UserError)) return;
      expect(err.message).toBe(`input "image" does not apply to command "${command}"`);
      expect(err.hint).toMatch(/deploy, plan/);
    });

    it(`refuses input "artifacts" with command ${command}`, () => {
      expect(() => inputs({ command, artifacts: ARTIFACTS })).toThrow(`input "artifacts" does not apply to command "${command}"`);
    });
  }

  it('refuses them with the default command (up)', () => {
    expect(() => inputs({ image: 'ghcr.io/acme/web:1.4' })).toThrow('input "image" does not apply to command "up"');
  });

  it('accepts them with deploy and plan', () => {
    for (const command of ['deploy', 'plan']) {
      expect(inputs({ command, image: 'ghcr.io/acme/web:1.4' })).toMatchObject({ command, image: 'ghcr.io/acme/web:1.4', artifacts: '' });
      vi.unstubAllEnvs();
      expect(inputs({ command, artifacts: ARTIFACTS })).toMatchObject({ command, image: '', artifacts: ARTIFACTS });
      vi.unstubAllEnvs();
    }
  });
});

describe('getInputs: list inputs', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('app: comma or newline separated, blank lines and # comments dropped', () => {
    expect(inputs({ app: '# only these two\nweb, api\n\n  # not worker\n  admin ' }).apps).toEqual(['web', 'api', 'admin']);
  });

  it('app: empty or unset means every app', () => {
    expect(inputs({}).apps).toEqual([]);
    expect(inputs({ app: '' }).apps).toEqual([]);
    expect(inputs({ app: ' \n ' }).apps).toEqual([]);
  });

  // As `cs --app ""` is refused: an app input that says something yet names no app must not mean every app.
  for (const app of [' , ', '\n,\n', ',,', ',\r\n,', '# web\n# api']) {
    it(`app: ${JSON.stringify(app)} names no app, and is refused rather than run on every app`, () => {
      let err: unknown;
      try {
        inputs({ command: 'destroy', app });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      if (!(err instanceof UserError)) return;
      expect(err.message).toBe('input "app" names no app');
      expect(err.hint).toBe('list app names separated by commas or newlines, or leave app empty for every app');
    });
  }

  it('variables: one name=value per line, blank lines and # comments dropped, indentation before the name cut', () => {
    expect(inputs({ variables: '# tags\ntag=1.4\n\n  url=https://a/b?c=d\n\t \n' }).variables).toEqual({ tag: '1.4', url: 'https://a/b?c=d' });
  });

  it('variables: the value is kept exactly as written after the first "=", as `cs --var` keeps it', () => {
    const lines = ['tag=  spaced  ', '  lead= x', 'trail=x\t ', 'eq= a=b ', 'empty='];
    expect(inputs({ variables: lines.join('\n') }).variables).toEqual({ tag: '  spaced  ', lead: ' x', trail: 'x\t ', eq: ' a=b ', empty: '' });
    expect(inputs({ variables: lines.join('\n') }).variables).toEqual(parseCliArgs(['validate', ...lines.map((l) => `--var=${l.trimStart()}`)]).vars);
  });

  it('variables: a CRLF line ending is not part of the value, and lines are still numbered as written', () => {
    expect(inputs({ variables: 'tag=  spaced  \r\n\r\nurl=x\r\n' }).variables).toEqual({ tag: '  spaced  ', url: 'x' });
    expect(() => inputs({ variables: 'tag=1\r\n\r\nbad\r\n' })).toThrow(/^variables input line 3 is not name=value$/);
  });

  it('concurrency: digits only, and the error names the input', () => {
    expect(inputs({ concurrency: ' 3 ' }).concurrency).toBe(3);
    for (const bad of ['0x10', '1e1', '2.0', '0']) expect(() => inputs({ concurrency: bad })).toThrow(`input "concurrency" must be a whole number from 1 to 64, not "${bad}"`);
  });

  it('variables: a bad entry is named by its line in the input, and never quoted', () => {
    expect(() => inputs({ variables: '\n# tags\ntag=1.4\n-----BEGIN KEY-----\n' })).toThrow(/^variables input line 4 is not name=value$/);
  });
});

describe('maskLines', () => {
  it('masks the whole secret and each line, but not a line too short to be anything but syntax', () => {
    const masked: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (masked.push(String(chunk)), true));
    try {
      maskLines('{\n  "k": "value-1"\n}');
      maskLines('ab');
    } finally {
      write.mockRestore();
    }
    expect(masked.join('').trim().split('\n')).toEqual(['::add-mask::{%0A  "k": "value-1"%0A}', '::add-mask::  "k": "value-1"', '::add-mask::ab']);
  });
});
