// The apiserver dials status.agentAddress: only a plain host:port is stored, so nothing odd reaches the dialer.
import { expect, test } from 'vitest'
import { parseAgentAddress, parseObject } from './index.js'

const host = (agentAddress: string) => ({
  apiVersion: 'helios/v1',
  kind: 'Host',
  metadata: { name: 'h1' },
  spec: {},
  status: { state: 'UP', lastHeartbeat: '2026-01-01T00:00:00Z', agentAddress },
})

test.each(['127.0.0.1:5803', 'web-1.example.com:1', '[::1]:65535', 'my_host:8080'])('%s is stored', (address) => {
  expect(parseObject(host(address))).toMatchObject({ status: { agentAddress: address } })
})

test.each([
  '127.0.0.1:99999',
  '127.0.0.1:0',
  '127.0.0.1',
  ':80',
  'http://127.0.0.1:80',
  '127.0.0.1:80/x',
  'evil.com:80@127.0.0.1:80',
  '127.0.0.1:80\n',
  '[::1:80',
  `${'a'.repeat(400)}:80`,
])('%j is refused naming status.agentAddress', (address) => {
  expect(parseAgentAddress(address)).toBeUndefined()
  expect(() => parseObject(host(address))).toThrow(/status\.agentAddress/)
})

const hostAt = (address: string) => ({
  ...host('127.0.0.1:5803'),
  status: { state: 'UP', lastHeartbeat: '2026-01-01T00:00:00Z', address },
})

test.each(['0.0.0.0', '224.0.0.1', '255.255.255.255', '::', 'ff02::1'])(
  'status.address %s (unspecified, multicast, broadcast) is refused naming the field',
  (address) => {
    expect(() => parseObject(hostAt(address))).toThrow(/status\.address.*reaches no single host/)
  },
)

test.each(['10.0.0.5', '2001:db8::1', '::1'])('status.address %s is stored', (address) => {
  expect(parseObject(hostAt(address))).toMatchObject({ status: { address } })
})
