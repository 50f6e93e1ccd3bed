import { describe, expect, test } from 'vitest'
import {
  handedOver,
  MIGRATING_ANNOTATION,
  parseRefusal,
  refusalCause,
  refusalMessage,
  withHandedOver,
} from './index.js'

describe('refusal causes: what heliosctl reads per host from a 409', () => {
  test('round trip, messages with colons and newlines included', () => {
    const r = { host: 'web-1.x', status: 'PORT_CONFLICT' as const, message: 'port 8080/tcp: taken\nby "a:b"' }
    expect(parseRefusal(refusalCause(r))).toEqual(r)
  })

  const notRefusals: Array<[string, { field: string; message: string }]> = [
    ['another field', { field: 'spec.job', message: 'web1: JOB_ALREADY_DEPLOYED: x' }],
    ['an unknown status', { field: 'spec.hosts', message: 'web1: JOB_EXPLODED: x' }],
    ['a lower-case status', { field: 'spec.hosts', message: 'web1: job_already_deployed: x' }],
    ['no host', { field: 'spec.hosts', message: ': JOB_ALREADY_DEPLOYED: x' }],
    ['a host with a space', { field: 'spec.hosts', message: 'web 1: JOB_ALREADY_DEPLOYED: x' }],
    ['a plain message', { field: 'spec.hosts', message: 'spec.hosts: 3001 named hosts' }],
  ]
  for (const [name, cause] of notRefusals)
    test(`not a refusal: ${name}`, () => expect(parseRefusal(cause)).toBeUndefined())

  test('the message names the first refusal and counts the rest', () => {
    const r = (host: string) => ({ host, status: 'JOB_ALREADY_DEPLOYED' as const, message: `on ${host}` })
    expect(refusalMessage([r('a')])).toBe('JOB_ALREADY_DEPLOYED: on a')
    expect(refusalMessage([r('a'), r('b')])).toBe('JOB_ALREADY_DEPLOYED: on a (and 1 more host)')
    expect(refusalMessage([r('a'), r('b'), r('c')])).toBe('JOB_ALREADY_DEPLOYED: on a (and 2 more hosts)')
  })
})

describe('the migrate handover annotation', () => {
  const read = (raw: string) => handedOver({ [MIGRATING_ANNOTATION]: raw })
  test('hosts to the Deployment taking them; anything unreadable hands nothing over', () => {
    expect(read('{"h1":"grp","h2":"grp"}')).toEqual({ h1: 'grp', h2: 'grp' })
    for (const garbage of ['', '{', 'null', '[]', '["h1"]', '"grp"', '42', 'true'])
      expect(read(garbage), garbage).toEqual({})
    expect(read('{"h1":7,"h2":null,"h3":{"x":1},"h4":"grp"}')).toEqual({ h4: 'grp' })
    expect(Object.getPrototypeOf(read('{"__proto__":{"polluted":"yes"}}'))).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(handedOver({})).toEqual({})
  })

  test('written sorted; emptied, the annotation goes and the others stay', () => {
    const written = withHandedOver({ a: 'b' }, { h2: 'g', h10: 'g', h1: 'g' })
    expect(written).toEqual({ a: 'b', [MIGRATING_ANNOTATION]: '{"h1":"g","h10":"g","h2":"g"}' })
    expect(withHandedOver(written, {})).toEqual({ a: 'b' })
  })
})
