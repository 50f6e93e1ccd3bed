/** @module A dependency-free SVG line chart (pure): convergence curves such as Tasks placed and RUNNING over seconds. */

export interface Series {
  name: string
  /** [x, y] in data units, x ascending. */
  points: ReadonlyArray<readonly [number, number]>
}

export interface LineChart {
  title: string
  xLabel: string
  yLabel: string
  series: readonly Series[]
  width?: number
  height?: number
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd']
const MARGIN = { left: 70, right: 20, top: 40, bottom: 60 }

/** Round tick values (1, 2 or 5 × a power of ten) from 0 up to at least `max`, about `count` of them. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1]
  const raw = max / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power
  const ticks: number[] = []
  for (let i = 0; ; i++) {
    const value = Number((i * step).toPrecision(12))
    ticks.push(value)
    if (value >= max) return ticks
  }
}

const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, ''))

/** The chart as a standalone SVG document: axes from 0, gridlines at round ticks, one polyline and legend entry per series. */
export function lineChartSvg(chart: LineChart): string {
  const width = chart.width ?? 720
  const height = chart.height ?? 420
  const all = chart.series.flatMap((s) => s.points)
  const xTicks = niceTicks(Math.max(0, ...all.map(([x]) => x)))
  const yTicks = niceTicks(Math.max(0, ...all.map(([, y]) => y)))
  const xMax = xTicks[xTicks.length - 1] ?? 1
  const yMax = yTicks[yTicks.length - 1] ?? 1
  const plotW = width - MARGIN.left - MARGIN.right
  const plotH = height - MARGIN.top - MARGIN.bottom
  const px = (x: number) => (MARGIN.left + (x / xMax) * plotW).toFixed(1)
  const py = (y: number) => (MARGIN.top + plotH - (y / yMax) * plotH).toFixed(1)
  const bottom = MARGIN.top + plotH
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(chart.title)}</text>`,
  ]
  for (const x of xTicks) {
    out.push(`<line x1="${px(x)}" y1="${MARGIN.top}" x2="${px(x)}" y2="${bottom}" stroke="#e5e5e5"/>`)
    out.push(`<text x="${px(x)}" y="${bottom + 18}" text-anchor="middle">${fmt(x)}</text>`)
  }
  for (const y of yTicks) {
    out.push(`<line x1="${MARGIN.left}" y1="${py(y)}" x2="${width - MARGIN.right}" y2="${py(y)}" stroke="#e5e5e5"/>`)
    out.push(`<text x="${MARGIN.left - 8}" y="${py(y)}" text-anchor="end" dominant-baseline="middle">${fmt(y)}</text>`)
  }
  out.push(
    `<line x1="${MARGIN.left}" y1="${bottom}" x2="${width - MARGIN.right}" y2="${bottom}" stroke="black"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${bottom}" stroke="black"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${height - 22}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`,
    `<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(chart.yLabel)}</text>`,
  )
  chart.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]
    const points = s.points.map(([x, y]) => `${px(x)},${py(y)}`).join(' ')
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points}"/>`)
    const ly = MARGIN.top + 8 + i * 18
    const lx = MARGIN.left + 12
    out.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 22}" y2="${ly}" stroke="${color}" stroke-width="3"/>`)
    out.push(`<text x="${lx + 28}" y="${ly}" dominant-baseline="middle">${escapeXml(s.name)}</text>`)
  })
  out.push('</svg>')
  return `${out.join('\n')}\n`
}
