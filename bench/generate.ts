// Writes a synthetic but realistic security file for a product line: per product a threat model,
// a security architecture (zones, trust boundaries, controls mitigating the threats), four
// requirement sets of 40 items (three YAML, one Markdown with phase headings), a tailoring record,
// a release record, a life-cycle plan and a Markdown overview citing clauses. Ids are product-scoped
// and cross-referenced, so the whole repository is one project whose workspace rules see every
// file. Most of it is valid; a seeded sprinkle of the mistakes people make (untraced or unverified
// requirements, mistyped ids and enum values, unmitigated threats, a control without a safety
// assessment, an open finding, a missing justification, a clause that does not exist, the odd
// syntax error) gives the rules findings to report. The same seed and size give the same bytes.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Files written per product; a workspace of N documents holds N / FILES_PER_PRODUCT products. */
export const FILES_PER_PRODUCT = 10;
export const REQUIREMENTS_PER_SET = 40;
const THREATS_PER_PRODUCT = 24;
const CONTROLS_PER_PRODUCT = 14;

/** mulberry32: small, fast and the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  constructor(private readonly random: () => number) {}
  chance(probability: number): boolean {
    return this.random() < probability;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.random() * values.length)];
  }
  sample<T>(values: readonly T[], count: number): T[] {
    const pool = [...values];
    const out: T[] = [];
    while (out.length < count && pool.length) out.push(pool.splice(Math.floor(this.random() * pool.length), 1)[0]);
    return out;
  }
}

const PRODUCT_NOUNS = ['Infusion Gateway', 'Vital Signs Monitor', 'Telemetry Hub', 'Imaging Viewer', 'Dose Calculator', 'Patient Portal', 'Lab Connector', 'Ventilator Console', 'Glucose Companion App', 'Nurse Call Bridge', 'PACS Router', 'Dialysis Controller'];
const PRODUCT_BRANDS = ['Infu', 'Cardio', 'Neo', 'Vita', 'Medi', 'Pulse', 'Clini', 'Thera', 'Onco', 'Resp'];
const REQUIREMENT_AREAS = ['authentication', 'communication', 'data-protection', 'update', 'logging', 'configuration', 'backup', 'interfaces'];
const PHASES = ['installation', 'operation', 'maintenance', 'decommissioning'] as const;
const SUBJECTS = ['The gateway', 'The service', 'The installer', 'The mobile app', 'The device', 'The backend', 'The update agent', 'The operator console'];
const ACTIONS: Record<(typeof PHASES)[number], string[]> = {
  installation: ['verifies the vendor signature of the package before unpacking it', 'forces replacement of the factory credentials on first start', 'refuses to install on an unsupported operating system version', 'generates a device-unique key pair in the secure element', 'records the installed software bill of materials'],
  operation: ['uses mutual TLS 1.3 with certificate pinning on every external link', 'locks an account after five failed logins within ten minutes', 'encrypts patient data at rest with a device-unique key', 'rate-limits requests per client so alarms are never starved', 'logs every configuration change with the user and time', 'rejects messages whose sequence number was already seen', 'ends idle clinician sessions after fifteen minutes'],
  maintenance: ['accepts updates only when signed and newer than the installed version', 'ships patches for third-party components within 30 days of disclosure', 'keeps the previous image so a failed update rolls back', 'rotates service credentials at every maintenance visit', 'reports the patch level to the fleet dashboard daily'],
  decommissioning: ['wipes patient data with a verified overwrite before disposal', 'revokes the device certificate at the vendor PKI', 'exports the audit log for the hospital archive', 'returns the device keys to the vendor HSM for revocation'],
};
const THREAT_TITLES = ['Spoofed cloud endpoint harvests telemetry', 'Tampered update package', 'Tampered dose limits in transit', 'Data read from a stolen device disk', 'Flooding the device network starves alarm forwarding', 'Clinician denies a configuration change', 'Replay of pump commands', 'Privilege escalation through the service port', 'Malicious USB firmware image', 'Credential stuffing against the web portal', 'Session hijack on a shared workstation', 'Exfiltration of backups', 'Downgrade to a vulnerable firmware', 'Injection through HL7 fields', 'Leaked API tokens in logs', 'Rogue access point impersonates the hospital network'];
const STRIDE = ['spoofing', 'tampering', 'repudiation', 'information-disclosure', 'denial-of-service', 'elevation-of-privilege'];
const SAFETY = ['none', 'minor', 'serious', 'critical'];
const RISK = ['low', 'medium', 'high', 'critical'];
const RESIDUAL = ['low', 'low', 'medium'];
const LAYERS = ['network', 'application', 'data', 'authentication', 'endpoint'];
const CONTROL_TITLES: Record<string, string[]> = {
  network: ['Mutual TLS 1.3 on every link', 'Segmented device VLAN with deny-by-default firewall', 'Per-client rate limiting at the bridge'],
  application: ['Signed update packages verified before install', 'Input validation of HL7 and FHIR fields', 'Tamper-evident audit log of configuration changes'],
  data: ['Encrypted store with a device-unique key', 'Encrypted and signed backups', 'Secrets kept out of logs by a redaction filter'],
  authentication: ['Role-based access with per-user accounts', 'Multi-factor login for service engineers', 'Short-lived tokens bound to the device'],
  endpoint: ['Secure boot with a hardware root of trust', 'USB ports disabled outside maintenance mode', 'Application allow-listing on the console'],
};
const SAFETY_NOTES = ['Handshake adds under 50 ms; no effect on therapy timing.', 'Runs before the maintenance window; therapy keeps running.', 'None; not on the alarm path.', 'Alarm frames are exempt from the limit (see the hazard analysis).', 'Verified on the bench: no effect on essential performance.'];
const ZONE_NAMES = [['CLOUD', 'Vendor cloud'], ['HOSPITAL', 'Hospital clinical network'], ['DEVICE', 'Device network'], ['SERVICE', 'Service laptop']] as const;
const FINDING_SOURCES = ['penetration-test', 'code-review', 'vulnerability-scan', 'threat-model-review', 'fuzzing'];
const EVIDENCE_CLAUSES = ['4.1.2', '4.1.4', '5.1.1', '5.2.1', '5.2.2', '5.3.1', '5.3.3', '5.4.1', '5.5.1', '5.6.1', '5.7.1', '5.7.2', '5.7.3', '5.7.4', '5.8.1', '5.8.5', '5.8.6', '6.1.1', '6.2', '7.2', '7.3', '7.4', '8', '9.1'];
const TAILORABLE = [['4.1.5', 'No software items are built to our order by suppliers in this release.'], ['5.7.5', 'Penetration testing is done by an external lab that is independent of development by contract.'], ['E.2.4', 'The product has no user-configurable security settings; the hardening guide covers the appliance image.'], ['5.8.7', 'Decommissioning is done by the vendor service team under the service contract.']] as const;
const APPROVERS = [['Dana Ruiz', 'Product Security Officer', '8 years medical-device security; CSSLP'], ['Sam Lee', 'Quality Manager', '12 years ISO 13485 quality systems; security awareness training'], ['Priya Natarajan', 'Security Architect', '10 years security architecture; OSCP']] as const;

/** A YAML plain scalar when that reads back as the same text, else a double-quoted one. */
function scalar(text: string): string {
  return /: | #|^[-?:,[\]{}#&*!|>'"%@`]|^\s|\s$/.test(text) ? JSON.stringify(text) : text;
}

