// The CycloneDX validators the build compiles ahead of time (ajv standalone code, see
// server/src/tools/cyclonedxValidators.ts) must judge every SBOM as the validators a run compiles:
// the same verdict, and a schema-invalid file the same evidence-file-invalid problem at the same place.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { CYCLONEDX_SCHEMA_REFS } from '../../../server/src/engine/evidence/cyclonedx';
import { schemaProblem, validatorFor } from '../../../server/src/engine/evidence/schemas';
import { readEvidenceSchema } from '../../../server/src/node/evidenceSchemas';
import { cycloneDxValidatorsCode } from '../../../server/src/tools/cyclonedxValidators';
import { REPO_ROOT } from '../../support/fixtures';

/** Loads standalone code as a module would be, resolving ajv's runtime from the repository's node_modules. */
function load(code: string): Record<string, ValidateFunction> {
  const module = { exports: {} as Record<string, ValidateFunction> };
  new Function('require', 'module', 'exports', code)(createRequire(path.join(REPO_ROOT, 'package.json')), module, module.exports);
  return module.exports;
}

describe('CycloneDX validators compiled ahead of time', function () {
  this.timeout(120_000);

  it('give the verdict and the problem of the validators compiled at run time, on valid and schema-invalid SBOMs of 1.4, 1.5 and 1.6', () => {
    const precompiled = load(cycloneDxValidatorsCode(readEvidenceSchema));
    const npm = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'sbom', 'clause-guide.cdx.json'), 'utf8'));
    const variants: [string, (bom: Record<string, unknown>) => void][] = [
      ['as written by cyclonedx-npm', () => {}],
      ['a component of an unknown type', (bom) => ((bom.components as Record<string, unknown>[])[0].type = 'lib')],
      ['a component without a name', (bom) => delete (bom.components as Record<string, unknown>[])[1].name],
      ['a property the schema does not allow', (bom) => (bom.vendorNote = 'x')],
      ['a malformed serial number', (bom) => (bom.serialNumber = 'not-a-urn')],
      ['a hash of the wrong algorithm', (bom) => ((bom.components as Record<string, unknown>[])[2].hashes = [{ alg: 'MD6', content: 'ab' }])],
    ];
    let invalid = 0;
    for (const version of ['1.4', '1.5', '1.6']) {
      const name = `bom-${version}`;
      const atRunTime = validatorFor(name, CYCLONEDX_SCHEMA_REFS);
      assert.ok(atRunTime && precompiled[name], name);
      for (const [what, change] of variants) {
        const bom = structuredClone({ ...npm, specVersion: version });
        change(bom);
        const expected = atRunTime(bom) as boolean;
        const actual = precompiled[name](bom);
        assert.equal(actual, expected, `${name}, ${what}`);
        if (!expected) {
          invalid++;
          assert.deepEqual(schemaProblem(precompiled[name].errors, `CycloneDX ${version}`), schemaProblem(atRunTime.errors, `CycloneDX ${version}`), `${name}, ${what}`);
        }
      }
    }
    assert.ok(invalid >= 12, `${invalid} schema-invalid cases`);
  });
});
