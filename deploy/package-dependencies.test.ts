// `npm install -g` brings only package.json's dependencies: they must be exactly what the shipped code imports.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')
// The folders whose build package.json's `files` ships (dist/<folder>, heliosctl as its bundle).
const SHIPPED = ['apis', 'client', 'apiserver', 'controllers', 'agent', 'heliosctl']
// What tsconfig.json's exclude keeps out of dist/.
const TEST_CODE = /\.test\.tsx?$|(^|\/)testing\/|-fixture\.ts$|-contract\.ts$/
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}

/** The packages the shipped sources import (`react` for the JSX runtime of .tsx files), by package name. */
function importedPackages(): Set<string> {
  const sources = SHIPPED.flatMap((folder) =>
    readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.tsx?$/.test(file) && !TEST_CODE.test(file))
      .map((file) => join(ROOT, folder, file)),
  )
  const names = new Set<string>()
  for (const file of sources) {
    const text = readFileSync(file, 'utf8')
    if (file.endsWith('.tsx')) names.add('react')
    for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)'([^'.][^']*)'/gm)) {
      const specifier = m[1]!
      if (specifier.startsWith('node:')) continue
      const parts = specifier.split('/')
      names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!)
    }
  }
  return names
}

it('lists in dependencies every package the shipped code imports, and only those', () => {
  const imported = importedPackages()
  expect([...imported].filter((name) => !(name in pkg.dependencies)).sort()).toEqual([])
  expect(Object.keys(pkg.dependencies).filter((name) => !imported.has(name))).toEqual([])
  expect(Object.keys(pkg.dependencies).filter((name) => name in pkg.devDependencies)).toEqual([])
})