export interface GeneratedWorkspace {
  root: string;
  documents: number;
  products: number;
  bytes: number;
  /** A YAML requirement set of a product in the middle of the line, for editor measurements. */
  sampleRequirements: string;
}

/** Writes `documents` files (a multiple of FILES_PER_PRODUCT) under `root`, replacing what was there. */
export function generateWorkspace(root: string, documents: number, seed = 81001): GeneratedWorkspace {
  const products = Math.max(1, Math.round(documents / FILES_PER_PRODUCT));
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  let bytes = 0;
  const write = (relative: string, text: string) => {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  };
  write('.clause-guide.yaml', ['# One configuration for the whole product line: ids are unique across it.', 'layers: [network, application, data, authentication, endpoint]', ''].join('\n'));
  for (let index = 0; index < products; index++) {
    // Each product has its own stream, so product k is the same whatever the workspace size.
    const dice = new Dice(seededRandom(seed * 7919 + index));
    for (const [relative, text] of productFiles(index, dice)) write(relative, text);
  }
  const middle = productCode(Math.floor(products / 2));
  const sample = fs.readdirSync(path.join(root, 'products', middle, 'requirements')).filter((name) => name.endsWith('.yaml')).sort()[0];
  return { root, documents: products * FILES_PER_PRODUCT, products, bytes, sampleRequirements: path.join(root, 'products', middle, 'requirements', sample) };
}

