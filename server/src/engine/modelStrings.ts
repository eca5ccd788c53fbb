// The strings models share: field names (one string per distinct key, not one per field) and short
// values (ids, phases, levels, clause numbers). A table belongs to whoever builds many models, the
// workspace index usually, and is bounded: nothing here grows with the life of the process.
import { fieldName } from './schema';
import { detached } from './text';

/** Values this short are interned; longer ones rarely repeat. */
const INTERNED_MAX_LENGTH = 12;
/** How many short values a table holds before it is emptied and starts again. */
const INTERNED_CAPACITY = 20_000;
/** How many distinct written keys are remembered; past that, names are worked out each time. */
const KEY_NAMES_CAPACITY = 10_000;

export class ModelStrings {
  /** Written key → field name; copies, as the table outlives the files (see `detached`). */
  private readonly keyNames = new Map<string, string>();
  private readonly interned = new Map<string, string>();

  /** The field name of a key as written (`Threats` → `threats`), one string per distinct key. */
  key(written: string): string {
    let name = this.keyNames.get(written);
    if (name === undefined) {
      name = detached(fieldName(written));
      if (this.keyNames.size < KEY_NAMES_CAPACITY) this.keyNames.set(detached(written), name);
    }
    return name;
  }

  /**
   * A short value, one string per distinct text. Short values repeat: a threat id in every
   * requirement and control that cites it, the same phases, levels and clause numbers in every
   * item. V8 copies a short slice of the file, so each repeat was its own string: 300,000 copies in
   * a product line of 5,000 documents. Files are read folder by folder, so a bounded table, emptied
   * when full, still finds most repeats.
   */
  value(text: string): string {
    if (text.length > INTERNED_MAX_LENGTH) return text;
    const known = this.interned.get(text);
    if (known !== undefined) return known;
    if (this.interned.size >= INTERNED_CAPACITY) this.interned.clear();
    this.interned.set(text, text);
    return text;
  }
}
