import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { startProgress } from './progress.js'
import { colors } from './style.js'
import { terminalWriter } from './terminal-text.js'

// As runCli gives it: the terminal writer over a buffer.
function buffer() {
  const out = { text: '', write: (s: string) => (out.text += s) }
  return terminalWriter(out)
}

describe('progress without a terminal (pipes, logs)', () => {
  test('one plain line per distinct status, no escape codes, nothing after done', () => {
    const out = buffer()
    const progress = startProgress(out, { isTTY: false, colors: colors(false) })
    progress.update('waiting for web1')
    progress.update('waiting for web1')
    progress.update('waiting for web2')
    progress.done('done')
    progress.update('late')
    progress.done('again')
    expect(out.text).toBe('waiting for web1\nwaiting for web2\ndone\n')
  })

  test('done without text, or with the last status, adds nothing', () => {
    const out = buffer()
    const progress = startProgress(out, { isTTY: false })
    progress.update('1/2 hosts')
    progress.done('1/2 hosts')
    expect(out.text).toBe('1/2 hosts\n')
  })
})

describe('progress on a terminal', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  test('redraws one line with a spinner frame, then clears it and leaves the final line', () => {
    const out = buffer()
    const progress = startProgress(out, { isTTY: true, colors: colors(false), intervalMs: 100 })
    progress.update('pulling')
    expect(out.text).toBe('\r\x1b[2K⠋ pulling')
    vi.advanceTimersByTime(100)
    expect(out.text.endsWith('\r\x1b[2K⠙ pulling')).toBe(true)
    progress.done('pulled')
    expect(out.text.endsWith('\r\x1b[2Kpulled\n')).toBe(true)
    const length = out.text.length
    vi.advanceTimersByTime(1000)
    progress.update('late')
    expect(out.text.length).toBe(length)
  })

  test('log prints a permanent line above the spinner, which is drawn again below it', () => {
    const out = buffer()
    const progress = startProgress(out, { isTTY: true, colors: colors(false), intervalMs: 100 })
    progress.update('waiting for web1')
    progress.log('web@web1 RUNNING web:v2')
    expect(out.text).toBe('\r\x1b[2K⠋ waiting for web1\r\x1b[2Kweb@web1 RUNNING web:v2\n\r\x1b[2K⠋ waiting for web1')
    progress.done()
    const before = out.text
    progress.log('after')
    expect(out.text).toBe(`${before}after\n`)
  })

  test('colours only the spinner, and only when colours are on (NO_COLOR gives identity colours)', () => {
    const plain = buffer()
    startProgress(plain, { isTTY: true, colors: colors(false) }).update('x')
    expect(plain.text).not.toContain('\x1b[36m')
    const coloured = buffer()
    const progress = startProgress(coloured, { isTTY: true, colors: colors(true) })
    progress.update('x')
    progress.done()
    expect(coloured.text).toBe('\r\x1b[2K\x1b[36m⠋\x1b[39m x\r\x1b[2K')
  })
})
