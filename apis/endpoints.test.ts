/** @module The Endpoints schema: names are `<service>.<protocol>` matching the spec; the kind is registered read-only. */
import { describe, expect, test } from 'vitest'
import { compareEndpoints, type Endpoint, endpointsName, isEndpointsName } from './endpoints.js'
import { KINDS, kindFromUser, parseObject } from './kinds.js'

const endpoint: Endpoint = {
  host: 'h1',
  address: '10.0.0.1',
  port: 20001,
  portName: 'http',
  transport: 'tcp',
  tags: ['v2'],
  domain: '',
  job: 'web:v1:abc',
  task: 'web@h1',
  ready: true,
}
const object = (name: string, service = 'web', protocol = 'http') => ({
  apiVersion: 'helios/v1',
  kind: 'Endpoints',
  metadata: { name },
  spec: { service, protocol, endpoints: [endpoint] },
})

describe('Endpoints', () => {
  test('parses an object named <service>.<protocol>, filling metadata defaults', () => {
    expect(parseObject(object('web.http'))).toMatchObject({ metadata: { name: 'web.http', labels: {} } })
  })

  test('refuses a name that is not its spec service and protocol, naming the field', () => {
    expect(() => parseObject(object('web.tcp'))).toThrow(/metadata\.name: an Endpoints name is/)
    expect(() => parseObject(object('web', 'web', ''))).toThrow(/Endpoints names are/)
  })

  test('is registered read-only to apply, as `endpoints` and `ep`', () => {
    expect(KINDS.Endpoints).toMatchObject({ plural: 'endpoints', userWritable: false })
    expect(kindFromUser('ep')).toBe('Endpoints')
    expect(kindFromUser('endpoints')).toBe('Endpoints')
  })

  test('names: a registration key joined by "."; protocols Helios allowed that DNS cannot carry are no name', () => {
    expect(endpointsName('web', 'http')).toBe('web.http')
    expect(isEndpointsName('web.http')).toBe(true)
    expect(isEndpointsName('web.h t')).toBe(false)
  })

  test('sorts by host, then task, then port, by code unit', () => {
    const at = (host: string, task: string, port = 1) => ({ ...endpoint, host, task, port })
    const sorted = [at('h2', 'a'), at('h1', 'b'), at('H1', 'z'), at('h1', 'a', 2), at('h1', 'a', 1)].sort(
      compareEndpoints,
    )
    expect(sorted.map((e) => `${e.host}/${e.task}/${e.port}`)).toEqual([
      'H1/z/1',
      'h1/a/1',
      'h1/a/2',
      'h1/b/1',
      'h2/a/1',
    ])
  })
})
