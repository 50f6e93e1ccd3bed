import { describe, expect, test } from 'vitest'
import { parseZxid } from './hollow.js'

describe('parseZxid', () => {
  test('the low 32 bits of the Zxid line of a srvr answer (the write counter of the epoch)', () => {
    const srvr = 'Zookeeper version: 3.8.0\nLatency min/avg/max: 0/0.5/12\nZxid: 0x20000001f\nMode: standalone\n'
    expect(parseZxid(srvr)).toBe(0x1f)
    expect(parseZxid('Zxid: 0x3e8')).toBe(1000)
  })

  test('no Zxid line (4lw not whitelisted, or another answer): undefined', () => {
    expect(parseZxid('srvr is not executed because it is not in the whitelist.')).toBeUndefined()
    expect(parseZxid('')).toBeUndefined()
  })
})
