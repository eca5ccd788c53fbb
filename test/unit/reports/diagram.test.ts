import { strict as assert } from 'node:assert';
import { architectureMermaid, WorkspaceIndex } from '../../../server/src/engine';
import { parse } from '../../support/fixtures';

function mermaidOf(text: string): string {
  const index = new WorkspaceIndex();
  index.update(parse(text, 'arch.yaml'));
  return architectureMermaid(index);
}

const architecture = [
  'kind: security-architecture',
  'zones:',
  '  - id: Z-HOSP',
  '    name: Hospital network',
  '  - id: Z-CLOUD',
  '    name: Vendor cloud',
  'boundaries:',
  '  - id: TB-01',
  '    between: [Z-HOSP, Z-CLOUD]',
  '    controls: [CTL-MTLS, CTL-WAF]',
  '  - id: TB-02',
  '    between: [Z-HOSP, Z-LAB]',
  'controls:',
  '  - id: CTL-MTLS',
  '    title: Mutual TLS 1.3 on every link between gateway and cloud',
  '  - id: CTL-WAF',
  '    title: Web application firewall',
  '',
].join('\n');

describe('architectureMermaid', () => {
  it('draws a node per zone and an edge per boundary, labelled with its controls; a boundary without control dashed', () => {
    assert.equal(
      mermaidOf(architecture),
      [
        'flowchart LR',
        '  zone_Z_HOSP["Z-HOSP: Hospital network"]',
        '  zone_Z_CLOUD["Z-CLOUD: Vendor cloud"]',
        '  zone_Z_HOSP -->|"TB-01: CTL-MTLS Mutual TLS 1.3 on every link be…; CTL-WAF Web application firewall"| zone_Z_CLOUD',
        '  zone_Z_LAB["Z-LAB (zone not defined)"]',
        '  zone_Z_HOSP -.->|"TB-02: no control"| zone_Z_LAB',
        '  linkStyle 1 stroke:#d33,stroke-width:2px,stroke-dasharray:5 5',
        '',
      ].join('\n'),
    );
    assert.equal(mermaidOf(architecture), mermaidOf(architecture), 'deterministic');
  });

  it('escapes hostile names so they stay one label and draw no extra edge', () => {
    const text = [
      'kind: security-architecture',
      'zones:',
      '  - id: "Z-A\\"] --> X[\\"pwn"',
      '    name: \'DMZ "edge" [x] | <b>#1</b> --> end\'',
      '  - id: end',
      'boundaries:',
      '  - id: "TB|1"',
      '    between: ["Z-A\\"] --> X[\\"pwn", end]',
      '',
    ].join('\n');
    const lines = mermaidOf(text).trimEnd().split('\n');
    assert.equal(lines[1], '  zone_Z_A_______X__pwn["Z-A#34;#93; --#62; X#91;#34;pwn: DMZ #34;edge#34; #91;x#93; #124; #60;b#62;#35;1#60;/b#62; --#62; end"]');
    assert.equal(lines[2], '  zone_end["end"]');
    assert.equal(lines[3], '  zone_Z_A_______X__pwn -.->|"TB#124;1: no control"| zone_end');
    // With the quoted labels blanked out, every line is a plain node or edge statement.
    for (const line of lines.slice(1)) {
      assert.match(line.replace(/"[^"]*"/g, '""'), /^ {2}(?:\w+\[""\]|\w+ (?:-->|-\.->)\|""\| \w+|linkStyle .*)$/);
    }
  });

  it('gives two zone ids that sanitize alike distinct node ids', () => {
    const text = 'kind: security-architecture\nzones:\n  - id: Z-A\n  - id: Z_A\n';
    assert.deepEqual(mermaidOf(text).trimEnd().split('\n').slice(1), ['  zone_Z_A["Z-A"]', '  zone_Z_A_2["Z_A"]']);
  });

  it('says so when there is nothing to draw', () => {
    assert.match(mermaidOf('kind: security-architecture\n'), /^flowchart LR\n {2}empty\["No zones or trust boundaries in the security architecture"\]\n$/);
  });
});
