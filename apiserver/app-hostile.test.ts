// Property tests: random and hostile requests are refused with a 4xx Status and never change the store.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ALL_KINDS, KINDS } from '../apis/index.js'
import { deployment, host, job, serveTestApp, type TestServer, task } from './test-fixture.js'

const API = '/apis/helios/v1'
const RUNS = { numRuns: Number(process.env.HOSTILE_RUNS ?? 200) }
/** Generous: a property that times out keeps sending requests and would disturb the next one's snapshots. */
const TIMEOUT_MS = 600_000
const PLURALS = ALL_KINDS.map((k) => KINDS[k].plural)

let s: TestServer
beforeAll(async () => {
  s = await serveTestApp()
  for (const [plural, obj] of [
    ['jobs', job('nginx:v1')],
    ['hosts', host('h1', { role: 'web' })],
    ['deployments', deployment('web', { job: 'nginx:v1', hosts: ['h1'] })],
    ['tasks', task('web', 'h1')],
  ] as const) {
    const reply = await s.call('POST', `${API}/${plural}`, obj)
    expect(reply.status).toBe(201)
  }
})
afterAll(() => s.close())

interface RawReply {
  status: number
  // biome-ignore lint/suspicious/noExplicitAny: a Status or anything else the server sent
  body: any
}

async function send(method: string, path: string, body?: string | Uint8Array, contentType?: string): Promise<RawReply> {
  const headers: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType }
  const res = await fetch(s.url + path, { method, body, headers })
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {}
  return { status: res.status, body: parsed }
}

/** Every object of every kind, as stored. */
async function snapshot(): Promise<string> {
  const all = await Promise.all(ALL_KINDS.map((k) => s.store.list(k)))
  return JSON.stringify(all.map((l) => l.items))
}

/** Sends the request and checks: < 500 always; a refusal is a 4xx Status with a message and writes nothing. */
async function expectNoHarm(method: string, path: string, body?: string | Uint8Array, contentType?: string) {
  const before = await snapshot()
  const reply = await send(method, path, body, contentType)
  const what = `${method} ${path} ${typeof body === 'string' ? body.slice(0, 300) : ''} → ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`
  expect(reply.status, what).toBeLessThan(500)
  if (reply.status >= 400) {
    expect(reply.body, what).toMatchObject({ kind: 'Status', code: reply.status })
    expect(typeof reply.body.message === 'string' && reply.body.message.length > 0, what).toBe(true)
    expect(await snapshot(), what).toBe(before)
  }
  return reply
}

const hostileString = fc.oneof(
  fc.constantFrom(
    '',
    '/',
    '..',
    '../..',
    'a/b',
    'nginx:v1/../x',
    '\u0000',
    'a\u0000b',
    '\u202e1v:xnign',
    'nginx\u200b:v1',
    'ｎｇｉｎｘ:v1',
    'ﬁ',
    '\ud800',
    '%00',
    '%2F',
    '__proto__',
    'constructor',
    'toString',
    ' nginx:v1',
    'nginx:v1\n',
    '🙂:v1',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1, max: 70_000 }).map((n) => 'x'.repeat(n)),
)

const deep = (depth: number, leaf: unknown): unknown => {
  let v = leaf
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v }
  return v
}

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 10, max: 3000 }).map((d) => deep(d, 'x')),
  fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }),
  fc.array(hostileString, { maxLength: 5 }),
)

