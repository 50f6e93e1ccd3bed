/** @module `-f FILE|DIR|-` → validated manifests; every file is parsed before the caller sends anything. */
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { type ParsedManifest, parseManifests } from '../apis/index.js'

const MANIFEST_FILE = /\.(ya?ml|json)$/i

/**
 * Reads every path (a directory contributes its *.yaml, *.yml and *.json files in name order; `-`
 * is stdin) and parses all of them. Throws on the first unreadable or invalid file, so one bad
 * file means nothing is applied.
 */
export async function loadManifests(
  paths: readonly string[],
  readStdin: () => Promise<string>,
): Promise<ParsedManifest[]> {
  const texts: Array<{ file: string; text: string }> = []
  for (const path of paths) {
    if (path === '-') {
      if (texts.some((t) => t.file === '<stdin>')) throw new Error('-f - may be given only once')
      texts.push({ file: '<stdin>', text: await readStdin() })
      continue
    }
    for (const file of await expand(path)) texts.push({ file, text: await readFile(file, 'utf8') })
  }
  return texts.flatMap(({ file, text }) => parseManifests(text, file))
}

async function expand(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined)
  if (!info) throw new Error(`the path "${path}" does not exist`)
  if (!info.isDirectory()) return [path]
  const entries = await readdir(path, { withFileTypes: true })
  return entries
    .filter((e) => e.isFile() && MANIFEST_FILE.test(e.name))
    .map((e) => e.name)
    .sort()
    .map((name) => join(path, name))
}
