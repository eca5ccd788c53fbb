// The extension manifest (package.json) against the code: the `clauseGuide.rules` setting offers
// exactly the registered rules, every menu and walkthrough entry names a declared command, and the
// server reads the settings defensively.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../common/protocol';
import { fileSizeLimit, MAX_FILE_SIZE_CEILING, parseByteSize, RULES } from '../../server/src/engine';
import { REPO_ROOT } from '../support/fixtures';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

describe('extension manifest', () => {
  it('offers every registered rule, and only those, in clauseGuide.rules', () => {
    const offered = Object.keys(contributes.configuration.properties['clauseGuide.rules'].properties).sort();
    assert.deepEqual(offered, RULES.map((rule) => rule.name).sort());
  });

  it('declares a scope and a Markdown description for every setting, with the defaults the server uses', () => {
    const properties = contributes.configuration.properties;
    for (const [name, setting] of Object.entries<{ scope?: string; markdownDescription?: string }>(properties)) {
      assert.ok(setting.scope, `${name} has a scope`);
      assert.ok(setting.markdownDescription, `${name} has a markdownDescription`);
    }
    assert.equal(properties['clauseGuide.checkWorkspace'].default, DEFAULT_SETTINGS.checkWorkspace);
    assert.equal(properties['clauseGuide.maxFileSize'].default, DEFAULT_SETTINGS.maxFileSize);
  });

  it('takes clauseGuide.maxFileSize in the words .clause-guide.yaml takes ("10 MB"), and keeps it from an untrusted workspace', () => {
    const setting = contributes.configuration.properties['clauseGuide.maxFileSize'];
    assert.deepEqual([setting.type].flat().sort(), ['number', 'string']);
    const pattern = new RegExp(setting.pattern);
    for (const written of ['10 MB', '512 KiB', '5242880', '1.5 mb', '2G']) {
      assert.ok(pattern.test(written), `the settings editor accepts "${written}"`);
      assert.ok(parseByteSize(written), `the server reads "${written}"`);
    }
    for (const written of ['large', '10 MBs', '-1 MB', '']) assert.ok(!pattern.test(written) && !parseByteSize(written), `"${written}" is no size`);
    // Only the user lifts the limit (or names a file to read): Restricted Mode must not take the
    // workspace's .vscode/settings.json value for either.
    assert.deepEqual([...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), ['clauseGuide.clauseTextFile', 'clauseGuide.maxFileSize']);
    assert.match(manifest.capabilities.untrustedWorkspaces.description, /clauseGuide\.maxFileSize/);
  });

  it('names only declared commands in menus, and gives the record commands their exact titles', () => {
    const declared = new Map<string, string>(contributes.commands.map((command: { command: string; title: string }) => [command.command, command.title]));
    for (const [menu, entries] of Object.entries<{ command?: string; submenu?: string }[]>(contributes.menus)) {
      for (const entry of entries) {
        if (entry.submenu) assert.ok(contributes.submenus.some((submenu: { id: string }) => submenu.id === entry.submenu), `${menu}: submenu ${entry.submenu}`);
        else assert.ok(declared.has(entry.command!), `${menu}: ${entry.command} is declared`);
      }
    }
    assert.deepEqual(
      ['generateTailoringRecord', 'showCoverage', 'exportTraceability', 'showArchitectureDiagram', 'checkReleaseReadiness'].map((id) => declared.get(`clauseGuide.${id}`)),
      ['Generate Tailoring Record', 'Show Coverage', 'Export Traceability', 'Show Architecture Diagram', 'Check Release Readiness'],
    );
    for (const command of contributes.commands) assert.equal(command.category, 'Clause Guide', command.command);
  });

  it('ships every file the views and the walkthrough point at, and lets the .vsix carry them', () => {
    const ignore = fs.readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8');
    const files = [
      ...contributes.viewsContainers.activitybar.map((container: { icon: string }) => container.icon),
      ...contributes.walkthroughs.flatMap((walkthrough: { steps: { media: { markdown: string } }[] }) => walkthrough.steps.map((step) => step.media.markdown)),
    ];
    for (const file of files) {
      assert.ok(fs.existsSync(path.join(REPO_ROOT, file)), `${file} exists`);
      assert.ok(file.startsWith('media/') && ignore.includes('!media/**'), `${file} is packaged`);
    }
    // The libraries the bundles load when first used (esbuild.mjs, LAZY_LIBRARIES) and the catalog as JSON.
    assert.ok(ignore.includes('!dist/vendor/*.js'), 'the lazily loaded libraries are packaged');
    assert.ok(ignore.includes('!dist/catalog.json'), 'the precompiled catalog is packaged');
  });

  it('builds no webview asset that no webview loads (the views draw the server\'s SVG; a renderer nothing loads is dead weight in the .vsix)', () => {
    const build = fs.readFileSync(path.join(REPO_ROOT, 'esbuild.mjs'), 'utf8');
    const clientSources = fs
      .readdirSync(path.join(REPO_ROOT, 'client', 'src'))
      .map((file) => fs.readFileSync(path.join(REPO_ROOT, 'client', 'src', file), 'utf8'))
      .join('\n');
    const copied = [...build.matchAll(/'dist\/media\/([^']+)'/g)].map((match) => match[1]);
    for (const file of copied) assert.ok(clientSources.includes(`media/${file}`), `dist/media/${file} is built but no webview loads it`);
  });

  it('declares restricted-mode support honestly: file-writing commands need trust', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces.description);
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
    const generate = contributes.commands.find((command: { command: string }) => command.command === 'clauseGuide.generateTailoringRecord');
    assert.equal(generate.enablement, 'isWorkspaceTrusted');
    const palette = contributes.menus.commandPalette.find((entry: { command: string }) => entry.command === 'clauseGuide.generateTailoringRecord');
    assert.equal(palette.when, 'isWorkspaceTrusted');
  });
});

