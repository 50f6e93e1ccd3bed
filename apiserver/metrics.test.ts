import { afterEach, describe, expect, test } from 'vitest'
import { zookeeperLatency } from './metrics.js'
import { serveTestApp, type TestServer } from './test-fixture.js'

let s: TestServer | undefined
afterEach(() => s?.close())

describe('helios_zookeeper_request_duration_seconds', () => {
  test('a histogram by op: cumulative buckets, +Inf, sum and count', () => {
    const zk = zookeeperLatency()
    zk.observe('get', 0.002)
    zk.observe('get', 0.02)
    zk.observe('multi', 3)
    const lines = zk.histogram.render()
    expect(lines.slice(0, 2)).toEqual([
      '# HELP helios_zookeeper_request_duration_seconds Time from sending a ZooKeeper request to its reply (or timeout), by op; failures included.',
      '# TYPE helios_zookeeper_request_duration_seconds histogram',
    ])
    expect(lines).toContain('helios_zookeeper_request_duration_seconds_bucket{op="get",le="0.005"} 1')
    expect(lines).toContain('helios_zookeeper_request_duration_seconds_bucket{op="get",le="0.025"} 2')
    expect(lines).toContain('helios_zookeeper_request_duration_seconds_bucket{op="get",le="+Inf"} 2')
    expect(lines).toContain('helios_zookeeper_request_duration_seconds_sum{op="get"} 0.022')
    expect(lines).toContain('helios_zookeeper_request_duration_seconds_count{op="get"} 2')
    expect(lines).toContain('helios_zookeeper_request_duration_seconds_bucket{op="multi",le="2.5"} 0')
    expect(lines).toContain('helios_zookeeper_request_duration_seconds_bucket{op="multi",le="5"} 1')
    expect(lines).toContain('helios_zookeeper_request_duration_seconds_count{op="multi"} 1')
  })

  test('/metrics renders the histograms passed to the app', async () => {
    const zk = zookeeperLatency()
    s = await serveTestApp({ histograms: [zk.histogram] })
    zk.observe('get', 0.004)
    const text = (await s.call('GET', '/metrics')).body as string
    expect(text).toContain('# TYPE helios_zookeeper_request_duration_seconds histogram\n')
    expect(text).toContain('helios_zookeeper_request_duration_seconds_count{op="get"} 1\n')
  })

  test('each multi counts its node operations: the writes a batched transaction carried, whatever its zxids', () => {
    const zk = zookeeperLatency()
    zk.observe('multi', 0.01, 3)
    zk.observe('multi', 0.02, 40)
    zk.observe('get', 0.01)
    const lines = zk.multiOps.render()
    expect(lines).toContain('helios_zookeeper_multi_ops_sum 43')
    expect(lines).toContain('helios_zookeeper_multi_ops_count 2')
    expect(lines).toContain('helios_zookeeper_multi_ops_bucket{le="4"} 1')
    expect(lines).toContain('helios_zookeeper_multi_ops_bucket{le="64"} 2')
  })

  test("/metrics tells the process' memory: resident, V8 heap used and reserved, external", async () => {
    s = await serveTestApp()
    const text = (await s.call('GET', '/metrics')).body as string
    for (const name of [
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_heap_size_total_bytes',
    ]) {
      const value = Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1])
      expect(value, name).toBeGreaterThan(1024 * 1024)
    }
  })
})
