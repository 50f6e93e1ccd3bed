/**
 * @module Summarises a V8 .cpuprofile (`node --cpu-prof`): self time by function, by file, by area (our folders, npm
 * packages, node, GC), and charged to the nearest of our or a package's files up the stack; idle apart.
 */
import { readFileSync } from 'node:fs'

/** The parts of the .cpuprofile format (Chrome DevTools' Profiler.Profile) this reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[]
  startTime: number
  endTime: number
  /** The node on top of the stack at each sample, and the µs since the sample before it. */
  samples: number[]
  timeDeltas: number[]
}

export interface SelfTime {
  name: string
  selfMs: number
  /** Of the busy time (everything but idle). */
  percent: number
}

export interface ProfileSummary {
  totalMs: number
  idleMs: number
  busyMs: number
  gcMs: number
  /** `file` is `path:line` ('' for V8's own entries such as `(garbage collector)`). */
  functions: (SelfTime & { file: string })[]
  files: SelfTime[]
  areas: SelfTime[]
  /**
   * By the nearest file of ours or of a package up the stack (the sample's own included): node's and native time
   * (a socket's writeBuffer) goes to the code that called into them. V8's own entries (GC, program) stay themselves.
   */
  charged: SelfTime[]
}

/**
 * Each sample's time is the interval up to the next sample (the last one's up to endTime), as DevTools counts.
 * `root` is stripped from file URLs, so files read `dist/apiserver/app.js` and `node_modules/zod/...`.
 */
export function summarizeProfile(profile: CpuProfile, root = '', top = 15): ProfileSummary {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]))
  const functions = new Map<string, { name: string; file: string; selfMs: number }>()
  const files = new Map<string, number>()
  const areas = new Map<string, number>()
  const charged = new Map<string, number>()
  const chargeTo = chargedFiles(profile, root)
  let t = profile.startTime
  const stamps = profile.timeDeltas.map((d) => (t += Math.max(0, d)))
  let totalMs = 0
  for (const [i, id] of profile.samples.entries()) {
    const next = i + 1 < stamps.length ? (stamps[i + 1] ?? 0) : Math.max(profile.endTime, stamps[i] ?? 0)
    const ms = (next - (stamps[i] ?? 0)) / 1000
    const frame = frames.get(id)
    if (!frame) continue
    totalMs += ms
    const file = fileOf(frame.url, root)
    const name = frame.functionName || '(anonymous)'
    const key = `${name}\0${file}\0${frame.lineNumber}`
    const fn = functions.get(key) ?? { name, file: file && `${file}:${frame.lineNumber + 1}`, selfMs: 0 }
    fn.selfMs += ms
    functions.set(key, fn)
    const fileKey = file || name
    files.set(fileKey, (files.get(fileKey) ?? 0) + ms)
    const area = areaOf(file, name)
    areas.set(area, (areas.get(area) ?? 0) + ms)
    const payer = chargeTo(id) ?? fileKey
    charged.set(payer, (charged.get(payer) ?? 0) + ms)
  }
  const idleMs = areas.get('(idle)') ?? 0
  const busyMs = totalMs - idleMs
  const percent = (ms: number) => (busyMs > 0 ? (ms / busyMs) * 100 : 0)
  const ranked = (entries: Iterable<[string, number]>) =>
    [...entries]
      .filter(([name]) => name !== '(idle)')
      .map(([name, selfMs]) => ({ name, selfMs, percent: percent(selfMs) }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top)
  return {
    totalMs,
    idleMs,
    busyMs,
    gcMs: areas.get('(garbage collector)') ?? 0,
    functions: [...functions.values()]
      .filter((f) => f.name !== '(idle)')
      .map((f) => ({ ...f, percent: percent(f.selfMs) }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top),
    files: ranked(files),
    areas: ranked(areas),
    charged: ranked(charged),
  }
}

/** node id → the nearest file up its stack that is ours or a package's (not node's, not native); memoised. */
function chargedFiles(profile: CpuProfile, root: string): (id: number) => string | undefined {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id)
  const memo = new Map<number, string | undefined>()
  const payer = (id: number): string | undefined => {
    if (memo.has(id)) return memo.get(id)
    // Walk up iteratively: stacks can be thousands deep.
    const path: number[] = []
    let found: string | undefined
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      if (memo.has(at)) {
        found = memo.get(at)
        break
      }
      path.push(at)
      const file = fileOf(byId.get(at)?.callFrame.url ?? '', root)
      if (file && !file.startsWith('node:')) {
        found = file
        break
      }
    }
    for (const at of path) memo.set(at, found)
    return found
  }
  return payer
}

/** A script URL as a short path: `file://` and `root` stripped, dependencies from `node_modules/` on. */
export function fileOf(url: string, root: string): string {
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url
  const modules = path.lastIndexOf('/node_modules/')
  if (modules >= 0) return path.slice(modules + 1)
  const base = root.endsWith('/') ? root : `${root}/`
  return root && path.startsWith(base) ? path.slice(base.length) : path
}

/** Where a file belongs: an npm package, `node` (its own lib), a folder of ours (`apiserver/storage`), or V8's own entry. */
export function areaOf(file: string, functionName: string): string {
  if (!file) return functionName.startsWith('(') ? functionName : '(native)'
  if (file.startsWith('node:')) return 'node'
  const parts = file.split('/')
  if (parts[0] === 'node_modules') return parts[1]?.startsWith('@') ? `${parts[1]}/${parts[2]}` : (parts[1] ?? file)
  const ours = parts[0] === 'dist' ? parts.slice(1) : parts
  return ours.length > 1 ? ours.slice(0, -1).join('/') : (ours[0] ?? file)
}

export function readProfileSummary(file: string, root?: string, top?: number): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  if (!Array.isArray(profile.nodes) || !Array.isArray(profile.samples) || !Array.isArray(profile.timeDeltas))
    throw new Error(`${file} is not a V8 CPU profile (nodes, samples, timeDeltas)`)
  return summarizeProfile(profile, root ?? new URL('../../', import.meta.url).pathname, top)
}
