import { EventEmitter } from 'node:events'
import { expect, test } from 'vitest'
import { realClock } from '../../client/index.js'
import type { Ctx } from '../context.js'
import { testCtx } from '../testing/test-ctx.js'
import { runDashboard, type Terminal } from './run-dashboard.js'

/** A terminal as Ink uses it: raw-mode stdin, sized stdout; records what is written. */
function fakeTerminal() {
  const stdin = Object.assign(new EventEmitter(), {
    isTTY: true,
    rawMode: false,
    pending: [] as string[],
    setRawMode(on: boolean) {
      stdin.rawMode = on
    },
    setEncoding() {},
    ref() {},
    unref() {},
    resume() {},
    pause() {},
    read: () => stdin.pending.shift() ?? null,
    type(text: string) {
      stdin.pending.push(text)
      stdin.emit('readable')
    },
  })
  let written = ''
  const stdout = Object.assign(new EventEmitter(), {
    isTTY: true,
    columns: 100,
    rows: 30,
    write: (s: string) => {
      written += s
      return true
    },
  })
  return { stdin, stdout, written: () => written }
}

function ctx(): Ctx {
  const quiet = { write: () => true }
  // Nothing listens on port 9: the informers fail and keep retrying.
  const base = testCtx('http://127.0.0.1:9', realClock)
  return { ...base, stdout: quiet, stderr: quiet, isTTY: true, stdoutIsTTY: true, env: { NO_COLOR: '1' } }
}

test.each([
  ['q', 'q'],
  ['ctrl-c', '\u0003'],
])('%s quits with exit 0, raw mode off, the alternate screen left', async (_name, key) => {
  const term = fakeTerminal()
  const done = runDashboard(ctx(), term as unknown as Terminal)
  await expect
    .poll(term.written, { timeout: 10_000 })
    .toContain('reconnecting… cannot reach apiserver at http://127.0.0.1:9')
  expect(term.stdin.rawMode).toBe(true)
  term.stdin.type(key)
  expect(await done).toBe(0)
  expect(term.stdin.rawMode).toBe(false)
  expect(term.written().startsWith('\u001B[?1049h')).toBe(true)
  expect(term.written().endsWith('\u001B[?1049l')).toBe(true)
})
