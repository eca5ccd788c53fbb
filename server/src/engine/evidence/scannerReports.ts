// The JSON reports of three vulnerability scanners, read into ReportedVulnerability. None of the
// three publishes a JSON Schema on the npm registry, so each reader checks the shape it relies on
// and follows the tool's documented output (sources in test/fixtures/vulnerabilities/README.md):
// - Grype `-o json`: `matches[]`, each a `vulnerability` (id, severity), `relatedVulnerabilities`
//   (its aliases) and the `artifact` it was found in (name, version, type, purl).
// - Trivy `--format json` (SchemaVersion 2): `Results[]` per target, each with `Vulnerabilities[]`
//   (VulnerabilityID, PkgName, InstalledVersion, PkgIdentifier.PURL, VendorIDs, Severity).
// - OSV-Scanner `--format json`: `results[]` per source, `packages[]` with the `package` (name,
//   version, ecosystem) and its OSV `vulnerabilities` (id, aliases), grouped by `groups[].ids`.
import { child, isObject, lookup, ShapeReader, type JsonObject, type ShapeProblem } from './jsonShape';
import { purlOf } from './purl';
import type { ReportedVulnerability } from './vulnerabilities';

interface Read {
  vulnerabilities: ReportedVulnerability[];
  problems: ShapeProblem[];
}

export function readGrype(value: unknown): Read {
  const shape = new ShapeReader();
  const vulnerabilities: ReportedVulnerability[] = [];
  if (!isObject(value)) return notAnObject(shape, 'A Grype report');
  const matches = shape.array(value, '', 'matches', true);
  for (const [match, pointer] of shape.objects(matches, '/matches', 'match')) {
    const vulnerability = shape.object(match, pointer, 'vulnerability', true);
    const artifact = shape.object(match, pointer, 'artifact', true);
    const id = vulnerability && shape.string(vulnerability, child(pointer, 'vulnerability'), 'id', true);
    if (!id || !artifact) continue;
    const artifactPointer = child(pointer, 'artifact');
    const name = shape.string(artifact, artifactPointer, 'name', true) ?? '';
    const version = shape.string(artifact, artifactPointer, 'version');
    const purl = shape.string(artifact, artifactPointer, 'purl');
    const related = [...shape.objects(shape.array(match, pointer, 'relatedVulnerabilities'), child(pointer, 'relatedVulnerabilities'), 'related vulnerability')];
    vulnerabilities.push({
      id,
      aliases: related.map(([entry, at]) => shape.string(entry, at, 'id', true)).filter((alias): alias is string => !!alias && alias !== id),
      purls: purl ? [purl] : [],
      packageName: version ? `${name}@${version}` : name,
      severity: shape.string(vulnerability!, child(pointer, 'vulnerability'), 'severity'),
      pointer,
    });
  }
  return { vulnerabilities, problems: shape.problems };
}

/** Trivy's package types (the `Type` of a result) as purl types, for results without `PkgIdentifier.PURL` (Trivy before 0.48). */
const TRIVY_PURL_TYPES: Record<string, string> = {
  npm: 'npm', yarn: 'npm', pnpm: 'npm', 'node-pkg': 'npm', bun: 'npm',
  pip: 'pypi', pipenv: 'pypi', poetry: 'pypi', uv: 'pypi', 'python-pkg': 'pypi',
  gomod: 'golang', gobinary: 'golang',
  cargo: 'cargo', 'rust-binary': 'cargo',
  bundler: 'gem', gemspec: 'gem',
  composer: 'composer', nuget: 'nuget', 'dotnet-core': 'nuget',
  jar: 'maven', pom: 'maven', gradle: 'maven', sbt: 'maven',
  pub: 'pub', hex: 'hex', swift: 'swift', cocoapods: 'cocoapods', conan: 'conan',
};

export function readTrivy(value: unknown): Read {
  const shape = new ShapeReader();
  const vulnerabilities: ReportedVulnerability[] = [];
  if (!isObject(value)) return notAnObject(shape, 'A Trivy report');
  // Trivy leaves `Results` out when it scanned nothing it knows.
  for (const [result, pointer] of shape.objects(shape.array(value, '', 'Results'), '/Results', 'result')) {
    shape.string(result, pointer, 'Target', true);
    const type = lookup(TRIVY_PURL_TYPES, result.Type);
    const found = shape.objects(shape.array(result, pointer, 'Vulnerabilities'), child(pointer, 'Vulnerabilities'), 'vulnerability');
    for (const [entry, at] of found) {
      const id = shape.string(entry, at, 'VulnerabilityID', true);
      const name = shape.string(entry, at, 'PkgName', true);
      if (!id || !name) continue;
      const version = shape.string(entry, at, 'InstalledVersion');
      const identifier = shape.object(entry, at, 'PkgIdentifier');
      const purl = (identifier && shape.string(identifier, child(at, 'PkgIdentifier'), 'PURL')) ?? (type && purlOf(type, name, version));
      vulnerabilities.push({
        id,
        aliases: shape.strings(shape.array(entry, at, 'VendorIDs'), child(at, 'VendorIDs')).filter((alias) => alias !== id),
        purls: purl ? [purl] : [],
        packageName: version ? `${name}@${version}` : name,
        severity: shape.string(entry, at, 'Severity'),
        pointer: at,
      });
    }
  }
  return { vulnerabilities, problems: shape.problems };
}