// Issue 12 ("first-hour polish"): what a new user meets before writing a line.
describe('extension manifest: first impressions', () => {
  it('has an icon: a 128×128 PNG that the package ships', () => {
    assert.equal(typeof manifest.icon, 'string', 'package.json names an icon');
    const png = fs.readFileSync(path.join(REPO_ROOT, manifest.icon));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
    assert.equal(png.toString('latin1', 12, 16), 'IHDR');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    const shipped = fs.readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n').filter((line) => line.startsWith('!'));
    assert.ok(shipped.some((line) => line === `!${manifest.icon}` || (line.endsWith('/**') && manifest.icon.startsWith(line.slice(1, -2)))), '.vscodeignore ships the icon');
  });

  // Restricted Mode hid Generate Tailoring Record and said nothing where it would have been.
  it('puts a "requires a trusted workspace" entry wherever Restricted Mode hides Generate Tailoring Record', () => {
    const standIn = contributes.commands.find((command: { command: string }) => command.command === 'clauseGuide.generateTailoringRecordRequiresTrust');
    assert.ok(standIn, 'a stand-in command is declared');
    assert.match(standIn.title, /^Generate Tailoring Record \(requires a trusted workspace\)$/);
    let hidden = 0;
    for (const [menu, entries] of Object.entries<{ command?: string; when?: string; group?: string }[]>(contributes.menus)) {
      for (const entry of entries) {
        if (entry.command !== 'clauseGuide.generateTailoringRecord' || !entry.when?.includes('isWorkspaceTrusted')) continue;
        hidden++;
        const untrusted = entry.when.replace(/(^|[^!])isWorkspaceTrusted/, '$1!isWorkspaceTrusted');
        assert.ok(
          entries.some((other) => other.command === standIn.command && other.when === untrusted && other.group === entry.group),
          `${menu}: no stand-in with when "${untrusted}" in group ${entry.group}`,
        );
      }
    }
    assert.ok(hidden >= 3, 'the command palette, the view title and the editor menu hide it');
    const steps = contributes.walkthroughs.flatMap((walkthrough: { steps: { when?: string; description: string }[] }) => walkthrough.steps);
    assert.ok(steps.some((step: { when?: string; description: string }) => step.when === '!isWorkspaceTrusted' && step.description.includes('command:workbench.trust.manage')), 'the walkthrough says why in Restricted Mode');
  });

  // Restricted Mode hid Export Audit Package and Write SBOM Support Addendum from the palette (a
  // command whose enablement is false is not listed) and greyed the view's button, with no word of why.
  for (const [command, title] of [
    ['clauseGuide.exportAuditPackage', 'Export Audit Package'],
    ['clauseGuide.writeSbomSupport', 'Write SBOM Support Addendum'],
  ]) {
    it(`puts "${title} (requires a trusted workspace)" wherever Restricted Mode hides ${title}`, () => {
      const standIn = contributes.commands.find((entry: { title: string }) => entry.title === `${title} (requires a trusted workspace)`);
      assert.ok(standIn, 'a stand-in command is declared');
      assert.equal(standIn.enablement, '!isWorkspaceTrusted');
      let shown = 0;
      for (const [menu, entries] of Object.entries<{ command?: string; when?: string; group?: string }[]>(contributes.menus)) {
        for (const entry of entries) {
          if (entry.command !== command || entry.when === 'false') continue;
          shown++;
          assert.match(entry.when ?? '', /(^|[^!])isWorkspaceTrusted/, `${menu}: ${command} is shown only in a trusted workspace`);
          const untrusted = entry.when!.replace(/(^|[^!])isWorkspaceTrusted/, '$1!isWorkspaceTrusted');
          assert.ok(
            entries.some((other) => other.command === standIn.command && other.when === untrusted && other.group === entry.group),
            `${menu}: no stand-in with when "${untrusted}" in group ${entry.group}`,
          );
        }
      }
      assert.ok(contributes.menus.commandPalette.some((entry: { command: string; when?: string }) => entry.command === command && entry.when === 'isWorkspaceTrusted'), 'the palette lists it only when trusted');
      assert.ok(shown >= 2, `${command} appears in the palette and a menu`);
    });
  }

  // From the walkthrough the Welcome page has the focus: editor.action.quickFix has no editor there.
  it('links "Show Quick Fixes" in the walkthrough to a command that goes to a finding first', () => {
    const fix = contributes.walkthroughs[0].steps.find((step: { id: string }) => step.id === 'fixFinding');
    assert.match(fix.description, /\[Show Quick Fixes\]\(command:clauseGuide\.walkthrough\.showQuickFixes\)/);
    assert.ok(contributes.commands.some((command: { command: string }) => command.command === 'clauseGuide.walkthrough.showQuickFixes'));
  });

  it('writes no codicon syntax in walkthrough media, which show it literally', () => {
    for (const walkthrough of contributes.walkthroughs) {
      for (const step of walkthrough.steps) {
        if (!step.media.markdown) continue;
        const text = fs.readFileSync(path.join(REPO_ROOT, step.media.markdown), 'utf8');
        assert.doesNotMatch(text, /\$\([a-z-]+\)/, `${step.media.markdown} shows a literal $(icon)`);
      }
    }
  });
});

