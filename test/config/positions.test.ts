/** The position index: paths to line:col through strings, heredocs, comments and nesting. */
import { describe, expect, test } from 'vitest';
import { PositionIndex } from '../../src/config/positions.js';

const SOURCE = [
  '# comment with { braces and "quotes',
  'project = "a { b" // trailing { comment',
  '/* block comment',
  '   app "ghost" { } */',
  'app "web" {',
  '  labels = { team = "x", "odd key" = 1 }',
  '  build {',
  '    use  = "docker"',
  '    tag  = "${var.tag}-${lookup({ a = "}" }, "a")}"',
  '    note = <<-EOF',
  '      not = "an attribute" {',
  '    EOF',
  '    ports = [',
  '      "8080:80",',
  '      [1, 2],',
  '      { x = 1 },',
  '    ]',
  '    healthcheck { path = "/" }',
  '  }',
  '  deploy {',
  '    use "docker" {',
  '      env = { A = "1" }',
  '    }',
  '  }',
  '}',
].join('\n');

describe('PositionIndex', () => {
  const index = PositionIndex.build(SOURCE);
  const at = (...path: (string | number)[]) => {
    const found = index.find(path);
    return found ? `${found.line}:${found.col} ${found.kind}` : undefined;
  };

  test.each([
    [['project'], '2:1 attribute'],
    [['app'], '5:1 block'],
    [['app', 'web'], '5:1 block'],
    [['app', 'web', 'labels'], '6:3 attribute'],
    [['app', 'web', 'labels', 'team'], '6:14 key'],
    [['app', 'web', 'labels', 'odd key'], '6:26 key'],
    [['app', 'web', 'build'], '7:3 block'],
    [['app', 'web', 'build', 'tag'], '9:5 attribute'],
    [['app', 'web', 'build', 'note'], '10:5 attribute'],
    [['app', 'web', 'build', 'ports'], '13:5 attribute'],
    [['app', 'web', 'build', 'ports', 0], '14:7 element'],
    [['app', 'web', 'build', 'ports', 1], '15:7 element'],
    [['app', 'web', 'build', 'ports', 2], '16:7 element'],
    [['app', 'web', 'build', 'ports', 2, 'x'], '16:9 key'],
    [['app', 'web', 'build', 'healthcheck'], '18:5 block'],
    [['app', 'web', 'build', 'healthcheck', 'path'], '18:19 attribute'],
    [['app', 'web', 'deploy', 'use', 'docker'], '21:5 block'],
    [['app', 'web', 'deploy', 'use', 'docker', 'env', 'A'], '22:15 key'],
  ])('%j → %s', (path, expected) => {
    expect(at(...path)).toBe(expected);
  });

  test('nothing inside comments, strings or heredocs is indexed', () => {
    expect(index.find(['app', 'ghost'])).toBeUndefined();
    expect(index.find(['app', 'web', 'build', 'not'])).toBeUndefined();
    expect(index.find(['app', 'web', 'build', 'a'])).toBeUndefined();
  });

  test('nearest falls back to the closest enclosing element', () => {
    expect(index.nearest(['app', 'web', 'build', 'healthcheck', 'interval'])).toEqual({ line: 18, col: 5 });
    expect(index.nearest(['nothing', 'here'])).toEqual({ line: 1, col: 1 });
  });

  test('repeated blocks are all kept, in order', () => {
    const repeated = PositionIndex.build('app "a" {\n}\n\napp "a" {\n}\n');
    expect(repeated.occurrences(['app', 'a']).map((l) => l.line)).toEqual([1, 4]);
  });

  test('1000 apps index quickly (the loader\'s budget is 1 s for 1000 apps)', () => {
    const app = (i: number) => `app "a${i}" {\n  build {\n    use = "docker"\n    tag = "\${var.t}"\n    build_args = { A = "1" }\n  }\n}\n`;
    const big = Array.from({ length: 1000 }, (_, i) => app(i)).join('');
    const started = performance.now();
    const large = PositionIndex.build(big);
    expect(performance.now() - started).toBeLessThan(250);
    expect(large.find(['app', 'a999', 'build', 'build_args', 'A'])).toMatchObject({ line: 999 * 7 + 5 });
  });
});