export function productCode(index: number): string {
  return `P${String(index + 1).padStart(3, '0')}`;
}

function productFiles(index: number, dice: Dice): [string, string][] {
  const code = productCode(index);
  const name = `${PRODUCT_BRANDS[index % PRODUCT_BRANDS.length]}${['Sync', 'Link', 'Care', 'View', 'Guard'][Math.floor(index / PRODUCT_BRANDS.length) % 5]} ${PRODUCT_NOUNS[index % PRODUCT_NOUNS.length]}`;
  const dir = `products/${code}`;
  const threatIds = Array.from({ length: THREATS_PER_PRODUCT }, (_, i) => `TH-${code}-${String(i + 1).padStart(2, '0')}`);
  const areas = dice.sample(REQUIREMENT_AREAS, 4);
  const month = 1 + (index % 6);
  return [
    [`${dir}/security/threat-model.yaml`, threatModel(code, name, threatIds, month, dice)],
    [`${dir}/security/security-architecture.yaml`, architecture(code, name, threatIds, dice)],
    ...areas.slice(0, 3).map((area, i): [string, string] => [`${dir}/requirements/${area}.yaml`, requirementsYaml(code, name, area, i + 1, threatIds, dice)]),
    [`${dir}/requirements/${areas[3]}.md`, requirementsMarkdown(code, name, areas[3], 4, threatIds, dice)],
    [`${dir}/security/tailoring-record.yaml`, tailoringRecord(code, name, dice)],
    [`${dir}/security/release-record.yaml`, releaseRecord(code, name, dice)],
    [`${dir}/security/lifecycle-plan.yaml`, lifecyclePlan(code, name, dice)],
    [`${dir}/docs/security-overview.md`, overview(code, name, dice)],
  ];
}

function header(kind: string, id: string, title: string, product: string, clauses: string[], reviewed?: string): string[] {
  return [
    `kind: ${kind}`,
    `id: ${id}`,
    `title: ${scalar(title)}`,
    `product: ${product}`,
    'version: "2.3"',
    'owner: Product Security Officer',
    ...(reviewed ? [`reviewed: ${reviewed}`] : []),
    `clauses: [${clauses.map((clause) => JSON.stringify(clause)).join(', ')}]`,
  ];
}

function threatModel(code: string, name: string, threatIds: string[], month: number, dice: Dice): string {
  const lines = [...header('threat-model', `TM-${code}`, `${name} threat model`, name, ['7.2', '7.3'], `2026-0${month}-${String(dice.int(10, 28))}`), 'method: STRIDE', 'threats:'];
  threatIds.forEach((id, i) => {
    lines.push(`  - id: ${id}`, `    title: ${scalar(THREAT_TITLES[(i + code.length) % THREAT_TITLES.length])}`, `    category: ${dice.pick(STRIDE)}`);
    // A realistic slip: "moderate" where the scale says medium.
    const safetyImpact = dice.pick(SAFETY);
    lines.push(`    safety_impact: ${safetyImpact}`, `    risk: ${dice.chance(0.005) ? 'moderate' : dice.pick(RISK)}`);
    // The fields the risk rules of the sixth round ask for (§7.2 hazard link, §7.4 residual risk),
    // written as a team using those rules keeps them, with a slip now and then (about 2 % and 4 %).
    // Chosen by position, not by the dice, so every other draw of the workspace stays as it was.
    const slip = (i * 7 + Number(code.replace(/\D/g, '') || 0)) % 50;
    if (slip !== 0) lines.push(`    residual_risk: ${RESIDUAL[i % RESIDUAL.length]}`);
    if ((safetyImpact === 'serious' || safetyImpact === 'critical') && slip % 25 !== 1) lines.push(`    hazard: HAZ-${code}-${String(i + 1).padStart(2, '0')}`);
  });
  return lines.join('\n') + '\n';
}

