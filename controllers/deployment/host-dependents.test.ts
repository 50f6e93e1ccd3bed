import { describe, expect, test } from 'vitest'
import type { Host } from '../../apis/index.js'
import { fleetHost, heartbeat } from '../testing/fleet.js'
import { hostFactsChanged } from './host-dependents.js'

const T = Date.parse('2026-03-01T00:00:00Z')
const up = fleetHost('h1', { role: 'web', zone: 'a' }, T)
const status = (h: Host) => h.status as NonNullable<Host['status']>
const withStatus = (h: Host, s: Partial<NonNullable<Host['status']>>): Host => ({
  ...h,
  status: { ...status(h), ...s },
})
const withInfo = (h: Host, i: object): Host =>
  withStatus(h, { hostInfo: { ...(status(h).hostInfo as NonNullable<Host['status']>['hostInfo'] & object), ...i } })
const down = withStatus(up, { state: 'DOWN' })

describe('hostFactsChanged: only what the deployment reconcile reads', () => {
  test.each<[string, Host, Host]>([
    ['a heartbeat (time, free memory, load)', up, heartbeat(up, T + 10_000)],
    ['the agent restarting with a new version', up, withStatus(up, { agentVersion: '9.9', agentStartedAt: 'x' })],
    [
      'the agent address and certificate',
      up,
      withStatus(up, { agentAddress: 'h1:7000', agentCertificateSha256: 'a'.repeat(64) }),
    ],
    [
      'the same labels in another order',
      up,
      { ...up, metadata: { ...up.metadata, labels: { zone: 'a', role: 'web' } } },
    ],
    [
      'an agent label the user overrides anyway',
      { ...up, metadata: { ...up.metadata, labels: { role: 'web', zone: 'a' } } },
      withStatus(
        { ...up, metadata: { ...up.metadata, labels: { role: 'web', zone: 'a' } } },
        { labels: { zone: 'b' } },
      ),
    ],
    ['the hostname or Docker version', up, withInfo(up, { hostname: 'other', dockerVersion: '27' })],
    [
      'a DOWN host with downSince whose last heartbeat moves',
      withStatus(down, { downSince: new Date(T).toISOString() }),
      withStatus(down, { downSince: new Date(T).toISOString(), lastHeartbeat: new Date(T + 1).toISOString() }),
    ],
  ])('unchanged: %s', (_what, before, after) => {
    expect(hostFactsChanged(before, after)).toBe(false)
  })

  test.each<[string, Host, Host]>([
    ['a user label', up, { ...up, metadata: { ...up.metadata, labels: { role: 'db', zone: 'a' } } }],
    ['a label added', up, { ...up, metadata: { ...up.metadata, labels: { ...up.metadata.labels, disk: 'ssd' } } }],
    ['an agent label', up, withStatus(up, { labels: { disk: 'ssd' } })],
    ['a label whose key looks like a prototype member', up, withStatus(up, { labels: { constructor: 'x' } })],
    ['cordon', up, { ...up, spec: { ...up.spec, unschedulable: true } }],
    ['drain', up, { ...up, spec: { ...up.spec, drain: true } }],
    ['UP to DOWN', up, down],
    ['the first report', { ...up, status: undefined }, up],
    [
      'downSince (from the last heartbeat to the host controller’s time)',
      down,
      withStatus(down, { downSince: new Date(T + 5_000).toISOString() }),
    ],
    [
      'a DOWN host without downSince whose last heartbeat moves (its grace counts from it)',
      down,
      heartbeat(down, T + 1),
    ],
    ['cpus', up, withInfo(up, { cpus: 64 })],
    ['memory', up, withInfo(up, { memoryTotalBytes: 1 })],
    ['machine facts gone', up, withStatus(up, { hostInfo: undefined })],
  ])('changed: %s', (_what, before, after) => {
    expect(hostFactsChanged(before, after)).toBe(true)
  })
})
