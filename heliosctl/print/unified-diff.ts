/** @module `diff -u` text of two YAML renderings (jsdiff hunks, GNU line numbers), coloured through ctx.colors. */
import { structuredPatch } from 'diff'
import { toYaml } from './output.js'
import type { Colors } from './style.js'

export interface DiffSide {
  /** `live/deployment/web` or `merged/deployment/web`. */
  label: string
  /** The object to render as YAML; undefined renders as an empty file (absent). */
  object: unknown
}

// As `get -o yaml` prints it (no line folding), so a diff line is the line the user sees; absent is empty.
const yamlOf = (object: unknown): string => (object === undefined ? '' : toYaml(object))

/** The unified diff of `live` and `merged` with 3 lines of context; '' when they are equal. */
export function unifiedDiff(live: DiffSide, merged: DiffSide, c: Colors): string {
  const patch = structuredPatch(live.label, merged.label, yamlOf(live.object), yamlOf(merged.object), '', '', {
    context: 3,
  })
  if (patch.hunks.length === 0) return ''
  const lines = [
    c.bold(`diff -u ${live.label} ${merged.label}`),
    c.bold(`--- ${live.label}`),
    c.bold(`+++ ${merged.label}`),
  ]
  for (const hunk of patch.hunks) {
    lines.push(c.cyan(`@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`))
    for (const line of hunk.lines) lines.push(colourLine(line, c))
  }
  return `${lines.join('\n')}\n`
}

function colourLine(line: string, c: Colors): string {
  if (line.startsWith('+')) return c.green(line)
  if (line.startsWith('-')) return c.red(line)
  return line
}

// GNU diff: an empty range starts at the line before it, and a one-line range omits its length.
function range(start: number, count: number): string {
  if (count === 0) return `${start - 1},0`
  return count === 1 ? `${start}` : `${start},${count}`
}