function architecture(code: string, name: string, threatIds: string[], dice: Dice): string {
  const lines = [...header('security-architecture', `SA-${code}`, `${name} security architecture`, name, ['5.3.1'], `2026-09-${String(dice.int(10, 28))}`), 'layers: [network, application, data, authentication, endpoint]', 'zones:'];
  const zones = ZONE_NAMES.map(([zone, label]) => [`Z-${code}-${zone}`, label]);
  for (const [id, label] of zones) lines.push(`  - id: ${id}`, `    name: ${label}`);
  const controls = Array.from({ length: CONTROLS_PER_PRODUCT }, (_, i) => {
    const layer = LAYERS[i % LAYERS.length];
    return { id: `CTL-${code}-${String(i + 1).padStart(2, '0')}`, layer, title: CONTROL_TITLES[layer][Math.floor(i / LAYERS.length) % 3], mitigates: [] as string[] };
  });
  // Every threat gets a control, except now and then one the team has not addressed yet.
  threatIds.forEach((threat, i) => {
    if (dice.chance(0.02)) return;
    controls[i % controls.length].mitigates.push(threat);
    if (dice.chance(0.3)) dice.pick(controls).mitigates.push(threat);
  });
  lines.push('boundaries:');
  const pairs = [[0, 1], [1, 2], [2, 3], [0, 2]];
  pairs.forEach(([a, b], i) => {
    lines.push(`  - id: TB-${code}-${String(i + 1).padStart(2, '0')}`, `    between: [${zones[a][0]}, ${zones[b][0]}]`);
    if (i === pairs.length - 1 && dice.chance(0.1)) lines.splice(lines.length - 2, 0, '  # Service path: its controls are still being decided.');
    else lines.push(`    controls: [${dice.sample(controls, 2).map((control) => control.id).join(', ')}]`);
  });
  lines.push('controls:');
  controls.forEach((control, i) => {
    lines.push(`  - id: ${control.id}`, `    title: ${scalar(control.title)}`, `    layer: ${control.layer}`);
    if (control.mitigates.length) lines.push(`    mitigates: [${[...new Set(control.mitigates)].join(', ')}]`);
    if (!(i === controls.length - 1 && dice.chance(0.1))) lines.push(`    safety_impact: ${scalar(dice.pick(SAFETY_NOTES))}`);
  });
  return lines.join('\n') + '\n';
}

interface Requirement {
  id: string;
  phase: string;
  text: string;
  threats: string[];
  verification: string[];
}

function requirements(code: string, set: number, threatIds: string[], dice: Dice): Requirement[] {
  return Array.from({ length: REQUIREMENTS_PER_SET }, (_, i) => {
    const phase = PHASES[Math.min(PHASES.length - 1, Math.floor((i * PHASES.length) / REQUIREMENTS_PER_SET))];
    const threats = dice.chance(0.01) ? [] : dice.sample(threatIds, dice.int(1, 2));
    // A mistyped threat id (a digit lost) now and then: unknown-reference.
    if (threats.length && dice.chance(0.002)) threats[0] = threats[0].slice(0, -1);
    return {
      id: `SR-${code}-${set}${String(i + 1).padStart(2, '0')}`,
      phase: dice.chance(0.002) ? 'operations' : phase,
      text: `${dice.pick(SUBJECTS)} ${dice.pick(ACTIONS[phase])}.`,
      threats,
      verification: dice.chance(0.02) ? [] : [`VT-${code}-${set}${String(i + 1).padStart(2, '0')}`],
    };
  });
}

