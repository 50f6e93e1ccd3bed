import { expect, test } from 'vitest'
import { printRolloutTable } from './rolling-update.js'

test('the rollout table aligns columns and prints ms whole and ratios with 2 decimals', () => {
  const table = printRolloutTable([
    { benchmark: 'rolling update, 3 real agents', subject: 'helios v1 -> v2', ms: 5773.4, ratio: 2.6812 },
    { benchmark: 'rolling update, 3 real agents', subject: 'docker run -d (sum)', ms: 2154, ratio: 1 },
  ])
  expect(table.split('\n')).toEqual([
    'BENCHMARK                      SUBJECT              ms    RATIO',
    'rolling update, 3 real agents  helios v1 -> v2      5773  2.68x',
    'rolling update, 3 real agents  docker run -d (sum)  2154  1.00x',
  ])
})
