/**
 * @module Loads heliosctl's CommonJS bundle with V8's code cache beside it (what v8-compile-cache does, and Node 22's
 * module.enableCompileCache, which Node 20 lacks): a run that finds the cache skips parsing and compiling the ~1 MB
 * bundle; a run that finds none, or one V8 rejects (another Node version), writes a fresh one as it exits.
 */
import { accessSync, constants, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { Script } from 'node:vm'

// The source starts on line 2, and lineOffset -1 puts it back on line 1: stack traces keep the bundle's positions.
const WRAPPER = '(function (exports, require, module, __filename, __dirname) {\n'

/** What a load did with the cache: `used`, `written` (at exit) or `none` (cannot be written there). */
export type CacheOutcome = 'used' | 'written' | 'none'

/** Runs `file` as a CommonJS module, compiled with the code cache in `cacheFile`; answers its exports. */
export function requireWithCodeCache(
  file: string,
  cacheFile: string,
  onExit: (write: () => void) => void = (write) => process.once('exit', write),
): { exports: Record<string, unknown>; cache: CacheOutcome } {
  const cachedData = readCache(cacheFile)
  const script = new Script(`${WRAPPER}${readFileSync(file, 'utf8').replace(/^#!.*/, '')}\n})`, {
    filename: file,
    lineOffset: -1,
    cachedData,
    // No import() callback: code from a cache would lose it; the bundle imports through the bin (esm-only.ts).
  })
  const module = { exports: {} as Record<string, unknown> }
  const wrapped = script.runInThisContext() as (...args: unknown[]) => void
  wrapped.call(module.exports, module.exports, createRequire(file), module, file, dirname(file))
  let cache: CacheOutcome = 'used'
  if (cachedData === undefined || script.cachedDataRejected === true) {
    cache = writable(cacheFile) ? 'written' : 'none'
    // At exit the cache also holds the functions this run compiled lazily, not only the top level.
    if (cache === 'written') onExit(() => writeCache(cacheFile, script))
  }
  return { exports: module.exports, cache }
}

function readCache(cacheFile: string): Buffer | undefined {
  try {
    return readFileSync(cacheFile)
  } catch {
    return undefined
  }
}

// A read-only install (a global npm install used by another user) keeps whatever cache the build left.
function writable(cacheFile: string): boolean {
  try {
    accessSync(dirname(cacheFile), constants.W_OK)
    return true
  } catch {
    return false
  }
}

// Written aside and renamed: two heliosctl runs exiting at once never leave half a cache for a third to read.
function writeCache(cacheFile: string, script: Script): void {
  const partial = `${cacheFile}.${process.pid}.partial`
  try {
    writeFileSync(partial, script.createCachedData())
    renameSync(partial, cacheFile)
  } catch {
    // Only start-up time is lost; a partial file left by a failed rename would stay for ever.
    rmSync(partial, { force: true })
  }
}
