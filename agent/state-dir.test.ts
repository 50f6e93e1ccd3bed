import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { openStateDir, StateDirLockedError, writeTextAtomic } from './state-dir.js'
import { makeTask } from './testing/tasks.js'

const roots: string[] = []
const freshDir = () => {
  roots.push(mkdtempSync(join(tmpdir(), 'helios-agent-state-')))
  return join(roots.at(-1) ?? '', 'state')
}
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true })
})

describe('state dir', () => {
  test('a live lock is refused with one clear error; a stale one is taken over', () => {
    const dir = freshDir()
    const first = openStateDir(dir, { pid: 1111, isAlive: () => true })
    expect(readFileSync(join(dir, 'lock'), 'utf8').trim()).toBe('1111')
    expect(() => openStateDir(dir, { pid: 2222, isAlive: (pid) => pid === 1111 })).toThrow(
      new StateDirLockedError(dir, 1111),
    )
    expect(() => openStateDir(dir, { pid: 2222, isAlive: () => true })).toThrow(
      `state dir ${dir} is locked by agent pid 1111`,
    )
    const second = openStateDir(dir, { pid: 3333, isAlive: () => false })
    expect(readFileSync(join(dir, 'lock'), 'utf8').trim()).toBe('3333')
    first.release() // not its lock any more: left alone
    expect(readdirSync(dir)).toContain('lock')
    second.release()
    expect(readdirSync(dir)).not.toContain('lock')
  })

  test('the real liveness check sees this process as alive', () => {
    const dir = freshDir()
    openStateDir(dir, { pid: process.pid })
    expect(() => openStateDir(dir, { pid: process.pid + 1_000_000 })).toThrow(StateDirLockedError)
  })

  test('tasks, ports and pending statuses round-trip through atomic writes', () => {
    const dir = freshDir()
    const state = openStateDir(dir)
    expect(state.loadTasks()).toBeUndefined()
    expect(state.loadPorts()).toEqual({})
    const task = makeTask('web', { image: 'busybox' })
    state.saveTasks([task])
    state.savePorts({ 'web@h1': { http: { internalPort: 80, externalPort: 20000, protocol: 'tcp' } } })
    state.savePending({ 'web@h1': task })
    const reopened = openStateDir(dir, { pid: 4444, isAlive: () => false })
    expect(reopened.loadTasks()).toEqual([task])
    expect(reopened.loadPorts()['web@h1']?.http?.externalPort).toBe(20000)
    expect(Object.keys(reopened.loadPending())).toEqual(['web@h1'])
    expect(readdirSync(dir).sort()).toEqual(['lock', 'pending-status.json', 'ports.json', 'tasks.json'])
    writeFileSync(join(dir, 'tasks.json'), '[{"torn":')
    expect(reopened.loadTasks()).toBeUndefined()
    writeFileSync(join(dir, 'tasks.json'), JSON.stringify([task, { ...task, spec: {} }]))
    expect(reopened.loadTasks()).toBeUndefined() // one unreadable task makes the whole snapshot unusable
  })
})

describe('writeTextAtomic', () => {
  test('never writes through a link planted at a temp path (the agent runs as root); leaves no temp file', () => {
    const dir = freshDir()
    mkdirSync(dir)
    const victim = join(dir, 'victim')
    writeFileSync(victim, 'precious\n')
    // The temp name the agent used to use, and any other a process may guess: neither is followed.
    symlinkSync(victim, join(dir, `.hosts.tmp-${process.pid}`))
    for (let i = 0; i < 3; i++) writeTextAtomic(join(dir, 'hosts'), `line ${i}\n`)
    expect(readFileSync(victim, 'utf8')).toBe('precious\n')
    expect(readFileSync(join(dir, 'hosts'), 'utf8')).toBe('line 2\n')
    expect(statSync(join(dir, 'hosts')).mode & 0o7777).toBe(0o644 & ~process.umask())
    expect(readdirSync(dir).sort()).toEqual([`.hosts.tmp-${process.pid}`, 'hosts', 'victim'])
  })
})
