/** @module A status line for long work: a spinner redrawn in place on a terminal, plain lines in pipes and logs. */
import type { Ctx, Writer } from '../context.js'
import type { Colors } from './style.js'
import { ownSequence } from './terminal-text.js'

/** What a long-running verb reports while it works. */
export interface Progress {
  /** The current status: redrawn in place on a terminal; elsewhere printed as a line, only when it changed. */
  update(text: string): void
  /** Prints `text` as a permanent line (above the spinner on a terminal). */
  log(text: string): void
  /** Stops the spinner and leaves `text` (if any) as a last, plain line; later calls do nothing. */
  done(text?: string): void
}

export interface ProgressOptions {
  /** Whether `out` is a terminal: only then a spinner and escape codes. */
  isTTY: boolean
  /** ctx.colors: identity functions without a terminal or with NO_COLOR. */
  colors?: Colors
  /** Spinner frame interval (default 80 ms). */
  intervalMs?: number
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
// Carriage return, then erase the whole line: the next frame replaces the previous one.
const CLEAR_LINE = ownSequence('\r\x1b[2K')

/** A progress reporter on ctx.stdout, a spinner only when stdout is a terminal. */
export const progressFor = (ctx: Ctx): Progress =>
  startProgress(ctx.stdout, { isTTY: ctx.stdoutIsTTY, colors: ctx.colors })

export function startProgress(out: Writer, opts: ProgressOptions): Progress {
  return opts.isTTY ? spinner(out, opts) : plainLines(out)
}

function plainLines(out: Writer): Progress {
  let last: string | undefined
  let finished = false
  return {
    update(text) {
      if (finished || text === last) return
      last = text
      out.write(`${text}\n`)
    },
    log(text) {
      out.write(`${text}\n`)
    },
    done(text) {
      if (finished) return
      finished = true
      if (text !== undefined && text !== last) out.write(`${text}\n`)
    },
  }
}

function spinner(out: Writer, opts: ProgressOptions): Progress {
  const paint = opts.colors?.cyan ?? ((s: string) => s)
  let frame = 0
  let status = ''
  const draw = () => out.write(`${CLEAR_LINE}${paint(FRAMES[frame % FRAMES.length] ?? '')} ${status}`)
  let timer: ReturnType<typeof setInterval> | undefined = setInterval(() => {
    frame += 1
    draw()
  }, opts.intervalMs ?? 80)
  // A forgotten done() must not keep the process alive.
  timer.unref?.()
  return {
    update(text) {
      if (!timer) return
      status = text
      draw()
    },
    log(text) {
      if (!timer) return void out.write(`${text}\n`)
      out.write(`${CLEAR_LINE}${text}\n`)
      draw()
    },
    done(text) {
      if (!timer) return
      clearInterval(timer)
      timer = undefined
      out.write(CLEAR_LINE)
      if (text !== undefined) out.write(`${text}\n`)
    },
  }
}
