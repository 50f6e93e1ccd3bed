import { expect, test } from 'vitest'
import { parseFleetArgs } from './fleet-args.js'

test('flags into options; absent ones stay undefined (the benchmark picks its defaults)', () => {
  expect(parseFleetArgs(['--agents', '200', '--tasks', '10', '--rows', 'one, restart', '--timeout', '90'], {})).toEqual(
    {
      hollowAgents: 200,
      tasksPerAgent: 10,
      rows: ['one', 'restart'],
      quick: false,
      cpuProfile: false,
      failover: false,
      timeoutMs: 90_000,
      zkSessionTimeout: undefined,
    },
  )
  expect(parseFleetArgs([], {})).toMatchObject({ hollowAgents: undefined, rows: undefined, timeoutMs: undefined })
})

test('--cpu-prof, or HELIOS_BENCH_CPU_PROF=1 (only 1)', () => {
  expect(parseFleetArgs(['--cpu-prof'], {}).cpuProfile).toBe(true)
  expect(parseFleetArgs([], { HELIOS_BENCH_CPU_PROF: '1' }).cpuProfile).toBe(true)
  expect(parseFleetArgs([], { HELIOS_BENCH_CPU_PROF: 'yes' }).cpuProfile).toBe(false)
})

test('refused: unknown rows (case too), counts that are not whole and positive, unknown flags', () => {
  expect(() => parseFleetArgs(['--rows', 'one,three'], {})).toThrow(/no row "three".*\nusage:/s)
  expect(() => parseFleetArgs(['--rows', 'ONE'], {})).toThrow(/no row "ONE"/)
  expect(() => parseFleetArgs(['--rows', ''], {})).toThrow(/no row ""/)
  for (const bad of ['0', '-5', '2.5', '1e9999', 'ten', ''])
    expect(() => parseFleetArgs([`--agents=${bad}`], {})).toThrow(/--agents .*: a whole number, at least 1/)
  expect(() => parseFleetArgs(['--agent', '5'], {})).toThrow(/Unknown option/)
})
