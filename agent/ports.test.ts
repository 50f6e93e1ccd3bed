import { describe, expect, test } from 'vitest'
import type { PortMapping } from '../apis/index.js'
import { allocatePorts, parsePortRange } from './ports.js'

const range = { first: 20000, last: 20002 }
const tcp = (internalPort: number, externalPort?: number): PortMapping => ({
  internalPort,
  externalPort,
  protocol: 'tcp',
})

describe('allocatePorts', () => {
  test('static ports as declared, dynamic ones from the range', () => {
    const result = allocatePorts({
      task: 'a',
      ports: { http: tcp(80, 8080), admin: tcp(9000) },
      range,
      allocations: {},
    })
    expect(result).toEqual({
      ok: true,
      ports: {
        http: { internalPort: 80, externalPort: 8080, protocol: 'tcp' },
        admin: { internalPort: 9000, externalPort: 20000, protocol: 'tcp' },
      },
    })
  })

  test('a dynamic port is stable per task and port name, and never shared with another task', () => {
    const allocations = {
      a: { admin: { internalPort: 9000, externalPort: 20001, protocol: 'tcp' as const } },
      b: { http: { internalPort: 80, externalPort: 20000, protocol: 'tcp' as const } },
    }
    const a = allocatePorts({ task: 'a', ports: { admin: tcp(9000) }, range, allocations })
    expect(a.ok && a.ports.admin?.externalPort).toBe(20001)
    const c = allocatePorts({ task: 'c', ports: { x: tcp(1), y: tcp(2) }, range, allocations })
    expect(c).toEqual({ ok: false, error: 'no free host port in 20000-20002 for port "y"' })
    const udp = allocatePorts({ task: 'c', ports: { dns: { internalPort: 53, protocol: 'udp' } }, range, allocations })
    expect(udp.ok && udp.ports.dns?.externalPort).toBe(20000)
  })

  test('a static port another task holds fails with a message naming that task', () => {
    const allocations = { first: { http: { internalPort: 80, externalPort: 8080, protocol: 'tcp' as const } } }
    const result = allocatePorts({ task: 'second', ports: { web: tcp(81, 8080) }, range, allocations })
    expect(result).toEqual({ ok: false, error: 'port 8080/tcp is already used by task "first"' })
  })

  test('preferred ports seed a task without allocation; unavailable ports are skipped', () => {
    const preferred = { admin: { internalPort: 9000, externalPort: 20002, protocol: 'tcp' as const } }
    const seeded = allocatePorts({ task: 'a', ports: { admin: tcp(9000) }, range, allocations: {}, preferred })
    expect(seeded.ok && seeded.ports.admin?.externalPort).toBe(20002)
    const skipped = allocatePorts({
      task: 'a',
      ports: { admin: tcp(9000) },
      range,
      allocations: {},
      unavailable: new Set(['20000/tcp']),
    })
    expect(skipped.ok && skipped.ports.admin?.externalPort).toBe(20001)
  })
})

describe('parsePortRange', () => {
  test('parses FIRST-LAST and explains bad input', () => {
    expect(parsePortRange('20000-32767')).toEqual({ first: 20000, last: 32767 })
    expect(parsePortRange('32767-20000')).toMatch(/^invalid port range "32767-20000"/)
    expect(parsePortRange('20000:32768')).toMatch(/expected FIRST-LAST/)
  })
})
