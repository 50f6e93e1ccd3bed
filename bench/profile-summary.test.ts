import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { printProfileSummary } from './profile-print.js'
import { areaOf, type CpuProfile, fileOf, readProfileSummary, summarizeProfile } from './profile-summary.js'

const frame = (id: number, functionName: string, url = '', lineNumber = 0, children?: number[]) => ({
  id,
  callFrame: { functionName, url, lineNumber },
  ...(children ? { children } : {}),
})

// Sample i lasts until sample i+1 (the last one until endTime): 1, 2, 4 (idle), 0.5, 1.5, 3, 1, 0.25, 0.75, 1 ms.
// Stacks: handle (app.js) calls parse (zod), an anonymous function of app.js, and node's emit, which calls native code.
const profile: CpuProfile = {
  nodes: [
    frame(1, '(root)', '', 0, [2, 4, 5, 9, 10]),
    frame(2, 'handle', 'file:///repo/dist/apiserver/app.js', 9, [3, 6, 8]),
    frame(3, 'parse', 'file:///repo/node_modules/zod/v4/core/parse.js'),
    frame(4, '(garbage collector)'),
    frame(5, '(idle)'),
    frame(6, '', 'file:///repo/dist/apiserver/app.js', 41),
    frame(7, 'JSONStringify'),
    frame(8, 'emit', 'node:events', 5, [7]),
    frame(9, 'sha256', 'file:///repo/node_modules/@noble/hashes/sha2.js'),
    frame(10, 'getChildren', 'file:///repo/dist/apiserver/storage/zk%20ops.js'),
  ],
  startTime: 1000,
  endTime: 16_100,
  samples: [2, 3, 5, 4, 6, 2, 9, 10, 8, 7],
  timeDeltas: [100, 1000, 2000, 4000, 500, 1500, 3000, 1000, 250, 750],
}

describe('summarizeProfile', () => {
  const summary = summarizeProfile(profile, '/repo')

  test('totals: every sample counts until the next one, idle is set apart from busy', () => {
    expect(summary.totalMs).toBeCloseTo(15)
    expect(summary.idleMs).toBeCloseTo(4)
    expect(summary.busyMs).toBeCloseTo(11)
    expect(summary.gcMs).toBeCloseTo(0.5)
  })

  test('functions by self time, idle left out, one entry per function and line, percent of busy time', () => {
    const top = summary.functions.map((f) => [f.name, f.file, Number(f.selfMs.toFixed(2))])
    expect(top.slice(0, 3)).toEqual([
      ['handle', 'dist/apiserver/app.js:10', 3 + 1],
      ['parse', 'node_modules/zod/v4/core/parse.js:1', 2],
      ['(anonymous)', 'dist/apiserver/app.js:42', 1.5],
    ])
    expect(summary.functions.find((f) => f.name === 'handle')?.percent).toBeCloseTo((4 / 11) * 100)
    expect(summary.functions.map((f) => f.name)).not.toContain('(idle)')
    expect(summary.functions.find((f) => f.name === '(garbage collector)')?.file).toBe('')
  })

  test('files sum their functions; percent-encoded paths are decoded; V8 entries stand as their own file', () => {
    const files = Object.fromEntries(summary.files.map((f) => [f.name, Number(f.selfMs.toFixed(2))]))
    expect(files).toEqual({
      'dist/apiserver/app.js': 5.5,
      'node_modules/zod/v4/core/parse.js': 2,
      'node_modules/@noble/hashes/sha2.js': 1,
      JSONStringify: 1,
      'node:events': 0.75,
      '(garbage collector)': 0.5,
      'dist/apiserver/storage/zk ops.js': 0.25,
    })
    expect(summary.files[0]?.percent).toBeCloseTo(50)
  })

  test('areas: our folders, npm packages (scoped too), node, native code', () => {
    const areas = summary.areas.map((a) => [a.name, Number(a.selfMs.toFixed(2))])
    expect(areas).toEqual([
      ['apiserver', 5.5],
      ['zod', 2],
      ['@noble/hashes', 1],
      ['(native)', 1],
      ['node', 0.75],
      ['(garbage collector)', 0.5],
      ['apiserver/storage', 0.25],
    ])
  })

  test("charged: node's and native time goes to the nearest file of ours or a package calling in", () => {
    const charged = Object.fromEntries(summary.charged.map((f) => [f.name, Number(f.selfMs.toFixed(2))]))
    expect(charged).toEqual({
      'dist/apiserver/app.js': 4 + 1.5 + 0.75 + 1,
      'node_modules/zod/v4/core/parse.js': 2,
      'node_modules/@noble/hashes/sha2.js': 1,
      '(garbage collector)': 0.5,
      'dist/apiserver/storage/zk ops.js': 0.25,
    })
  })

  test('charged: with nobody of ours up the stack, native time stays itself; a stack 10,000 deep is walked', () => {
    const depth = 10_000
    const chain = Array.from({ length: depth }, (_, i) =>
      frame(i + 2, `f${i}`, i === 0 ? 'file:///repo/dist/deep.js' : 'node:internal/x', 0, [i + 3]),
    )
    const lonely = summarizeProfile(
      {
        nodes: [
          frame(1, '(root)', '', 0, [2, 50_000]),
          ...chain,
          frame(depth + 2, 'writeBuffer'),
          frame(50_000, 'tick', 'node:internal/timers', 0, [50_001]),
          frame(50_001, 'writev'),
        ],
        startTime: 0,
        endTime: 4000,
        samples: [depth + 2, 50_001, depth + 1, depth + 2],
        timeDeltas: [0, 1000, 1000, 1000],
      },
      '/repo',
    )
    expect(lonely.charged.map((f) => [f.name, f.selfMs])).toEqual([
      ['dist/deep.js', 3],
      ['writev', 1],
    ])
  })

  test('top cuts each list', () => {
    const short = summarizeProfile(profile, '/repo', 2)
    expect(short.functions).toHaveLength(2)
    expect(short.files.map((f) => f.name)).toEqual(['dist/apiserver/app.js', 'node_modules/zod/v4/core/parse.js'])
  })

  test('a negative time delta (V8 emits them) counts as none; a sample of an unknown node is skipped', () => {
    const odd = summarizeProfile({
      nodes: [frame(1, 'a', 'file:///repo/a.js'), frame(2, 'b', 'file:///repo/b.js')],
      startTime: 0,
      endTime: 3000,
      samples: [1, 99, 2],
      timeDeltas: [1000, -500, 1000],
    })
    // stamps 1000, 1000, 2000: a lasts 0, the unknown 1000 (skipped), b until endTime 1000.
    expect(odd.totalMs).toBeCloseTo(1)
    expect(odd.functions.map((f) => [f.name, f.selfMs])).toEqual([
      ['b', 1],
      ['a', 0],
    ])
  })

  test('an empty profile sums to zero without dividing by it', () => {
    const empty = summarizeProfile({ nodes: [], startTime: 5, endTime: 5, samples: [], timeDeltas: [] })
    expect(empty).toMatchObject({ totalMs: 0, busyMs: 0, functions: [], files: [], areas: [] })
    expect(printProfileSummary('empty', empty)).toContain('empty: 0.0 s sampled')
  })
})

