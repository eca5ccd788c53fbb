// @vscode/test-electron runner, for contributors whose machine can download VS Code.
// CI here has no such network access and runs test/e2e (code-server) instead.
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '../../..');
  try {
    await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.resolve(__dirname, 'suite/index'),
      launchArgs: [path.join(repoRoot, 'test/e2e/fixture'), '--disable-extensions'],
    });
  } catch (error) {
    console.error(`test-electron: ${(error as Error).message}`);
    process.exit(1);
  }
}

void main();
