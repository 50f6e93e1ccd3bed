import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { heliosctl } from '../testing/cli.js'
import { JOB } from '../testing/fixtures.js'
import { watchOptions } from './watch-command.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heliosctl-watch-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('apply --watch flags', () => {
  test('--prune without --set prunes the set named after the folder; --set names it', async () => {
    const folder = join(dir, 'web-prod')
    await mkdir(folder)
    expect(await watchOptions({ filename: [folder], prune: true })).toEqual({
      dir: folder,
      prune: true,
      set: 'web-prod',
      debounceMs: 300,
      convergeTimeoutMs: 60_000,
    })
    expect((await watchOptions({ filename: [folder], prune: true, set: 'demo' })).set).toBe('demo')
    expect((await watchOptions({ filename: [folder] })).set).toBeUndefined()
  })

  test('usage errors (exit 2): not one directory, --dry-run, --set alone, a folder name unfit for a set', async () => {
    await writeFile(join(dir, 'job.yaml'), JOB)
    const odd = join(dir, 'my folder')
    await mkdir(odd)
    const cases: Array<[string[], string]> = [
      [['-f', '-'], 'error: --watch takes exactly one -f DIR'],
      [['-f', dir, '-f', dir], 'error: --watch takes exactly one -f DIR'],
      [['-f', join(dir, 'job.yaml')], `error: --watch needs a directory; "${join(dir, 'job.yaml')}" is not one`],
      [['-f', dir, '--dry-run'], 'error: --watch cannot be combined with --dry-run'],
      [['-f', dir, '--set', 'x'], 'error: --set is used with --prune'],
      [['-f', odd, '--prune'], 'error: apply set id "my folder" is invalid'],
    ]
    for (const [args, message] of cases) {
      const result = await heliosctl('http://127.0.0.1:9', ['apply', '--watch', ...args])
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr).toContain(message)
    }
    const unfit = await heliosctl('http://127.0.0.1:9', ['apply', '--watch', '-f', odd, '--prune'])
    expect(unfit.stderr).toContain('; name the set with --set NAME')
  })
})
