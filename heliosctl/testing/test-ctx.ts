/** @module Test helper: a Ctx for calling a verb's parts directly (not through argv), with string buffers. */
import { type Clock, HeliosClient } from '../../client/index.js'
import type { Ctx } from '../context.js'
import { colors } from '../print/style.js'
import { stepClock } from './step-clock.js'

export interface TestCtx extends Ctx {
  /** Everything written to stdout so far. */
  out(): string
  err(): string
}

/** A Ctx on `server` with no stdin, no terminal and no colours; `clock` defaults to a step clock. */
export function testCtx(server: string, clock: Clock = stepClock()): TestCtx {
  let stdout = ''
  let stderr = ''
  return {
    client: new HeliosClient(server),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: (async function* () {})(),
    isTTY: false,
    stdoutIsTTY: false,
    colors: colors(false),
    env: {},
    clock,
    signal: new AbortController().signal,
    out: () => stdout,
    err: () => stderr,
  }
}
