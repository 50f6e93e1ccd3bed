import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { ALL_KINDS, KINDS } from '../apis/index.js'
import { Histogram } from './histogram.js'
import { job, serveTestApp, type TestServer } from './test-fixture.js'

let s: TestServer
beforeEach(async () => {
  s = await serveTestApp({ version: '1.2.3' })
})
afterEach(() => s.close())

describe('/openapi.json', () => {
  test('describes every kind path and apply, with schemas generated from apis/', async () => {
    const { status, body } = await s.call('GET', '/openapi.json')
    expect(status).toBe(200)
    expect(body).toMatchObject({ openapi: '3.1.0', info: { title: 'Helios apiserver', version: '1.2.3' } })
    for (const kind of ALL_KINDS) {
      const base = `/apis/helios/v1/${KINDS[kind].plural}`
      expect(Object.keys(body.paths[base])).toEqual(['get', 'post'])
      expect(Object.keys(body.paths[`${base}/{name}`])).toEqual(['parameters', 'get', 'put', 'delete'])
      expect(body.paths[`${base}/{name}/status`].put.requestBody.content['application/json'].schema).toEqual({
        $ref: `#/components/schemas/${kind}`,
      })
      expect(body.components.schemas[kind]).toMatchObject({ type: 'object', additionalProperties: false })
    }
    expect(body.paths['/apis/helios/v1/apply'].post.parameters).toContainEqual({
      $ref: '#/components/parameters/dryRun',
    })
    const jobSchema = body.components.schemas.Job
    expect(jobSchema.required).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata', 'spec']))
    expect(jobSchema.properties.spec.required).toEqual(['image'])
    // Field descriptions (zod .describe in apis/) reach the document too.
    expect(jobSchema.properties.spec.properties.token).toEqual({ type: 'string', description: expect.any(String) })
    expect(body.components.schemas.Status.properties.reason.enum).toContain('Forbidden')
    // Every $ref points at something the document defines.
    const refs = JSON.stringify(body).match(/"\$ref":"#\/components\/[^"]+"/g) ?? []
    for (const r of new Set(refs)) {
      const [, section, name] = /components\/(\w+)\/(.+)"$/.exec(r) ?? []
      expect(body.components[section as string]?.[name as string], r).toBeDefined()
    }
  })
})

describe('/metrics', () => {
  test('request latency by method, without watches; open watches', async () => {
    await s.call('POST', '/apis/helios/v1/jobs', job('nginx:v1'))
    await s.call('GET', '/apis/helios/v1/jobs')
    const w = await s.watch('/apis/helios/v1/jobs?watch=1')
    const open = (await s.call('GET', '/metrics')).body as string
    expect(open).toContain('helios_apiserver_watches 1\n')
    expect(open).toContain('# TYPE helios_apiserver_request_duration_seconds histogram')
    expect(open).toMatch(/^helios_apiserver_request_duration_seconds_count\{method="POST"\} 1$/m)
    expect(open).toMatch(/^helios_apiserver_request_duration_seconds_bucket\{method="POST",le="\+Inf"\} 1$/m)
    expect(open).toMatch(/^helios_apiserver_request_duration_seconds_sum\{method="POST"\} [\d.e-]+$/m)
    // GETs so far: the list only (the watch is still open, and this /metrics is counted after it answered).
    expect(open).toMatch(/^helios_apiserver_request_duration_seconds_count\{method="GET"\} 1$/m)
    w.stop()
    let closed = ''
    for (let i = 0; i < 100 && !closed.includes('helios_apiserver_watches 0\n'); i++) {
      closed = (await s.call('GET', '/metrics')).body
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    expect(closed).toContain('helios_apiserver_watches 0\n')
    // The closed watch is counted as a request but kept out of the latency histogram.
    const count = (re: RegExp) => Number(re.exec(closed)?.[1])
    const gets = count(/^helios_apiserver_requests_total\{method="GET",code="200"\} (\d+)$/m)
    expect(count(/^helios_apiserver_request_duration_seconds_count\{method="GET"\} (\d+)$/m)).toBe(gets - 1)
  })

  test('Histogram buckets are cumulative', () => {
    const h = new Histogram('x_seconds', 'help', [0.1, 1])
    h.observe('m="a"', 0.05)
    h.observe('m="a"', 0.5)
    h.observe('m="a"', 5)
    expect(h.render()).toEqual([
      '# HELP x_seconds help',
      '# TYPE x_seconds histogram',
      'x_seconds_bucket{m="a",le="0.1"} 1',
      'x_seconds_bucket{m="a",le="1"} 2',
      'x_seconds_bucket{m="a",le="+Inf"} 3',
      'x_seconds_sum{m="a"} 5.55',
      'x_seconds_count{m="a"} 3',
    ])
  })
})
