/** @module Hook: the terminal's rows and columns, updated on resize (defaults when the stream does not know). */
import { useStdout } from 'ink'
import { useEffect, useState } from 'react'

export interface TerminalSize {
  rows: number
  columns: number
}

const FALLBACK: TerminalSize = { rows: 24, columns: 80 }

const sizeOf = (stdout: NodeJS.WriteStream): TerminalSize => ({
  rows: stdout.rows || FALLBACK.rows,
  columns: stdout.columns || FALLBACK.columns,
})

/** `fixed` (tests) wins; else Ink's stdout size, followed on 'resize'. */
export function useTerminalSize(fixed?: TerminalSize): TerminalSize {
  const { stdout } = useStdout()
  const [size, setSize] = useState(() => sizeOf(stdout))
  useEffect(() => {
    const onResize = () => setSize(sizeOf(stdout))
    stdout.on('resize', onResize)
    return () => {
      stdout.off('resize', onResize)
    }
  }, [stdout])
  return fixed ?? size
}