/** OSV ecosystems (https://ossf.github.io/osv-schema/#affectedpackage-field) as purl type and namespace. */
const OSV_PURL_TYPES: Record<string, [string, string?]> = {
  npm: ['npm'], PyPI: ['pypi'], Go: ['golang'], 'crates.io': ['cargo'], Maven: ['maven'], RubyGems: ['gem'],
  NuGet: ['nuget'], Packagist: ['composer'], Pub: ['pub'], Hex: ['hex'], SwiftURL: ['swift'],
  Debian: ['deb', 'debian'], Ubuntu: ['deb', 'ubuntu'], Alpine: ['apk', 'alpine'],
};

export function readOsvScanner(value: unknown): Read {
  const shape = new ShapeReader();
  const vulnerabilities: ReportedVulnerability[] = [];
  if (!isObject(value)) return notAnObject(shape, 'An OSV-Scanner report');
  for (const [result, pointer] of shape.objects(shape.array(value, '', 'results', true), '/results', 'result')) {
    const packages = shape.objects(shape.array(result, pointer, 'packages'), child(pointer, 'packages'), 'package');
    for (const [entry, at] of packages) {
      const info = shape.object(entry, at, 'package', true);
      if (!info) continue;
      const infoAt = child(at, 'package');
      const name = shape.string(info, infoAt, 'name', true) ?? '';
      const version = shape.string(info, infoAt, 'version');
      const ecosystem = shape.string(info, infoAt, 'ecosystem') ?? '';
      const [type, namespace] = lookup(OSV_PURL_TYPES, ecosystem.split(':')[0]) ?? [];
      const purl = shape.string(info, infoAt, 'purl') ?? (type ? purlOf(type, name, version, namespace) : undefined);
      const packageName = version ? `${name}@${version}` : name;
      const records = readOsvRecords(shape, entry, at);
      for (const group of osvGroups(shape, entry, at, records)) {
        const first = records.get(group.ids.find((id) => records.has(id)) ?? '');
        vulnerabilities.push({
          id: group.ids[0],
          aliases: [...new Set([...group.ids.slice(1), ...group.ids.flatMap((id) => records.get(id)?.aliases ?? [])])].filter((alias) => alias !== group.ids[0]),
          purls: purl ? [purl] : [],
          packageName,
          pointer: first?.pointer ?? at,
        });
      }
    }
  }
  return { vulnerabilities, problems: shape.problems };
}

interface OsvRecord {
  aliases: string[];
  pointer: string;
}

function readOsvRecords(shape: ShapeReader, entry: JsonObject, at: string): Map<string, OsvRecord> {
  const records = new Map<string, OsvRecord>();
  for (const [record, pointer] of shape.objects(shape.array(entry, at, 'vulnerabilities'), child(at, 'vulnerabilities'), 'vulnerability')) {
    const id = shape.string(record, pointer, 'id', true);
    if (id) records.set(id, { aliases: shape.strings(shape.array(record, pointer, 'aliases'), child(pointer, 'aliases')), pointer });
  }
  return records;
}

/**
 * OSV-Scanner lists one OSV record per database (a GHSA and a PYSEC of the same CVE) and groups
 * those that are one vulnerability in `groups[].ids`: one reported vulnerability per group. A
 * record in no group (older reports have no groups) is a vulnerability of its own.
 */
function osvGroups(shape: ShapeReader, entry: JsonObject, at: string, records: Map<string, OsvRecord>): { ids: string[] }[] {
  const groups: { ids: string[] }[] = [];
  const grouped = new Set<string>();
  for (const [group, pointer] of shape.objects(shape.array(entry, at, 'groups'), child(at, 'groups'), 'group')) {
    const ids = shape.strings(shape.array(group, pointer, 'ids', true), child(pointer, 'ids'));
    if (!ids.length) continue;
    groups.push({ ids });
    for (const id of ids) grouped.add(id);
  }
  for (const id of records.keys()) if (!grouped.has(id)) groups.push({ ids: [id] });
  return groups;
}

function notAnObject(shape: ShapeReader, what: string): Read {
  shape.problem('', `${what} must be a JSON object.`);
  return { vulnerabilities: [], problems: shape.problems };
}
