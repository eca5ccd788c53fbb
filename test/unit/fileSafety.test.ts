// Reading and writing files safely (issue 12): hostile globs, devices and FIFOs where a file is
// expected, size limits, symbolic links, encodings, and atomic tailoring-record writes. What used
// to hang runs in a child process with a deadline (test/support/child.ts).
import { strict as assert } from 'node:assert';
import { compileGlob, globProblem, isPathIncluded, parseConfig, RULES } from '../../server/src/engine';
import { compiled, inChild } from '../support/child';

const KNOWN_RULES = RULES.map((rule) => rule.name);

describe('file safety: globs', function () {
  this.timeout(30000);

  it('matches a 41-character glob of stars in bounded time (it backtracked for minutes)', () => {
    const glob = `${'a*'.repeat(20)}b`;
    const result = inChild<boolean[]>(
      5000,
      'matching a*a*…b',
      `const { parseConfig, isPathIncluded } = require(${JSON.stringify(compiled('server/src/engine'))});
       const { config } = parseConfig(${JSON.stringify(`include: ["${glob}"]\n`)}, []);
       print([isPathIncluded(config, 'docs/' + 'a'.repeat(60)), isPathIncluded(config, 'docs/' + 'a'.repeat(60) + 'b')]);`,
    );
    assert.deepEqual(result, [false, true]);
  });

  it('matches many ** names in bounded time', () => {
    const glob = `${'**/'.repeat(14)}x`;
    const result = inChild<boolean[]>(
      5000,
      'matching **/**/…/x',
      `const { parseConfig, isPathIncluded } = require(${JSON.stringify(compiled('server/src/engine'))});
       const { config } = parseConfig(${JSON.stringify(`exclude: ["${glob}"]\n`)}, []);
       print([isPathIncluded(config, 'a/'.repeat(40) + 'y'), isPathIncluded(config, 'a/'.repeat(40) + 'x')]);`,
    );
    assert.deepEqual(result, [true, false]);
  });

  it('refuses 20,000 nested braces with a problem instead of overflowing the stack', () => {
    const glob = `${'{'.repeat(20000)}a${'}'.repeat(20000)}`;
    const result = inChild<{ problems: string[]; included: boolean }>(
      10000,
      'parsing 20,000 nested braces',
      `const { parseConfig, isPathIncluded } = require(${JSON.stringify(compiled('server/src/engine'))});
       const { config, problems } = parseConfig(${JSON.stringify(`exclude: ["${glob}"]\n`)}, []);
       print({ problems: problems.map((p) => p.message), included: isPathIncluded({ ...config, exclude: [${JSON.stringify(glob)}] }, 'a') });`,
    );
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0], /is not used: the glob is 40001 characters long; the limit is 1024\./);
    assert.equal(result.included, true, 'an unusable glob matches nothing');
  });

  it('reports braces nested too deep or standing for too many alternatives, at the glob', () => {
    const deep = `${'{'.repeat(20)}a${'}'.repeat(20)}`;
    const many = '{a,b}'.repeat(10);
    assert.match(globProblem(deep)!, /nested more than 16 deep/);
    assert.match(globProblem(many)!, /more than 256 alternatives/);
    assert.equal(globProblem('{docs,security/{arch,threats}}/*.md'), null);
    const { config, problems } = parseConfig(`include:\n  - "${many}"\n  - docs\n`, KNOWN_RULES);
    assert.deepEqual(config.include, ['docs']);
    assert.deepEqual(problems.map((p) => [p.range.start.line, p.message.replace(/:.*/, '')]), [[1, `'${many}' is not used`]]);
  });

  it('keeps the glob language: ** names, * and ? in a name, braces, literal characters', () => {
    const matches = (glob: string, file: string) => compileGlob(glob).test(file);
    assert.ok(matches('**/drafts/**', 'drafts/a.md'));
    assert.ok(matches('a{b{c}', 'a{bc'), 'an unmatched { is literal, a later one still opens a group');
    assert.ok(matches('docs/[x].md', 'docs/[x].md'));
    assert.ok(matches('*a*', 'bab'));
    assert.ok(!matches('*a*b', 'bab/b'));
    assert.ok(matches('x/*a*b', 'x/abab'));
    assert.ok(matches('docs/**.md', 'docs/x.md'), '** inside a name is a *');
    assert.ok(!matches('docs/**.md', 'docs/x/y.md'));
    assert.ok(isPathIncluded({ ...parseConfig('', KNOWN_RULES).config, include: ['security'] }, 'security/x/a.yaml'));
  });
});
