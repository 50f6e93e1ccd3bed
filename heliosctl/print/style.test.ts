import { expect, test } from 'vitest'
import { colors, wantsColor } from './style.js'
import { renderForTerminal } from './terminal-text.js'

test('colours only on a terminal, never with NO_COLOR, always with FORCE_COLOR (unless NO_COLOR)', () => {
  expect(wantsColor(true, {})).toBe(true)
  expect(wantsColor(false, {})).toBe(false)
  expect(wantsColor(true, { NO_COLOR: '1' })).toBe(false)
  expect(wantsColor(true, { TERM: 'dumb' })).toBe(false)
  expect(wantsColor(false, { FORCE_COLOR: '1' })).toBe(true)
  expect(wantsColor(false, { FORCE_COLOR: '0' })).toBe(false)
  expect(wantsColor(true, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false)
})

test('disabled colours return the text unchanged', () => {
  expect(colors(false).red('x')).toBe('x')
  expect(renderForTerminal(colors(true).red('x'))).toBe('\u001b[31mx\u001b[39m')
})

test('colours are the only escapes that reach the terminal: an escape in the coloured text stays inert', () => {
  const c = colors(true)
  expect(renderForTerminal(c.red('a\x1b]52;c;ZXZpbA==\x07b'))).toBe(
    '\u001b[31ma\\u001b]52;c;ZXZpbA==\\u0007b\u001b[39m',
  )
  expect(renderForTerminal(c.bold(c.green('x')))).toBe('\u001b[1m\u001b[32mx\u001b[39m\u001b[22m')
  // the marker colours are built from is not forgeable by data: a guessed one stays inert text
  expect(renderForTerminal(`\uE000${'0'.repeat(24)}e[31m`)).toBe(`\uE000${'0'.repeat(24)}e[31m`)
})
