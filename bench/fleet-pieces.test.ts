import { describe, expect, test } from 'vitest'
import type { Host } from '../apis/index.js'
import type { ConvergeRow } from './fleet-converge.js'
import { heartbeatSince } from './fleet-restart.js'
import type { FleetScaleResult } from './fleet-scale.js'
import { splitEvenly } from './fleet-setup.js'
import { printFleetTable } from './fleet-table.js'

test('splitEvenly: counts differ by one at most, the larger first, and add up', () => {
  expect(splitEvenly(5, 2)).toEqual([3, 2])
  expect(splitEvenly(1000, 2)).toEqual([500, 500])
  expect(splitEvenly(1, 2)).toEqual([1, 0])
  expect(splitEvenly(7, 3)).toEqual([3, 2, 2])
  for (const [total, parts] of [
    [0, 1],
    [199, 4],
    [1001, 2],
  ] as const) {
    const counts = splitEvenly(total, parts)
    expect(counts.reduce((a, b) => a + b, 0)).toBe(total)
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1)
  }
})

describe('heartbeatSince: a host counts as UP again only with a heartbeat written after the restart', () => {
  const restart = Date.parse('2030-01-01T00:00:10.000Z')
  const host = (status?: Partial<NonNullable<Host['status']>>) =>
    ({ metadata: { name: 'h' }, spec: {}, status }) as unknown as Host
  test('UP and stamped at or after the restart', () => {
    expect(heartbeatSince(host({ state: 'UP', lastHeartbeat: '2030-01-01T00:00:10.000Z' }), restart)).toBe(true)
    expect(heartbeatSince(host({ state: 'UP', lastHeartbeat: '2030-01-01T00:00:11.500Z' }), restart)).toBe(true)
  })
  test('not: stamped before (the killed apiserver stored it), DOWN, no or a broken stamp, no status', () => {
    expect(heartbeatSince(host({ state: 'UP', lastHeartbeat: '2030-01-01T00:00:09.999Z' }), restart)).toBe(false)
    expect(heartbeatSince(host({ state: 'DOWN', lastHeartbeat: '2030-01-01T00:00:11.000Z' }), restart)).toBe(false)
    expect(heartbeatSince(host({ state: 'UP' }), restart)).toBe(false)
    expect(heartbeatSince(host({ state: 'UP', lastHeartbeat: 'soon' }), restart)).toBe(false)
    expect(heartbeatSince(host(), restart)).toBe(false)
  })
})

describe('printFleetTable', () => {
  const row = (o: Partial<ConvergeRow>): ConvergeRow => ({
    scenario: 'one apiserver',
    apiservers: 1,
    hosts: 200,
    tasks: 2000,
    hostsUpMs: 3100,
    allPlacedMs: 9000,
    allRunningMs: 20_000,
    tasksPerSecond: 100,
    zkWrites: 8000,
    zkWritesPerTask: 4,
    zkWritesPerSecond: 400,
    zkRequestsPerTask: { multi: 3.1, get: 0, delete: 0.2 },
    httpRequestsPerTask: { PUT: 2, POST: 1.05 },
    apiserverRssMiB: 150,
    apiserverPeakRssMiB: 170,
    apiserverRssEachMiB: [150],
    apiserverCpuSeconds: 12.34,
    samples: [],
    ...o,
  })
  const result: FleetScaleResult = {
    zkRawWritesPerSecond: 4000,
    rows: [
      row({}),
      row({
        scenario: 'two apiservers',
        apiservers: 2,
        allRunningMs: undefined,
        tasksPerSecond: undefined,
        zkRequestsPerTask: undefined,
        apiserverRssMiB: 200,
        apiserverRssEachMiB: [120, undefined],
      }),
    ],
    restart: {
      scenario: 'apiserver restart',
      hosts: 200,
      tasks: 2000,
      convergedRunningMs: 21_000,
      steadyRssMiB: 100,
      peakRssMiB: 150,
      peakOverSteady: 1.5,
      rssAfterMiB: 120,
      readyMs: 800,
      hostsUpAgainMs: 10_500,
      leaderAgainMs: 30_200,
      zkSessionTimeoutSeconds: 30,
      zkWrites: 300,
      samples: [],
    },
    profiles: [],
  }
  const text = printFleetTable(result)
  const lines = text.split('\n')

  test('a row per fleet under one header, the restart row last; a timeout and a missing figure say so', () => {
    expect(lines[0]).toMatch(/^FLEET +HOSTS +TASKS +HOSTS UP +PLACED +RUNNING +TASKS\/s +ZK WRITES\/TASK/)
    expect(lines[1]).toMatch(
      /^one apiserver +200 +2000 +3\.1 s +9\.0 s +20\.0 s +100 +4\.0 +400 \(0\.10x raw\) +150 +170 +12\.3$/,
    )
    expect(lines[2]).toMatch(/^two apiservers .* 9\.0 s +timeout +- +4\.0 .* 120 \+ - +170/)
    expect(lines[3]).toMatch(
      /^apiserver restart +200 +2000 +10\.5 s again( +-){5} +100 steady +150 \(1\.50x steady\) +-$/,
    )
  })

  test('the notes: raw creates, the per-Task split (zeros left out, largest first), the restart in words', () => {
    expect(text).toContain('raw ZooKeeper creates on the same machine: 4000/s')
    expect(text).toContain(
      'one apiserver, per Task: ZooKeeper requests by op multi 3.1, delete 0.2; HTTP requests by method PUT 2, POST 1.05',
    )
    expect(text).toContain('two apiservers, per Task: ZooKeeper requests by op not scraped')
    expect(text).toMatch(
      /every host heartbeated through it 10\.5 s; all - watches back never \(timeout\) \(the controllers' among them\);\n {2}leads again 30\.2 s/,
    )
    expect(text).toContain('1.50x the steady 100 MiB before the kill')
  })
})