describe('editor settings read by the server', () => {
  const known = RULES.map((rule) => rule.name);
  const folderOptionsFrom = (value: unknown) => normalizeSettings(value, known);

  it('keeps well-formed values and falls back to the defaults for the rest', () => {
    assert.deepEqual(folderOptionsFrom(undefined), DEFAULT_SETTINGS);
    assert.deepEqual(
      folderOptionsFrom({
        checkWorkspace: false,
        maxFileSize: 2048,
        clauseTextFile: 'iec.md',
        rules: { 'clause-uncovered': 'off', 'unknown-clause': 'hint', 'no-such-rule': 'off', 'duplicate-id': 'loud' },
      }),
      { checkWorkspace: false, maxFileSize: 2048, clauseTextFile: 'iec.md', rules: { 'clause-uncovered': 'off', 'unknown-clause': 'hint' } },
    );
    const junk = folderOptionsFrom({ checkWorkspace: 'yes', maxFileSize: -1, rules: ['off'] });
    assert.deepEqual(junk, DEFAULT_SETTINGS);
    assert.equal(folderOptionsFrom({ maxFileSize: Number.NaN }).maxFileSize, DEFAULT_SETTINGS.maxFileSize);
  });

  it('reads clauseGuide.maxFileSize written with a unit, as .clause-guide.yaml does', () => {
    assert.equal(folderOptionsFrom({ maxFileSize: '10 MB' }).maxFileSize, 10 * 1024 * 1024);
    assert.equal(folderOptionsFrom({ maxFileSize: '512 KiB' }).maxFileSize, 512 * 1024);
    assert.equal(folderOptionsFrom({ maxFileSize: ' 2048 ' }).maxFileSize, 2048);
    for (const junk of ['large', '', '0 MB', [10], { MB: 10 }]) assert.equal(folderOptionsFrom({ maxFileSize: junk }).maxFileSize, DEFAULT_SETTINGS.maxFileSize, JSON.stringify(junk));
  });

  it("lets the editor setting, not the workspace's .clause-guide.yaml, go above the ceiling", () => {
    const MB = 1024 * 1024;
    assert.equal(MAX_FILE_SIZE_CEILING, 16 * MB);
    assert.deepEqual(fileSizeLimit(1024 * MB, DEFAULT_SETTINGS.maxFileSize), { limit: 16 * MB, capped: true });
    assert.deepEqual(fileSizeLimit(1024 * MB, 64 * MB), { limit: 64 * MB, capped: true });
    assert.deepEqual(fileSizeLimit(32 * MB, 64 * MB), { limit: 32 * MB, capped: false });
    assert.deepEqual(fileSizeLimit(2048, 64 * MB), { limit: 2048, capped: false }, 'a configuration may always lower it');
    assert.deepEqual(fileSizeLimit(undefined, 64 * MB), { limit: 64 * MB, capped: false });
    assert.deepEqual(fileSizeLimit(undefined), { limit: 5 * MB, capped: false });
  });

  it('falls back to the default for a clause text file that is not a string', () => {
    for (const clauseTextFile of [['a.md'], { path: 'a.md' }, 42, true, null]) {
      assert.equal(folderOptionsFrom({ clauseTextFile }).clauseTextFile, DEFAULT_SETTINGS.clauseTextFile, JSON.stringify(clauseTextFile));
    }
    for (const value of [null, 'clauseGuide', [], 7]) assert.deepEqual(folderOptionsFrom(value), DEFAULT_SETTINGS, JSON.stringify(value));
  });
});
