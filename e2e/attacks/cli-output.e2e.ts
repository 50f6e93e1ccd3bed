// Issue 13 items 3 and 11 through the real heliosctl against a real apiserver: stored escape sequences never reach
// the terminal, one long value never makes every row long, and a manifest with an unknown YAML tag is refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type ApiserverHandle, heliosctl, startApiserver, startZooKeeper, type ZooKeeperHandle } from '../harness.js'

const API = '/apis/helios/v1'
// ESC-based clear screen and title change, an OSC 8 link, a C1 CSI, a bidi override, a BEL, a DEL.
const HOSTILE =
  '\u001b[2J\u001b]0;pwned\u0007\u001b]8;;http://evil\u001b\\click\u001b]8;;\u001b\\\u009b31m\u202egnp.exe\u007f'
/** C0 but newline and tab, DEL, C1, and the bidi embeddings, overrides and isolates. */
const hasRawControl = (text: string): boolean =>
  [...text].some((ch) => {
    const c = ch.codePointAt(0) ?? 0
    return (
      (c < 0x20 && c !== 0x0a && c !== 0x09) ||
      (c >= 0x7f && c <= 0x9f) ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069)
    )
  })
let zk: ZooKeeperHandle
let apiserver: ApiserverHandle
let dir: string

async function post(path: string, body: unknown): Promise<number> {
  const res = await fetch(apiserver.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  await res.arrayBuffer()
  return res.status
}

beforeAll(async () => {
  zk = await startZooKeeper()
  apiserver = await startApiserver({ zk: zk.connect, extraArgs: ['--no-controllers'] })
  dir = mkdtempSync(join(tmpdir(), 'helios-cli-output-'))
  const job = (name: string, annotations: Record<string, string>) => ({
    apiVersion: 'helios/v1',
    kind: 'Job',
    metadata: { name, annotations, labels: {} },
    spec: { image: 'helios-test/busybox:latest', env: { NOTE: HOSTILE }, command: ['sh', '-c', HOSTILE] },
  })
  expect(await post(`${API}/jobs`, job('evil:v1', { note: HOSTILE }))).toBe(201)
  // One name at the cap: every row must not grow to its width.
  expect(await post(`${API}/jobs`, job(`${'n'.repeat(200)}:${'v'.repeat(52)}`, {}))).toBe(201)
  for (let i = 0; i < 20; i++) expect(await post(`${API}/jobs`, job(`web${i}:v1`, {}))).toBe(201)
  const event = {
    apiVersion: 'helios/v1',
    kind: 'Event',
    metadata: { name: 'evil.1' },
    involvedObject: { kind: 'Job', name: 'evil:v1' },
    reason: 'Hostile',
    message: HOSTILE,
    source: { component: 'controller' },
    timestamp: new Date().toISOString(),
  }
  expect(await post(`${API}/events`, event)).toBe(201)
})
afterAll(async () => {
  await apiserver?.stop()
  await zk?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const ctl = (...args: string[]) => heliosctl(args, { server: apiserver.url })

test('no raw control character reaches the terminal from stored data, in any human view', async () => {
  for (const args of [
    ['get', 'jobs'],
    ['get', 'jobs', '-o', 'wide'],
    ['get', 'events'],
    ['describe', 'job', 'evil:v1'],
    ['jobs'],
    ['jobs', '-v'],
    ['inspect', 'evil:v1'],
    ['get', 'job', 'evil:v1', '-o', 'yaml'],
    ['get', 'job', 'evil:v1', '-o', 'json'],
  ]) {
    const out = await ctl(...args)
    expect(out.code, `${args.join(' ')}: ${out.stderr}`).toBe(0)
    expect(hasRawControl(out.stdout), `${args.join(' ')} printed a raw control character`).toBe(false)
    expect(hasRawControl(out.stderr), `${args.join(' ')} wrote a raw control character to stderr`).toBe(false)
  }
  // Machine output keeps the value exactly: it reads back byte for byte.
  const json = JSON.parse((await ctl('get', 'job', 'evil:v1', '-o', 'json')).stdout)
  expect(json.metadata.annotations.note).toBe(HOSTILE)
})

test('one name at the cap does not widen every row of a table', async () => {
  const longName = `${'n'.repeat(200)}:${'v'.repeat(52)}`
  for (const args of [['get', 'jobs'], ['jobs']]) {
    const out = await ctl(...args)
    // Each cell is cut at 80 characters (the full name is in -o wide and json): a row is bounded by its columns,
    // not by the longest value ever stored (a 260,000-character name once made `jobs` write 720 MB).
    expect(out.stdout, args.join(' ')).not.toContain(longName)
    const lines = out.stdout.trimEnd().split('\n')
    const columns = (lines[0] ?? '').trim().split(/\s{2,}/).length
    expect(Math.max(...lines.map((line) => line.length)), args.join(' ')).toBeLessThanOrEqual(columns * 83)
    expect(out.stdout.length, args.join(' ')).toBeLessThan(lines.length * columns * 83)
  }
  expect((await ctl('get', 'jobs', '-o', 'wide')).stdout).toContain(longName)
})

test('a manifest with an unknown YAML tag is refused naming the file and line; nothing is applied', async () => {
  const file = join(dir, 'tagged.yaml')
  writeFileSync(
    file,
    [
      'apiVersion: helios/v1',
      'kind: Job',
      'metadata:',
      '  name: tagged:v1',
      'spec:',
      '  image: !foo nginx:1.7.1',
      '',
    ].join('\n'),
  )
  const out = await ctl('apply', '-f', file)
  expect(out.code).toBe(1)
  expect(out.stderr).toMatch(new RegExp(`^error: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:6:`))
  expect(out.stderr).toContain('!foo')
  expect((await ctl('get', 'job', 'tagged:v1')).code).toBe(1)
})
