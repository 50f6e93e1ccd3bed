import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { JOB } from '../testing/fixtures.js'
import { isManifestName, readFolder } from './folder-read.js'
import { watchFolder } from './folder-watcher.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heliosctl-watcher-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('the watched folder', () => {
  test('manifests are *.yaml, *.yml and *.json; hidden files, README.md and editor files are not', () => {
    for (const name of ['web.yaml', 'web.yml', 'WEB.YAML', 'web.json']) expect(isManifestName(name), name).toBe(true)
    for (const name of ['README.md', '.git', '.web.yaml.swp', '.#web.yaml', 'web.yaml~', '4913', 'web.yaml.tmp'])
      expect(isManifestName(name), name).toBe(false)
  })

  test('readFolder parses each file on its own and skips subfolders and other files', async () => {
    await writeFile(join(dir, 'a.yaml'), JOB)
    await writeFile(join(dir, 'b.yaml'), 'kind: Job\nmetadata: {name: [\n')
    await writeFile(join(dir, 'README.md'), '# not a manifest')
    await mkdir(join(dir, 'sub.yaml'))
    const reads = await readFolder(dir)
    expect(reads.map((r) => r.file)).toEqual([join(dir, 'a.yaml'), join(dir, 'b.yaml')])
    expect(reads[0]).toMatchObject({ manifests: [{ object: { kind: 'Job' } }] })
    expect(reads[1]).toMatchObject({ error: expect.stringMatching(/b\.yaml:\d+:\d+: malformed YAML/) })
    await expect(readFolder(join(dir, 'gone'))).rejects.toThrow(/ENOENT/)
  })

  test('chokidar wakes the loop for a manifest file, not for README.md', async () => {
    const onChange = vi.fn()
    const watch = await watchFolder(dir, onChange)
    try {
      await writeFile(join(dir, 'README.md'), '# docs')
      await writeFile(join(dir, 'web.yaml'), JOB)
      await vi.waitFor(() => expect(onChange).toHaveBeenCalled(), { timeout: 5000 })
      const calls = onChange.mock.calls.length
      await writeFile(join(dir, 'README.md'), '# more docs')
      await new Promise((r) => setTimeout(r, 300))
      expect(onChange.mock.calls.length).toBe(calls)
    } finally {
      await watch.close()
    }
  })
})
