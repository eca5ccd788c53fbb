// Reading a parsed JSON value whose shape nobody promised: each accessor checks the type it needs
// and, when it is wrong, records a problem at the JSON Pointer (RFC 6901) of the value, so a
// reader never throws on a file another tool (or a person) wrote, and the file's one
// evidence-file-invalid finding can point at the first thing that is wrong.

export interface ShapeProblem {
  /** JSON Pointer of the offending value ('' is the whole document). */
  pointer: string;
  message: string;
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `table[key]` for a key read from a file: never a member of Object.prototype (`constructor`). */
export function lookup<V>(table: Readonly<Record<string, V>>, key: unknown): V | undefined {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The pointer of a member of the value at `pointer`. */
export function child(pointer: string, key: string | number): string {
  return `${pointer}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** Collects the problems of one file while its reader walks it. */
export class ShapeReader {
  readonly problems: ShapeProblem[] = [];

  problem(pointer: string, message: string): void {
    // One finding per file reports the first; a few more are kept for the message and the tests.
    if (this.problems.length < 20) this.problems.push({ pointer, message });
  }

  /** `object[key]` as an array: missing is `[]` unless required; another type is a problem. */
  array(object: JsonObject, pointer: string, key: string, required = false): unknown[] {
    const value = object[key];
    if (Array.isArray(value)) return value;
    if (value === undefined || value === null) {
      if (required) this.problem(pointer, `\`${key}\` is missing: it must be a list.`);
    } else {
      this.problem(child(pointer, key), `\`${key}\` must be a list, not ${describe(value)}.`);
    }
    return [];
  }

  /** `object[key]` as an object; undefined (and a problem if required or of another type) otherwise. */
  object(object: JsonObject, pointer: string, key: string, required = false): JsonObject | undefined {
    const value = object[key];
    if (isObject(value)) return value;
    if (value === undefined || value === null) {
      if (required) this.problem(pointer, `\`${key}\` is missing: it must be an object.`);
    } else {
      this.problem(child(pointer, key), `\`${key}\` must be an object, not ${describe(value)}.`);
    }
    return undefined;
  }

  /** `object[key]` as a string, trimmed; undefined (and a problem if required, empty or of another type) otherwise. */
  string(object: JsonObject, pointer: string, key: string, required = false): string | undefined {
    const value = object[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
    if (value === undefined || value === null || value === '') {
      if (required) this.problem(value === '' ? child(pointer, key) : pointer, `\`${key}\` is missing: it must be a text.`);
    } else {
      this.problem(child(pointer, key), `\`${key}\` must be a text, not ${describe(value)}.`);
    }
    return undefined;
  }

  /** The items of a list that are objects, with their pointers, in order; any other item is a problem when reached. */
  *objects(list: unknown[], pointer: string, what: string): Generator<[JsonObject, string]> {
    for (let index = 0; index < list.length; index++) {
      const item = list[index];
      if (isObject(item)) yield [item, child(pointer, index)];
      else this.problem(child(pointer, index), `Each ${what} must be an object, not ${describe(item)}.`);
    }
  }

  /** The texts of a list of strings; any other item is a problem. */
  strings(list: unknown[], pointer: string): string[] {
    const found: string[] = [];
    list.forEach((item, index) => {
      if (typeof item === 'string') {
        if (item.trim()) found.push(item.trim());
      } else {
        this.problem(child(pointer, index), `Expected a text, not ${describe(item)}.`);
      }
    });
    return found;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