/** Valid bodies of each user-facing kind, to be corrupted at one path. */
const VALID: Record<string, () => Record<string, unknown>> = {
  jobs: () => job('fresh:v1', { ports: { http: { internalPort: 80 } }, env: { A: '1' } }),
  deployments: () => deployment('fresh', { job: 'nginx:v1', hosts: ['h1'] }),
  hosts: () => host('fresh', { zone: 'a' }),
  tasks: () => task('fresh', 'h1'),
  events: () => ({ apiVersion: 'helios/v1', kind: 'Event', metadata: { name: 'e1' } }),
}
const PATHS = [
  ['apiVersion'],
  ['kind'],
  ['metadata'],
  ['metadata', 'name'],
  ['metadata', 'labels'],
  ['metadata', 'labels', 'k'],
  ['metadata', 'annotations'],
  ['metadata', 'resourceVersion'],
  ['metadata', 'generation'],
  ['metadata', 'uid'],
  ['spec'],
  ['spec', 'image'],
  ['spec', 'env'],
  ['spec', 'ports'],
  ['spec', 'ports', 'http', 'internalPort'],
  ['spec', 'job'],
  ['spec', 'hosts'],
  ['spec', 'hostSelector'],
  ['spec', 'host'],
  ['spec', 'goal'],
  ['spec', 'token'],
  ['spec', 'expires'],
  ['status'],
  ['status', 'state'],
  ['__proto__'],
  ['spec', '__proto__'],
]

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(obj)
  let at: Record<string, unknown> = copy
  for (const key of path.slice(0, -1)) {
    const next = at[key]
    if (next === null || typeof next !== 'object')
      Object.defineProperty(at, key, { value: {}, enumerable: true, writable: true })
    at = at[key] as Record<string, unknown>
  }
  Object.defineProperty(at, path[path.length - 1] as string, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
  return copy
}

/** Percent-encodes a name; a lone surrogate becomes the invalid UTF-8 it would be. Names stay under Node's header limit. */
function encodeName(name: string): string {
  const short = name.length > 5000 ? name.slice(0, 5000) : name
  try {
    return encodeURIComponent(short)
  } catch {
    return '%ED%A0%80'
  }
}

/** The write endpoints for `plural`, with `name` as the URL's name. */
const writeTargets = (plural: string, name: string): [string, string][] => {
  const n = encodeName(name)
  return [
    ['POST', `${API}/${plural}`],
    ['PUT', `${API}/${plural}/${n}`],
    ['PUT', `${API}/${plural}/${n}/status`],
    ['POST', `${API}/apply`],
  ]
}
const target = fc
  .constantFrom(...PLURALS)
  .chain((plural) =>
    fc.tuple(fc.constant(plural), fc.constantFrom(...writeTargets(plural, plural === 'jobs' ? 'nginx:v1' : 'web'))),
  )

