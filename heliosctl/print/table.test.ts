import { describe, expect, test } from 'vitest'
import { age, humanDuration } from './duration.js'
import { table } from './table.js'

describe('table', () => {
  test('pads every column to its widest cell and trims line ends', () => {
    expect(
      table(
        ['NAME', 'ID'],
        [
          ['nginx:v1', 'a'],
          ['x', ''],
        ],
      ),
    ).toEqual(['NAME       ID', 'nginx:v1   a', 'x'])
  })

  test('gap is configurable and missing cells are empty', () => {
    expect(table(['A', 'B', 'C'], [['1']], { gap: 2 })).toEqual(['A  B  C', '1'])
  })
})

describe('durations', () => {
  test('humanDuration uses the largest whole unit, singular for one', () => {
    expect(humanDuration(0)).toBe('0 seconds')
    expect(humanDuration(1_000)).toBe('1 second')
    expect(humanDuration(59_999)).toBe('59 seconds')
    expect(humanDuration(3 * 60_000 + 5_000)).toBe('3 minutes')
    expect(humanDuration(3_600_000)).toBe('1 hour')
    expect(humanDuration(49 * 3_600_000)).toBe('2 days')
  })

  test('age is kubectl-short and tolerates missing timestamps', () => {
    const now = Date.parse('2024-05-01T12:00:00Z')
    expect(age('2024-05-01T11:59:15Z', now)).toBe('45s')
    expect(age('2024-05-01T11:48:00Z', now)).toBe('12m')
    expect(age('2024-04-28T12:00:00Z', now)).toBe('3d')
    expect(age(undefined, now)).toBe('<unknown>')
  })
})
