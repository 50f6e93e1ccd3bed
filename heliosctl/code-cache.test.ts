import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'

// Each load runs in a process of its own: within one process V8 compiles a source it has seen from its own
// in-memory cache and never looks at the code cache file, which is what these tests are about.
const dir = mkdtempSync(join(tmpdir(), 'heliosctl-code-cache-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const BUNDLE = `#!/usr/bin/env node
"use strict";
const path = require('node:path');
exports.where = () => [path.basename(__filename), __dirname];
exports.twice = (n) => n * 2;
exports.fail = () => {
  throw new Error('line 7');
};
`
const file = join(dir, 'main.cjs')
const cacheFile = join(dir, 'main.abc.v8cache')
writeFileSync(file, BUNDLE)

/** Loads `file` in a fresh node, calls `call`, and answers what the load did with the cache and what the call gave. */
function load(cache: string, call: string): { cache: string; value: unknown } {
  const script = `
    import { requireWithCodeCache } from ${JSON.stringify(join(import.meta.dirname, 'code-cache.ts'))}
    const { exports, cache } = requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cache)})
    let value
    try { value = exports.${call} } catch (err) { value = err.stack }
    process.stdout.write(JSON.stringify({ cache, value }))`
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: import.meta.dirname, // where tsx is found
  })
  return JSON.parse(out.toString())
}

describe('requireWithCodeCache', () => {
  test('runs the file as a CommonJS module; the first run writes the cache as it exits, the next ones use it', () => {
    expect(load(cacheFile, 'where()')).toEqual({ cache: 'written', value: ['main.cjs', dir] })
    expect(existsSync(cacheFile)).toBe(true)
    expect(load(cacheFile, 'twice(21)')).toEqual({ cache: 'used', value: 42 })
  })

  test("stack traces keep the file's own line numbers (the wrapper adds none)", () => {
    expect(load(cacheFile, 'fail()').value).toContain(`${file}:7:`)
  })

  test('a cache V8 rejects (garbage, another Node) is replaced, and the code still runs', () => {
    const garbage = Buffer.alloc(4096, 7)
    writeFileSync(cacheFile, garbage)
    expect(load(cacheFile, 'twice(2)')).toEqual({ cache: 'written', value: 4 })
    expect(readFileSync(cacheFile).equals(garbage)).toBe(false)
    expect(load(cacheFile, 'twice(3)')).toEqual({ cache: 'used', value: 6 })
  })

  test('a cache that cannot be written (no such folder, a read-only install) is skipped, not fatal', () => {
    expect(load(join(dir, 'missing', 'main.v8cache'), 'twice(5)')).toEqual({ cache: 'none', value: 10 })
  })
})
