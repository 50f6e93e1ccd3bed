import { describe, expect, test } from 'vitest'
import { lineChartSvg, niceTicks } from './chart.js'

describe('niceTicks', () => {
  test('round steps from 0 up to at least the maximum', () => {
    expect(niceTicks(10_000)).toEqual([0, 2000, 4000, 6000, 8000, 10_000])
    expect(niceTicks(37)).toEqual([0, 10, 20, 30, 40])
    expect(niceTicks(0.9)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    expect(niceTicks(0)).toEqual([0, 1])
  })
})

describe('lineChartSvg', () => {
  const svg = lineChartSvg({
    title: 'placed & <running>',
    xLabel: 'seconds',
    yLabel: 'Tasks',
    series: [
      {
        name: 'placed',
        points: [
          [0, 0],
          [1, 50],
          [2, 100],
        ],
      },
      {
        name: 'running',
        points: [
          [0, 0],
          [2, 40],
        ],
      },
    ],
    width: 400,
    height: 300,
  })

  test('one polyline per series, mapped into the plot area (origin bottom left, maxima at the round top tick)', () => {
    const lines = [...svg.matchAll(/<polyline [^>]*points="([^"]+)"/g)].map((m) => m[1])
    expect(lines).toHaveLength(2)
    // plot: x 70..380 for 0..2, y 240..40 for 0..100
    expect(lines[0]).toBe('70.0,240.0 225.0,140.0 380.0,40.0')
    expect(lines[1]).toBe('70.0,240.0 380.0,160.0')
  })

  test('a standalone SVG document with escaped labels and a legend', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true)
    expect(svg).toContain('placed &#38; &#60;running&#62;')
    expect(svg).toContain('>running</text>')
    expect(svg).not.toContain('<running>')
  })
})
