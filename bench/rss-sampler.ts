/** @module Sampling processes' resident memory every N ms (peak, median, last) and reading their CPU time, from /proc. */
import { readFileSync } from 'node:fs'
import { rssMiB } from './hollow.js'
import { median } from './stats.js'

export interface RssFigures {
  /** MiB, summed over the sampled processes at each tick. */
  peakMiB: number
  medianMiB: number
  lastMiB: number
  samples: number
}

export interface RssSampler {
  /** The figures so far; sampling goes on. */
  figures(): RssFigures | undefined
  /** Stops sampling and returns the figures (undefined if no sample was taken: the processes were gone). */
  stop(): RssFigures | undefined
}

/** Samples `pids()` (read at every tick: a restart changes them) every `intervalMs`, at once and then on. */
export function sampleRss(pids: () => readonly number[], intervalMs = 250): RssSampler {
  const mib: number[] = []
  const tick = () => {
    const each = pids().map(rssMiB)
    if (each.length > 0 && each.every((m) => m !== undefined)) mib.push(each.reduce((a, b) => a + (b ?? 0), 0))
  }
  tick()
  const timer = setInterval(tick, intervalMs)
  const figures = (): RssFigures | undefined =>
    mib.length === 0
      ? undefined
      : { peakMiB: Math.max(...mib), medianMiB: median(mib), lastMiB: mib.at(-1) ?? 0, samples: mib.length }
  return {
    figures,
    stop() {
      clearInterval(timer)
      return figures()
    },
  }
}

// USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK) is not reachable from node).
const CLOCK_TICKS = 100

/** User + system CPU seconds a live process has used (fields 14 and 15 of /proc/<pid>/stat); undefined once gone. */
export function cpuSeconds(pid: number): number | undefined {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
}
