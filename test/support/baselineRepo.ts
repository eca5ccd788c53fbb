// What the baseline tests (unit and LSP) build their temporary git repositories from: a threat
// model and release records as text, and git run with a fixed identity and no signing.
import { execFileSync } from 'node:child_process';

export const CONFIG = 'rules:\n  clause-uncovered: off\n';
export const TM = (threats: string) => `kind: threat-model\nthreats:\n${threats}`;
export const TH1 = '  - id: TH-1\n    title: Dose tampering\n    risk: low\n';
export const TH2 = '  - id: TH-2\n    title: Replay of pump commands\n    risk: medium\n';
export const TH3 = '  - id: TH-3\n    title: Firmware downgrade\n    risk: high\n';
export const RELEASE = (release: string, extra: string) => `kind: release-record\nrelease: "${release}"\ndecision: pending\n${extra}`;

export function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8', timeout: 20_000 });
}