function requirementsYaml(code: string, name: string, area: string, set: number, threatIds: string[], dice: Dice): string {
  const lines = [...header('security-requirements', `SRS-${code}-${set}`, `${name} — ${area} security requirements`, name, ['5.2.1']), 'requirements:'];
  const items = requirements(code, set, threatIds, dice);
  const broken = dice.chance(0.01) ? dice.int(0, items.length - 1) : -1;
  items.forEach((item, i) => {
    lines.push(`  - id: ${item.id}`, `    phase: ${item.phase}`, `    text: ${scalar(item.text)}`);
    if (item.threats.length) lines.push(`    threats: [${item.threats.join(', ')}]`);
    if (item.verification.length) lines.push(`    verification: [${item.verification.join(', ')}]`);
    else if (dice.chance(0.5)) lines.push('    # clause-guide-disable-next-line requirement-unverified -- covered by the design review checklist', '    verification: []');
    // An indentation slip leaves the file unparseable: syntax-error.
    if (i === broken) lines.push('     owner: misaligned');
  });
  return lines.join('\n') + '\n';
}

function requirementsMarkdown(code: string, name: string, area: string, set: number, threatIds: string[], dice: Dice): string {
  const lines = ['---', ...header('security-requirements', `SRS-${code}-${set}`, `${name} — ${area} security requirements`, name, ['5.2.1']), '---', `# ${name}: ${area} requirements`, '', `These requirements answer IEC 81001-5-1 §5.2.1 for the ${area} features.`];
  const items = requirements(code, set, threatIds, dice);
  for (const phase of PHASES) {
    lines.push('', `## ${phase[0].toUpperCase()}${phase.slice(1)}`, '', '| ID | Text | Threats | Verification |', '|----|------|---------|--------------|');
    for (const item of items.filter((candidate) => candidate.phase === phase || (phase === 'operation' && !(PHASES as readonly string[]).includes(candidate.phase)))) {
      lines.push(`| ${item.id} | ${item.text} | ${item.threats.join(', ')} | ${item.verification.join(', ')} |`);
    }
  }
  return lines.join('\n') + '\n';
}

function tailoringRecord(code: string, name: string, dice: Dice): string {
  const lines = [...header('tailoring-record', `TR-${code}`, `${name} tailoring record`, name, ['5.1.1']), 'approvers:'];
  for (const [person, role, expertise] of APPROVERS) lines.push(`  - name: ${person}`, `    role: ${role}`, `    security_expertise: ${scalar(expertise)}`);
  lines.push('entries:');
  for (const [clause, justification] of dice.sample(TAILORABLE, dice.int(1, 3))) {
    lines.push(`  - clause: "${clause}"`, `    decision: ${clause === '5.7.5' ? 'alternative' : 'not-applicable'}`);
    lines.push(`    justification:${dice.chance(0.05) ? '' : ` ${scalar(justification)}`}`, `    approved_by: ${dice.chance(0.9) ? 'Dana Ruiz' : 'Priya Natarajan'}`, `    date: 2026-10-0${dice.int(1, 9)}`);
  }
  return lines.join('\n') + '\n';
}

function releaseRecord(code: string, name: string, dice: Dice): string {
  const open = dice.chance(0.15);
  const release = `2.${dice.int(0, 9)}.${dice.int(0, 9)}`;
  const lines = [...header('release-record', `RR-${code}`, `${name} ${release} release record`, name, ['5.8.1', '5.8.5', '5.8.6']), `release: ${release}`, `decision: ${open ? 'pending' : 'authorized'}`, 'findings:'];
  for (let i = 1; i <= dice.int(2, 5); i++) {
    lines.push(`  - id: F-${code}-${String(i).padStart(2, '0')}`, `    source: ${dice.pick(FINDING_SOURCES)}`, `    status: ${open && i === 1 ? 'open' : dice.pick(['resolved', 'resolved', 'risk-accepted'])}`, `    issue: TRK-${dice.int(100, 999)}`);
  }
  lines.push('activities:');
  for (const clause of ['5.7.1', '5.7.2', '5.7.3', '5.7.4', '5.7.5']) {
    const missingRecord = dice.chance(0.03);
    // A record the release rules accept without a file in the repository: a controlled document of
    // the quality system, named by id, version and approval date (§5.8.6).
    lines.push(`  - clause: "${clause}"`, '    status: done', `    record:${missingRecord ? '' : ` "RPT-${code}-${clause}-${release} v1, approved 2026-10-20"`}`);
  }
  return lines.join('\n') + '\n';
}