describe('hostile requests never cause a 500 or a partial write', () => {
  test(
    'arbitrary JSON bodies on every write endpoint are refused with a Status',
    async () => {
      await fc.assert(
        fc.asyncProperty(target, fc.jsonValue({ maxDepth: 4 }), async ([, [method, path]], body) => {
          const reply = await expectNoHarm(method, path, JSON.stringify(body), 'application/json')
          expect(reply.status).toBeGreaterThanOrEqual(400)
        }),
        RUNS,
      )
    },
    TIMEOUT_MS,
  )

  test(
    'valid objects with one field made hostile',
    async () => {
      const kindPlural = fc.constantFrom(...Object.keys(VALID))
      await fc.assert(
        fc.asyncProperty(
          kindPlural,
          fc.constantFrom(0, 1, 2, 3),
          fc.constantFrom(...PATHS),
          hostileValue,
          async (plural, which, path, value) => {
            const body = setPath((VALID[plural] as () => Record<string, unknown>)(), path, value)
            const claimed = (body.metadata as { name?: unknown } | undefined)?.name
            const name = typeof claimed === 'string' ? claimed : 'x'
            const [method, url] = writeTargets(plural, name)[which] as [string, string]
            await expectNoHarm(method, url, JSON.stringify(body), 'application/json')
          },
        ),
        RUNS,
      )
    },
    TIMEOUT_MS,
  )

  test(
    'hostile names in the URL',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...PLURALS),
          hostileString,
          fc.constantFrom('GET', 'PUT', 'PUT status', 'DELETE'),
          fc.boolean(),
          async (plural, name, verb, raw) => {
            // Raw names (not percent-encoded) exercise the router's own decoding, e.g. a lone "%".
            const n = raw ? name.replace(/[?#\s]/g, '').slice(0, 5000) || '%' : encodeName(name)
            const [method, suffix] = verb === 'PUT status' ? ['PUT', '/status'] : [verb, '']
            const body = method === 'PUT' ? JSON.stringify(job(name)) : undefined
            const reply = await expectNoHarm(method, `${API}/${plural}/${n}${suffix}`, body, 'application/json')
            if (method !== 'GET') expect(reply.status).toBeGreaterThanOrEqual(400)
          },
        ),
        RUNS,
      )
    },
    TIMEOUT_MS,
  )

  test(
    'raw bodies: duplicate keys, broken JSON, empty bodies, other content types',
    async () => {
      const valid = JSON.stringify(job('dup:v1'))
      const rawBody = fc.oneof(
        fc.constantFrom(
          '',
          ' ',
          'null',
          '[]',
          '"x"',
          '42',
          '{',
          '{"kind":',
          valid.slice(0, -1),
          `${valid}garbage`,
          '\ufeff{}',
          'kind=Job&metadata=x',
          '<job/>',
          // Duplicate keys: JSON.parse keeps the last; the checks must see the same object the store gets.
          '{"apiVersion":"helios/v1","kind":"Job","kind":"Host","metadata":{"name":"nginx:v1"},"spec":{"image":"a"}}',
          '{"apiVersion":"helios/v1","kind":"Job","metadata":{"name":"ok:v1"},"metadata":{"name":"../x"},"spec":{"image":"a"}}',
          '{"apiVersion":"helios/v1","kind":"Job","metadata":{"name":"ok:v1","name":"a/b"},"spec":{"image":"a"}}',
          '{"apiVersion":"helios/v1","kind":"Job","metadata":{"name":"ok:v1"},"spec":{"image":"a","image":7}}',
          '{"__proto__":{"kind":"Job"},"apiVersion":"helios/v1","metadata":{"name":"p:v1"},"spec":{"image":"a"}}',
          `{"apiVersion":"helios/v1","kind":"Job","metadata":{"name":"deep:v1"},"spec":{"image":"a","env":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`,
        ),
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v).replace(/}$/, ',"a":1,"a":[]}')),
      )
      const contentType = fc.constantFrom(
        undefined,
        'application/json',
        'application/json; charset=utf-16',
        'application/json; charset=latin1',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/yaml',
        'garbage',
      )
      await fc.assert(
        fc.asyncProperty(target, rawBody, contentType, async ([, [method, path]], body, type) => {
          await expectNoHarm(method, path, body, type)
        }),
        RUNS,
      )
    },
    TIMEOUT_MS,
  )

  test(
    'hostile query parameters on lists, deletes and apply',
    async () => {
      const param = fc.tuple(
        fc.constantFrom('dryRun', 'resourceVersion', 'labelSelector', 'fieldSelector', 'token', 'limit', '__proto__'),
        fc.oneof(
          hostileString.map((v) => v.slice(0, 2000)),
          fc.constantFrom(
            '1',
            'true',
            '-1',
            '99999999999999999999999',
            'a=b,c!=d',
            'x in (a,',
            'spec.host=h1',
            '=,=,=',
          ),
        ),
      )
      const encode = (v: string) => {
        try {
          return encodeURIComponent(v)
        } catch {
          return '%ED%A0%80'
        }
      }
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...PLURALS),
          fc.constantFrom('GET', 'DELETE', 'POST apply', 'GET one'),
          fc.array(param, { maxLength: 4 }),
          fc.boolean(),
          async (plural, verb, params, raw) => {
            const q = params.map(([k, v]) => `${k}=${raw ? v.replace(/[#&\s]/g, '') : encode(v)}`).join('&')
            const name = plural === 'jobs' ? 'nginx:v1' : 'web'
            const [method, path, body] =
              verb === 'POST apply'
                ? ['POST', `${API}/apply`, JSON.stringify(job('nginx:v1'))]
                : verb === 'GET'
                  ? ['GET', `${API}/${plural}`, undefined]
                  : [verb.split(' ')[0] as string, `${API}/${plural}/${name}`, undefined]
            await expectNoHarm(method, `${path}?${q}`, body, 'application/json')
          },
        ),
        RUNS,
      )
    },
    TIMEOUT_MS,
  )

  test('bodies over the limit are 413 and invalid UTF-8 is a 400', async () => {
    for (const [method, path] of writeTargets('jobs', 'nginx:v1')) {
      const big = JSON.stringify(job('big:v1', { env: { A: 'x'.repeat(1_100_000) } }))
      expect((await expectNoHarm(method, path, big, 'application/json')).status).toBe(413)
      const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])
      expect((await expectNoHarm(method, path, bytes, 'application/json')).status).toBeGreaterThanOrEqual(400)
    }
  })
})
