/** @module `-f FILE|DIR|-` → validated manifests; every file is parsed before the caller sends anything. */
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { type ParsedManifest, parseManifests } from '../apis/index.js'

const MANIFEST_FILE = /\.(ya?ml|json)$/i

export interface LoadOptions {
  /** `-R`: a directory also contributes its subdirectories' files (kubectl: only the top level without it). */
  recursive?: boolean
}

/**
 * Reads every path (a directory contributes its *.yaml, *.yml and *.json files in name order; `-`
 * is stdin) and parses all of them. Throws on the first unreadable or invalid file, so one bad
 * file means nothing is applied.
 */
export async function loadManifests(
  paths: readonly string[],
  readStdin: () => Promise<string>,
  opts: LoadOptions = {},
): Promise<ParsedManifest[]> {
  const texts: Array<{ file: string; text: string }> = []
  for (const path of paths) {
    if (path === '-') {
      if (texts.some((t) => t.file === '<stdin>')) throw new Error('-f - may be given only once')
      texts.push({ file: '<stdin>', text: await readStdin() })
      continue
    }
    for (const file of await expand(path, opts.recursive === true))
      texts.push({ file, text: await readFile(file, 'utf8') })
  }
  return texts.flatMap(({ file, text }) => parseManifests(text, file))
}

async function expand(path: string, recursive: boolean): Promise<string[]> {
  const info = await stat(path).catch(() => undefined)
  if (!info) throw new Error(`the path "${path}" does not exist`)
  return info.isDirectory() ? filesIn(path, recursive) : [path]
}

// Name order; with `recursive`, a subdirectory's files come where its name sorts (kubectl's walk order).
async function filesIn(dir: string, recursive: boolean): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))
  const files: string[] = []
  for (const e of entries) {
    const path = join(dir, e.name)
    if (e.isFile() && MANIFEST_FILE.test(e.name)) files.push(path)
    else if (recursive && e.isDirectory()) files.push(...(await filesIn(path, true)))
  }
  return files
}