function lifecyclePlan(code: string, name: string, dice: Dice): string {
  const lines = [...header('lifecycle-plan', `LCP-${code}`, `${name} secure development life-cycle plan`, name, ['5.1.1', '4.1.2', '4.1.4'], '2026-08-15'), 'phases:'];
  const phases: [string, [string, string, string[]][]][] = [
    ['requirements', [['TM', 'Threat modelling workshop with clinical engineering', ['7.2', '5.2.1']], ['SRR', 'Security requirements review', ['5.2.2']]]],
    ['design', [['ARCH', 'Defense-in-depth architecture review', ['5.3.1', '5.3.3']]]],
    ['implementation', [['SCA', 'Dependency scanning on every merge', ['5.5.1', '5.4.1']]]],
    ['verification', [['PENTEST', 'External penetration test before each major release', ['5.7.4', dice.chance(0.05) ? '5.7.6' : '5.7.3']]]],
    ['release', [['GATE', 'Release gate: clause-guide check in CI', ['5.8.1', '5.8.5', '5.8.6']]]],
    ['maintenance', [['PSIRT', 'Vulnerability intake and coordinated disclosure', ['6.1.1', '6.2', '9.1']]]],
  ];
  for (const [phase, activities] of phases) {
    lines.push(`  - name: ${phase}`, '    activities:');
    for (const [id, title, clauses] of activities) lines.push(`      - id: ACT-${code}-${id}`, `        title: ${scalar(title)}`, `        clauses: [${clauses.map((c) => JSON.stringify(c)).join(', ')}]`);
  }
  return lines.join('\n') + '\n';
}

function overview(code: string, name: string, dice: Dice): string {
  const cited = dice.sample(EVIDENCE_CLAUSES, 6);
  const lines = [
    `# ${name}: security overview`,
    '',
    `This overview maps the ${name} (${code}) security file to IEC 81001-5-1. The requirement sets`,
    `under \`requirements/\` answer §5.2.1; the architecture answers §${cited[0]} and 81001-5-1:5.3.1.`,
    '',
    '## Where the evidence is',
    '',
    ...cited.map((clause) => `- §${clause}: see the documents that cite it in their \`clauses\` list.`),
    '',
    '## Risk management',
    '',
    `Risk controls are evaluated against IEC 81001-5-1 7.4 and monitored per §${dice.chance(0.05) ? '7.6' : '7.5'}.`,
    'Security risks feed the ISO 14971 risk file (IEC 62304 §5.1 plans the software side).',
  ];
  return lines.join('\n') + '\n';
}

/** A single large requirement set (for the side-by-side with yaml-language-server) and the threat model it cites. */
export function largeRequirementsDocument(items: number, seed = 81001): { requirements: string; threatModel: string; architecture: string } {
  const dice = new Dice(seededRandom(seed));
  const code = 'P900';
  const threatIds = Array.from({ length: THREATS_PER_PRODUCT }, (_, i) => `TH-${code}-${String(i + 1).padStart(2, '0')}`);
  const lines = [...header('security-requirements', `SRS-${code}-BIG`, 'Platform security requirements', 'Platform', ['5.2.1']), 'requirements:'];
  for (let start = 0; start < items; start += REQUIREMENTS_PER_SET) {
    const set = 1 + start / REQUIREMENTS_PER_SET;
    for (const item of requirements(`${code}-${set}`, 0, threatIds, dice).slice(0, items - start)) {
      lines.push(`  - id: ${item.id}`, `    phase: ${item.phase}`, `    text: ${scalar(item.text)}`);
      if (item.threats.length) lines.push(`    threats: [${item.threats.join(', ')}]`);
      if (item.verification.length) lines.push(`    verification: [${item.verification.join(', ')}]`);
    }
  }
  return { requirements: lines.join('\n') + '\n', threatModel: threatModel(code, 'Platform', threatIds, 3, dice), architecture: architecture(code, 'Platform', threatIds, dice) };
}

