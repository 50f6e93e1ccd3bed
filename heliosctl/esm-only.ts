/**
 * @module ES-module-only packages a lazily loaded verb needs (ink has top-level await; chokidar). The bundled CLI is
 * CommonJS compiled with V8's code cache (code-cache.ts): it can neither require() them nor import() them (code from
 * a code cache has lost its import() callback). So the bin, a real ES module, imports them on the bundle's behalf,
 * and scripts/bundle-cli.mjs turns the bundle's `ink` and `chokidar` imports into reads of what was kept here. Run
 * from source (tests), the caller's own import() is used.
 */

export type EsmOnly = 'ink' | 'chokidar'

interface Kept {
  /** Set by the bundle's bin: import() on the bundle's behalf. */
  importer?: (name: EsmOnly) => Promise<unknown>
  ink?: unknown
  chokidar?: unknown
}

/** Where the bin's importer and the bundle's stand-ins meet (scripts/bundle-cli.mjs uses the same key). */
export const ESM_ONLY_KEY = Symbol.for('heliosctl.esm-only')

/** Imports `name` (through the bin's importer in the bundle, else `ownImport`) and keeps it for the stand-ins. */
export async function importEsmOnly<T>(name: EsmOnly, ownImport: () => Promise<T>): Promise<T> {
  const global = globalThis as Record<symbol, Kept | undefined>
  const kept = global[ESM_ONLY_KEY] ?? {}
  global[ESM_ONLY_KEY] = kept
  kept[name] ??= kept.importer ? await kept.importer(name) : await ownImport()
  return kept[name] as T
}
