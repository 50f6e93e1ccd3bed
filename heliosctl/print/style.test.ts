import { expect, test } from 'vitest'
import { colors, wantsColor } from './style.js'

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
  expect(colors(true).red('x')).toBe('\u001b[31mx\u001b[39m')
})
