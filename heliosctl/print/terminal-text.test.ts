import { describe, expect, test } from 'vitest'
import { cellText, table } from './table.js'
import { exact, inert, oneLine, ownSequence, rawStream, renderForTerminal, terminalWriter } from './terminal-text.js'

describe('inert and oneLine', () => {
  test.each([
    ['\x1b[31mred', '\\u001b[31mred'],
    ['\x1b]52;c;ZXZpbA==\x07', '\\u001b]52;c;ZXZpbA==\\u0007'],
    ['\x1b]8;;http://x/\x1b\\', '\\u001b]8;;http://x/\\u001b\\'],
    ['\x1bP+q\x1b\\', '\\u001bP+q\\u001b\\'],
    ['\u009b2J', '\\u009b2J'],
    ['\u009d0;t\u009c', '\\u009d0;t\\u009c'],
    ['a\x7fb', 'a\\u007fb'],
    ['a\x00b', 'a\\u0000b'],
    ['back\x08\x08', 'back\\u0008\\u0008'],
    ['safe\rEVIL', 'safe\\rEVIL'],
    ['abc\u202edcba', 'abc\\u202edcba'],
    ['\u202a\u202b\u202c\u202d', '\\u202a\\u202b\\u202c\\u202d'],
    ['\u2066\u2067\u2068\u2069', '\\u2066\\u2067\\u2068\\u2069'],
    ['\u200e\u200f\u061c', '\\u200e\\u200f\\u061c'],
    ['tab\tand\nnewline', 'tab\tand\nnewline'],
    ['plain ünïcödé ✓ 漢字', 'plain ünïcödé ✓ 漢字'],
  ])('inert(%j) is %j', (text, shown) => {
    expect(inert(text)).toBe(shown)
  })

  test('oneLine escapes newlines and tabs too', () => {
    expect(oneLine('a\nb\tc\r\n')).toBe('a\\nb\\tc\\r\\n')
  })

  test('an escaped JSON line is the same JSON', () => {
    const value = { m: 'x\u009b\u202e\x7f\u2066' }
    const text = inert(JSON.stringify(value))
    expect(JSON.parse(text)).toEqual(value)
  })
})

describe('renderForTerminal', () => {
  test("heliosctl's own sequences pass, data's do not, and exact text is left alone", () => {
    const own = ownSequence('\r\x1b[2K')
    expect(renderForTerminal(`${own}x\x1b[2Ky`)).toBe('\r\x1b[2Kx\\u001b[2Ky')
    expect(renderForTerminal(`a ${exact('\x1b[31mlog\x1b[0m')} \x1b[0m`)).toBe('a \x1b[31mlog\x1b[0m \\u001b[0m')
    expect(renderForTerminal(exact('unclosed \x1b'))).toBe('unclosed \x1b')
  })

  test('a marker that was not made in this process is text', () => {
    const guessed = `\uE000${'a'.repeat(24)}e`
    expect(renderForTerminal(`${guessed}[2J`)).toBe(`${guessed}[2J`)
  })
})

describe('terminalWriter', () => {
  test('renders every write; other members are the stream’s; rawStream gives the stream back', () => {
    let written = ''
    const stream = { isTTY: true, columns: 77, write: (s: string) => (written += s) }
    const out = terminalWriter(stream)
    out.write('\x1b]0;title\x07ok\n')
    expect(written).toBe('\\u001b]0;title\\u0007ok\n')
    expect(out.isTTY).toBe(true)
    expect(out.columns).toBe(77)
    expect(rawStream(out)).toBe(stream)
    expect(terminalWriter(out)).toBe(out) // wrapping twice renders once
  })
})

describe('cellText and table', () => {
  test('a cell is one line of at most 80 characters, ending in … when cut', () => {
    expect(cellText('x'.repeat(80))).toBe('x'.repeat(80))
    expect(cellText('x'.repeat(81))).toBe(`${'x'.repeat(79)}…`)
    expect(cellText('a\nb')).toBe('a\\nb')
    expect(cellText(`${'x'.repeat(78)}😀yy`)).toBe(`${'x'.repeat(78)}…`) // never half a surrogate pair
    expect(cellText('y'.repeat(300), Number.POSITIVE_INFINITY)).toHaveLength(300)
  })

  test('a 260,000-character cell leaves every row short', () => {
    const rows = [['x'.repeat(260_000), 'a'], ...Array.from({ length: 1000 }, (_, i) => [`row${i}`, 'b'])]
    const lines = table(['NAME', 'V'], rows)
    expect(lines.join('\n').length).toBeLessThan(1001 * 90)
    expect(lines[1]).toBe(`${'x'.repeat(79)}…   a`)
  })

  test('a forged row in a cell stays in its cell', () => {
    const lines = table(['A', 'B'], [['x\nFORGED   row', 'y']])
    expect(lines).toHaveLength(2)
    expect(lines[1]).toBe('x\\nFORGED   row   y')
  })
})

describe('get -w rows', () => {
  test('a watched row is inert and short; -o wide keeps the whole value', async () => {
    const { watchPrinter } = await import('./watch-output.js')
    const { job } = await import('../testing/fixtures.js')
    const evil = job('evil:v1')
    const hostile = { ...evil, spec: { ...evil.spec, image: `x\x1b]52;c;ZXZpbA==\x07${'y'.repeat(300_000)}` } }
    const facts = { now: Date.parse('2024-05-02T00:00:00Z') }
    const table = watchPrinter('Job', 'table')
    const text = table.initial([job('a:v1')], facts) + table.change(hostile, facts)
    expect(text).not.toContain('\x1b')
    expect(text).toContain('x\\u001b]52;c;')
    expect(text.length).toBeLessThan(600)
    expect(watchPrinter('Job', 'wide').change(hostile, facts).length).toBeGreaterThan(300_000)
  })
})
