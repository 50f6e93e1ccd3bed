import { describe, expect, test } from 'vitest'
import { addEnvSpec, addPortSpec, parsePortSpec } from './port-spec.js'

describe('parsePortSpec', () => {
  test('accepts every Helios form', () => {
    expect(parsePortSpec('http=80')).toEqual({ name: 'http', mapping: { internalPort: 80 } })
    expect(parsePortSpec('http=80:8080')).toEqual({ name: 'http', mapping: { internalPort: 80, externalPort: 8080 } })
    expect(parsePortSpec('dns=53:5353/udp').mapping).toEqual({ internalPort: 53, externalPort: 5353, protocol: 'udp' })
    expect(parsePortSpec('admin_port-1=127.0.0.1:9000:19000/tcp').mapping).toEqual({
      internalPort: 9000,
      externalPort: 19000,
      protocol: 'tcp',
      ip: '127.0.0.1',
    })
  })

  test.each([
    ['http=80:99999', 'external port 99999 is out of range 1-65535'],
    ['http=0', 'internal port 0 is out of range 1-65535'],
    ['http=80/sctp', 'protocol "sctp" is not tcp or udp'],
    ['http=300.1.1.1:80', '300.1.1.1 is not a valid IP address'],
    ['http', 'expected NAME=[IP:]INTERNAL[:EXTERNAL][/PROTO]'],
    ['=80', 'expected NAME='],
    ['http=eighty', 'expected NAME='],
  ])('%s is refused: %s', (spec, message) => {
    expect(() => parsePortSpec(spec)).toThrow(message)
  })
})

describe('repeated flags', () => {
  test('ports accumulate; a repeated name is a Duplicate port mapping name', () => {
    const ports = addPortSpec('https=443', addPortSpec('http=80'))
    expect(Object.keys(ports)).toEqual(['http', 'https'])
    expect(() => addPortSpec('http=8080', ports)).toThrow('Duplicate port mapping name: http')
  })

  test('env values may contain "="; a key is required', () => {
    expect(addEnvSpec('B=x=y', addEnvSpec('A=1'))).toEqual({ A: '1', B: 'x=y' })
    expect(addEnvSpec('EMPTY=')).toEqual({ EMPTY: '' })
    expect(() => addEnvSpec('NOVALUE')).toThrow('expected KEY=VALUE')
    expect(() => addEnvSpec('=x')).toThrow('expected KEY=VALUE')
  })
})
