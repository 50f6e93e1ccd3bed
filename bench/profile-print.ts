/** @module A CPU profile summary as text: a headline, then tables of functions, files, areas and charged files. */
import type { ProfileSummary, SelfTime } from './profile-summary.js'
import { alignRows } from './stats.js'

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`

export function printProfileSummary(title: string, p: ProfileSummary, top = 15): string {
  const pct = (x: SelfTime) => `${x.percent.toFixed(1)}%`
  const table = (header: string[], rows: string[][]) => alignRows([header, ...rows])
  return [
    `${title}: ${s(p.totalMs)} sampled, ${s(p.busyMs)} busy (${p.totalMs ? ((p.busyMs / p.totalMs) * 100).toFixed(0) : 0}%), GC ${s(p.gcMs)}`,
    table(
      ['SELF ms', '% BUSY', 'FUNCTION', 'FILE'],
      // V8's own entries are "(garbage collector)", "(program)"; any other name without a file is native code.
      p.functions
        .slice(0, top)
        .map((f) => [f.selfMs.toFixed(0), pct(f), f.name, f.file || (f.name.startsWith('(') ? '' : '(native)')]),
    ),
    table(
      ['SELF ms', '% BUSY', 'FILE'],
      p.files.slice(0, top).map((f) => [f.selfMs.toFixed(0), pct(f), f.name]),
    ),
    table(
      ['SELF ms', '% BUSY', 'AREA'],
      p.areas.slice(0, top).map((f) => [f.selfMs.toFixed(0), pct(f), f.name]),
    ),
    table(
      [
        'CHARGED ms',
        '% BUSY',
        "FILE (node and native time charged to the nearest of our or a package's files calling in)",
      ],
      p.charged.slice(0, top).map((f) => [f.selfMs.toFixed(0), pct(f), f.name]),
    ),
  ].join('\n\n')
}
