import { describe, expect, test } from 'vitest'
import { printSkipped, printTable, rowsAgainstHelios } from './stats.js'

describe('rowsAgainstHelios', () => {
  test('each ratio is Helios median over the row median, and Helios itself is 1', () => {
    const rows = rowsAgainstHelios('b', 'helios', [
      ['peer', [100, 300, 200]],
      ['helios', [400, 500, 300]],
    ])
    expect(rows.map((r) => [r.subject, r.medianMs, r.ratio])).toEqual([
      ['peer', 200, 2],
      ['helios', 400, 1],
    ])
  })

  test('a peer without timings (skipped) gets no row', () => {
    const rows = rowsAgainstHelios('b', 'helios', [
      ['swarm', []],
      ['helios', [10]],
    ])
    expect(rows.map((r) => r.subject)).toEqual(['helios'])
  })
})

test('printTable names the ratio column and printSkipped says why', () => {
  const rows = rowsAgainstHelios('b', 'helios', [['helios', [10]]])
  expect(printTable(rows, 'HELIOS / THIS').split('\n')[0]).toContain('HELIOS / THIS')
  expect(printSkipped([{ subject: 'swarm', why: 'no swarm' }])).toBe('swarm: skipped: no swarm')
})