// `node out/bench/generate.js DIR DOCUMENTS` writes one workspace, to look at or to check by hand.
if (require.main === module) {
  const [dir, count] = process.argv.slice(2);
  if (!dir || !count) {
    process.stderr.write('usage: node out/bench/generate.js DIR DOCUMENTS\n');
    process.exitCode = 2;
  } else {
    const result = generateWorkspace(path.resolve(dir), Number(count));
    process.stdout.write(`${result.documents} documents (${result.products} products, ${(result.bytes / 1024 / 1024).toFixed(1)} MiB) in ${result.root}\n`);
  }
}

/**
 * A CycloneDX 1.6 JSON SBOM as cyclonedx-npm writes one (pretty-printed; licences, hashes, external
 * references, properties), of `components` components: 5,000 make about 20 MB, the size issue 14
 * asks the benchmark to cover. Schema-valid, so a check validates it whole and reads every component.
 */
export function largeSbom(components: number, seed = 81001): string {
  const random = seededRandom(seed);
  const hex = (length: number) => Array.from({ length }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');
  const word = () => ['parse', 'stream', 'buffer', 'crypto', 'config', 'socket', 'logger', 'schema', 'queue', 'cache'][Math.floor(random() * 10)];
  const list = Array.from({ length: components }, (_, i) => {
    const name = `${word()}-${word()}-${i}`;
    const group = i % 3 === 0 ? `@scope${i % 40}` : undefined;
    const version = `${1 + (i % 7)}.${i % 13}.${i % 5}`;
    const full = group ? `${group}/${name}` : name;
    const purl = `pkg:npm/${group ? `%40${group.slice(1)}/` : ''}${name}@${version}`;
    return {
      type: 'library',
      name,
      ...(group ? { group } : {}),
      version,
      'bom-ref': `product@1.0.0|${full}@${version}`,
      author: `Maintainer ${i % 97}`,
      supplier: { name: `Supplier ${i % 50}`, url: [`https://supplier${i % 50}.example`] },
      description: `The ${word()} and ${word()} helpers of package ${full}: ${Array.from({ length: 40 }, word).join(' ')}.`,
      hashes: [
        { alg: 'SHA-512', content: hex(128) },
        { alg: 'SHA-384', content: hex(96) },
        { alg: 'SHA-256', content: hex(64) },
        { alg: 'SHA-1', content: hex(40) },
      ],
      licenses: [{ license: { id: i % 4 ? 'MIT' : 'Apache-2.0', acknowledgement: 'declared' } }],
      purl,
      externalReferences: ['issue-tracker', 'vcs', 'website', 'distribution', 'documentation', 'release-notes', 'license', 'build-system', 'support', 'advisories'].map((type) => ({
        url: `https://example.org/${full}/${type}`,
        type,
        comment: `as detected from PackageJson property "${type}"`,
      })),
      properties: [
        { name: 'cdx:npm:package:path', value: `node_modules/${full}` },
        { name: 'cdx:npm:package:development', value: String(i % 9 === 0) },
        { name: 'cdx:npm:package:bundled', value: 'false' },
        { name: 'cdx:npm:package:integrity', value: `sha512-${hex(86)}==` },
      ],
    };
  });
  const bom = {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`,
    version: 1,
    metadata: { timestamp: '2026-12-01T10:00:00Z', component: { type: 'application', name: 'product', version: '1.0.0', 'bom-ref': 'product@1.0.0' } },
    components: list,
  };
  return JSON.stringify(bom, null, 2) + '\n';
}