describe('fileOf and areaOf', () => {
  test('dependencies from node_modules on, even nested or outside the root; our files relative to the root', () => {
    expect(fileOf('file:///elsewhere/x/node_modules/a/node_modules/b/i.js', '/repo')).toBe('node_modules/b/i.js')
    expect(fileOf('file:///repo/apiserver/app.ts', '/repo/')).toBe('apiserver/app.ts')
    expect(fileOf('file:///repository/app.js', '/repo')).toBe('/repository/app.js')
    expect(fileOf('node:internal/streams/writable', '/repo')).toBe('node:internal/streams/writable')
  })

  test('a file straight in dist or the root is its own area', () => {
    expect(areaOf('dist/main.js', 'f')).toBe('main.js')
    expect(areaOf('client/informer.ts', 'f')).toBe('client')
    expect(areaOf('', '(program)')).toBe('(program)')
  })
})

test('readProfileSummary reads a .cpuprofile and refuses other JSON with the file named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'profile-summary-'))
  writeFileSync(join(dir, 'p.cpuprofile'), JSON.stringify(profile))
  expect(readProfileSummary(join(dir, 'p.cpuprofile'), '/repo').busyMs).toBeCloseTo(11)
  writeFileSync(join(dir, 'bad.cpuprofile'), JSON.stringify({ nodes: [] }))
  expect(() => readProfileSummary(join(dir, 'bad.cpuprofile'))).toThrow(/bad\.cpuprofile is not a V8 CPU profile/)
})

test('printProfileSummary: a headline, then functions, files and areas', () => {
  const text = printProfileSummary('one-0', summarizeProfile(profile, '/repo'), 3)
  expect(text.split('\n')[0]).toBe('one-0: 0.0 s sampled, 0.0 s busy (73%), GC 0.0 s')
  expect(text).toMatch(/^4 +36\.4% +handle +dist\/apiserver\/app\.js:10$/m)
  expect(text).toMatch(/^6 +50\.0% +dist\/apiserver\/app\.js$/m)
  expect(text).toMatch(/^6 +50\.0% +apiserver$/m)
  const all = printProfileSummary('one-0', summarizeProfile(profile, '/repo'))
  expect(all).toMatch(/^1 +9\.1% +JSONStringify +\(native\)$/m)
  expect(all).toMatch(/^1 +4\.5% +\(garbage collector\)$/m)
})
