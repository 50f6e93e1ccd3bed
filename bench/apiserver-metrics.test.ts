import { describe, expect, test } from 'vitest'
import { OPS_WRITTEN, parseGauge, parseWriteCounters, perUnit, sumCounters } from './apiserver-metrics.js'

const metrics = `# HELP helios_apiserver_requests_total HTTP requests by method and status code.
# TYPE helios_apiserver_requests_total counter
helios_apiserver_requests_total{method="GET",code="200"} 40
helios_apiserver_requests_total{method="PUT",code="200"} 300
helios_apiserver_requests_total{method="PUT",code="409"} 7
helios_apiserver_requests_total{method="POST",code="201"} 100
helios_apiserver_watches 1003
helios_zookeeper_request_duration_seconds_bucket{op="multi",le="0.005"} 12
helios_zookeeper_request_duration_seconds_sum{op="multi"} 3.5
helios_zookeeper_request_duration_seconds_count{op="multi"} 410
helios_zookeeper_request_duration_seconds_count{op="delete"} 2
helios_zookeeper_request_duration_seconds_count{op="get"} NaN
helios_zookeeper_request_duration_seconds_count{kind="x"} 5
helios_apiserver_leader 1
`

describe('parseWriteCounters', () => {
  test('ZooKeeper requests by op from the histogram counts only (not buckets or sums); HTTP by method over codes', () => {
    expect(parseWriteCounters(metrics)).toEqual({
      zkRequests: { multi: 410, delete: 2 },
      httpRequests: { GET: 40, PUT: 307, POST: 100 },
    })
  })

  test('a label named like the one wanted but longer is not taken for it', () => {
    const text = 'helios_zookeeper_request_duration_seconds_count{xop="multi"} 9\n'
    expect(parseWriteCounters(text).zkRequests).toEqual({})
  })

  test('the node writes inside multis are counted beside the requests (a batched multi carries many)', () => {
    const text = `${metrics}helios_zookeeper_multi_ops_sum 1234\nhelios_zookeeper_multi_ops_count 410\n`
    expect(parseWriteCounters(text).zkRequests).toEqual({ multi: 410, delete: 2, [OPS_WRITTEN]: 1234 })
  })

  test('nothing to read: empty counts', () => {
    expect(parseWriteCounters('')).toEqual({ zkRequests: {}, httpRequests: {} })
    expect(parseWriteCounters('<html>502</html>')).toEqual({ zkRequests: {}, httpRequests: {} })
  })
})

test('parseGauge: an unlabelled sample by exact name', () => {
  expect(parseGauge(metrics, 'helios_apiserver_watches')).toBe(1003)
  expect(parseGauge(metrics, 'helios_apiserver_watch')).toBeUndefined()
  expect(parseGauge('', 'helios_apiserver_watches')).toBeUndefined()
})

test('sumCounters adds apiservers up, and is undefined when one did not answer', () => {
  const a = { zkRequests: { multi: 1 }, httpRequests: { PUT: 2 } }
  const b = { zkRequests: { multi: 3, delete: 1 }, httpRequests: {} }
  expect(sumCounters([a, b])).toEqual({ zkRequests: { multi: 4, delete: 1 }, httpRequests: { PUT: 2 } })
  expect(sumCounters([a, undefined])).toBeUndefined()
})

test('perUnit: growth per unit, keys new in `after` counted from zero', () => {
  expect(perUnit({ multi: 10 }, { multi: 40, delete: 3 }, 10)).toEqual({ multi: 3, delete: 0.3 })
  expect(perUnit({}, { multi: 1 }, 3)).toEqual({ multi: 0.33 })
})
