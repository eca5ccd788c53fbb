import { strict as assert } from 'node:assert';
import { isJUnitXml, readJUnit, xmlRootElement } from '../../../server/src/engine/evidence/junit';
import { TestResultIndex } from '../../../server/src/engine/evidence/testResults';
import { mochaJUnitXml } from '../../support/realTools';

describe('JUnit XML reader', () => {
  describe('on what mocha\'s xunit reporter writes (run now, on test/fixtures/junit-mocha)', () => {
    it('reads the passing and the failing test with their suite, file, time and timestamp', () => {
      const xml = mochaJUnitXml();
      assert.ok(isJUnitXml(xml));
      const report = readJUnit(xml);
      assert.deepEqual(report.problems, []);
      assert.deepEqual(
        report.cases.map((c) => [c.name, c.classname, c.outcome, c.file]),
        [
          ['VT-010 (SR-001) rejects an update package whose signature does not verify', 'InfuSync gateway security verification', 'passed', 'test/fixtures/junit-mocha/verification.spec.js'],
          ['VT-011 (SR-002) forces the administrator to replace the factory credentials', 'InfuSync gateway security verification', 'failed', 'test/fixtures/junit-mocha/verification.spec.js'],
        ],
      );
      const failed = report.cases[1];
      assert.equal(failed.message, 'the factory password was still accepted after first start');
      assert.equal(typeof failed.time, 'number');
      assert.ok(failed.timestamp && !Number.isNaN(Date.parse(failed.timestamp)), `a timestamp: ${failed.timestamp}`);
      assert.deepEqual(failed.suites, ['Mocha Tests']);
      // The case's offsets are its element in the text.
      assert.match(xml.slice(failed.start, failed.end), /^<testcase [^>]*name="VT-011 [\s\S]*<\/testcase>$/);
    });

    it('resolves requirement ids named in the test titles to pass and fail', () => {
      const index = new TestResultIndex([{ uri: 'file:///ws/junit.xml', cases: readJUnit(mochaJUnitXml()).cases }]);
      assert.equal(index.resultFor('SR-001').verdict, 'passed');
      assert.equal(index.resultFor('VT-010').verdict, 'passed');
      assert.equal(index.resultFor('SR-002').verdict, 'failed');
      assert.equal(index.resultFor('VT-011').verdict, 'failed');
      assert.equal(index.resultFor('SR-003').verdict, 'no-result');
      assert.equal(index.resultFor('sr-002').verdict, 'failed', 'ids compare without regard to case');
    });
  });

  describe('JUnit flavours', () => {
    const surefire = `<?xml version="1.0" encoding="UTF-8"?>
<!-- written by Maven Surefire -->
<testsuite name="com.acme.AuthTest" tests="4" failures="1" errors="1" skipped="1" time="0.5" timestamp="2026-11-30T10:00:00">
  <properties><property name="java.version" value="21"/><property name="verifies" value="SR-100"/></properties>
  <testcase name="lockout" classname="com.acme.AuthTest" time="0.1"><failure message="expected 5 but was 6" type="AssertionError">stack</failure></testcase>
  <testcase name="crash" classname="com.acme.AuthTest" time="0.1"><error message="NullPointerException"/></testcase>
  <testcase name="later" classname="com.acme.AuthTest" time="0"><skipped/></testcase>
  <testcase name="ok" classname="com.acme.AuthTest" time="0.3">
    <properties><property name="verifies" value="SR-200, SR-201"/></properties>
  </testcase>
</testsuite>`;

    it('reads failure, error and skipped, and properties of the suite and the case', () => {
      const { cases, problems } = readJUnit(surefire);
      assert.deepEqual(problems, []);
      assert.deepEqual(cases.map((c) => [c.name, c.outcome, c.message]), [
        ['lockout', 'failed', 'expected 5 but was 6'],
        ['crash', 'errored', 'NullPointerException'],
        ['later', 'skipped', undefined],
        ['ok', 'passed', undefined],
      ]);
      assert.deepEqual(cases[3].verifies, ['SR-100', 'SR-200', 'SR-201']);
      assert.equal(cases[0].timestamp, '2026-11-30T10:00:00');
    });

    it('a verifies property links a test whose name does not carry the id; a failure anywhere fails it', () => {
      const index = new TestResultIndex([{ uri: 'file:///ws/TEST-auth.xml', cases: readJUnit(surefire).cases }]);
      const sr200 = index.resultFor('SR-200');
      assert.equal(sr200.verdict, 'passed');
      assert.deepEqual(sr200.matches.map((m) => [m.testCase.name, m.by]), [['ok', 'verifies']]);
      // SR-100 is the suite's: every case of it counts, and two of them failed.
      assert.equal(index.resultFor('SR-100').verdict, 'failed');
      assert.deepEqual(index.resultFor('SR-100').matches.map((m) => m.testCase.outcome), ['failed', 'errored', 'passed', 'skipped']);
    });

    it('reads <testsuites> with nested suites (Jenkins) and the file attribute of a suite', () => {
      const xml = `<testsuites><testsuite name="outer" file="spec/a.js" timestamp="t1"><testsuite name="inner"><testcase name="VT-1 a"/></testsuite><testcase name="VT-2"/></testsuite><testsuite name="second"><testcase name="VT-3"/></testsuite></testsuites>`;
      const { cases } = readJUnit(xml);
      assert.deepEqual(cases.map((c) => [c.name, c.suites.join('/'), c.file, c.timestamp]), [
        ['VT-2', 'outer', 'spec/a.js', 't1'],
        ['VT-1 a', 'outer/inner', 'spec/a.js', 't1'],
        ['VT-3', 'second', undefined, undefined],
      ]);
    });

    it('a test that only ran skipped is no result', () => {
      const index = new TestResultIndex([{ uri: 'u', cases: readJUnit('<testsuite><testcase name="VT-9"><skipped/></testcase></testsuite>').cases }]);
      assert.equal(index.resultFor('VT-9').verdict, 'no-result');
      assert.equal(index.resultFor('VT-9').matches.length, 1);
    });
  });

  describe('matching an id in a name', () => {
    const index = new TestResultIndex([
      {
        uri: 'u',
        cases: readJUnit(
          `<testsuite>
            <testcase classname="Login SR-10" name="locks out"/>
            <testcase name="[VT-010] signature"/>
            <testcase name="VT-0101 other"/>
            <testcase name="checks SR-1.2 and more"/>
            <testcase name="xSR-7"/>
            <testcase name="TC42 single part"/>
            <testcase name="SR-020-a split"><failure/></testcase>
          </testsuite>`,
        ).cases,
      },
    ]);

    it('matches the id as a whole, in the name or the classname', () => {
      assert.deepEqual(index.resultFor('SR-10').matches.map((m) => m.by), ['classname']);
      assert.equal(index.resultFor('SR-1').verdict, 'no-result', 'SR-1 is not in SR-10, and SR-1.2 is another id');
      assert.equal(index.resultFor('VT-010').matches.length, 1, 'in brackets, and not VT-0101');
      assert.equal(index.resultFor('SR-1.2').verdict, 'passed');
      assert.equal(index.resultFor('SR-7').verdict, 'no-result', 'xSR-7 is another word');
      assert.equal(index.resultFor('TC42').verdict, 'passed');
      assert.equal(index.resultFor('SR-020').verdict, 'failed', 'a hyphen ends an id');
    });
  });

  describe('what is not JUnit, and broken files', () => {
    it('sniffs the root element past the prolog; other XML is never JUnit', () => {
      assert.equal(xmlRootElement('\uFEFF<?xml version="1.0"?>\n<!-- c --><!DOCTYPE x>\n<testsuites/>'), 'testsuites');
      assert.ok(isJUnitXml('<testsuite name="a"/>'));
      assert.ok(!isJUnitXml('<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5"/>'));
      assert.ok(!isJUnitXml('<project><modelVersion>4.0.0</modelVersion></project>'));
      assert.ok(!isJUnitXml('{"testsuites": []}'));
      assert.ok(!isJUnitXml(''));
    });

    it('a file that is not well-formed is one problem at the place the validator names, and no cases', () => {
      const xml = '<testsuite name="a">\n  <testcase name="SR-1">\n</testsuite>';
      const report = readJUnit(xml);
      assert.deepEqual(report.cases, []);
      assert.equal(report.problems.length, 1);
      assert.match(report.problems[0].message, /not well-formed/);
      assert.ok(report.problems[0].offset > 0);
    });

    it('a deeply nested or entity-laden file is a problem, not a hang or a crash', () => {
      const deep = '<testsuites>' + '<testsuite>'.repeat(5000) + '</testsuite>'.repeat(5000) + '</testsuites>';
      const started = Date.now();
      const report = readJUnit(deep);
      assert.ok(Date.now() - started < 5000);
      assert.deepEqual(report.problems.map((p) => p.message), ['The XML could not be read: Maximum nested tags exceeded']);
      const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><testsuite><testcase name="&lol4;&lol4;&lol4;&lol4;"/></testsuite>`;
      const bomb = readJUnit(laughs);
      assert.ok(isJUnitXml(laughs), 'a DOCTYPE with an internal subset is read past');
      // The parser does not expand entities within entities: the name stays a few references long.
      assert.ok(bomb.cases.length === 1 && bomb.cases[0].name.length < 1000, JSON.stringify(bomb));
    });
  });
});
