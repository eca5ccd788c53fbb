// ajv with its formats, in one module: schemas.ts requires it when it first compiles a schema, and the
// bundles keep it in one file of its own (dist/vendor/ajv.js, see esbuild.mjs), so ajv-formats and the
// ajv it extends are one copy (ajv's generated code tells its own code objects by their class).
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

export { Ajv, addFormats };
