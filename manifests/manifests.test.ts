import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { parseManifests } from '../apis/index.js'

const dir = new URL('.', import.meta.url).pathname
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))

test('the examples folder is not empty', () => {
  expect(files.length).toBeGreaterThan(0)
})

test.each(files)('%s parses through parseManifests', (file) => {
  const docs = parseManifests(readFileSync(join(dir, file), 'utf8'), file)
  expect(docs.length).toBeGreaterThan(0)
})
