// Evidence files written by the real tools, made at test time: JUnit XML from mocha's own `xunit`
// reporter run on a small committed suite (test/fixtures/junit-mocha), and published Threat Dragon
// models from the npm registry (pinned version, integrity checked, cached).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './fixtures';

export const MOCHA_SUITE = path.join(REPO_ROOT, 'test', 'fixtures', 'junit-mocha', 'verification.spec.js');

let mochaXml: string | undefined;

/**
 * Runs mocha with its built-in `xunit` reporter over the fixture suite (one passing and one
 * failing test) and returns the XML it wrote. Mocha exits 1 because a test fails; that is the point.
 */
export function mochaJUnitXml(): string {
  if (mochaXml !== undefined) return mochaXml;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-mocha-junit-'));
  const output = path.join(dir, 'junit.xml');
  const mocha = path.join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const run = spawnSync(process.execPath, [mocha, '--no-config', '--reporter', 'xunit', '--reporter-option', `output=${output}`, '--reporter-option', 'showRelativePaths=true', MOCHA_SUITE], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 1 || !fs.existsSync(output)) throw new Error(`mocha should fail one test and write ${output}: exit ${run.status} ${run.stderr}`);
  mochaXml = fs.readFileSync(output, 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
  return mochaXml;
}

/** A published npm package, pinned by version and integrity (npm's sha512), fetched once into a cache. */
export interface PinnedPackage {
  name: string;
  version: string;
  integrity: string;
}

/** OWASP Threat Dragon's core module 1.4.0 (Apache-2.0): its tests and utilities hold v1 models. */
export const THREAT_DRAGON_CORE: PinnedPackage = {
  name: 'owasp-threat-dragon-core',
  version: '1.4.0',
  integrity: 'sha512-WooRMWUA83JgYFi5uljXr/dA7yp2TcTmN8CL5b7LdNxGqVUw1UwZlJn0PfXc6ZlUcLVQBFqnuuMx2YEf8OyxQw==',
};

export const FIXTURE_CACHE = process.env.CLAUSE_GUIDE_FIXTURE_CACHE ?? path.join(os.homedir(), '.cache', 'clause-guide-fixtures');

/**
 * The unpacked folder (`package/…`) of a pinned npm package: `npm pack` downloads the tarball from
 * the registry into the cache once; its sha512 must be the pinned one, else the test fails.
 */
export function npmPackage(pinned: PinnedPackage): string {
  const dir = path.join(FIXTURE_CACHE, `${pinned.name}-${pinned.version}`);
  const tarball = path.join(dir, `${pinned.name.replace(/^@/, '').replace('/', '-')}-${pinned.version}.tgz`);
  const unpacked = path.join(dir, 'package');
  if (fs.existsSync(tarball) && integrityOf(tarball) === pinned.integrity && fs.existsSync(unpacked)) return unpacked;
  fs.mkdirSync(dir, { recursive: true });
  const pack = spawnSync('npm', ['pack', `${pinned.name}@${pinned.version}`, '--pack-destination', dir, '--silent'], { encoding: 'utf8', timeout: 120_000 });
  if (pack.status !== 0 || !fs.existsSync(tarball)) throw new Error(`npm pack ${pinned.name}@${pinned.version} failed: ${pack.stderr}`);
  const actual = integrityOf(tarball);
  if (actual !== pinned.integrity) {
    fs.rmSync(tarball, { force: true });
    throw new Error(`${pinned.name}@${pinned.version} from the registry has integrity ${actual}, not the pinned ${pinned.integrity}`);
  }
  fs.rmSync(unpacked, { recursive: true, force: true });
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', dir], { encoding: 'utf8', timeout: 60_000 });
  if (untar.status !== 0) throw new Error(`could not unpack ${tarball}: ${untar.stderr}`);
  return unpacked;
}

function integrityOf(file: string): string {
  return `sha512-${createHash('sha512').update(fs.readFileSync(file)).digest('base64')}`;
}
