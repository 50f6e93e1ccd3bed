/** @module Removing a benchmark run's own ZooKeeper tree (its apiservers' `--zk-root`), and runs' trees left behind. */
import type { Client } from 'node-zookeeper-client'
import { inParallel } from './hollow.js'
import { NO_NODE, NOT_EMPTY, zkCall, zkCode } from './zk-session.js'

/** Removes per multi-op: ~100-byte paths stay far below ZooKeeper's 1 MiB packet. */
const BATCH = 200

/** Every path under `root` (itself included), deepest first, so children always go before their parent. */
export async function treePaths(client: Client, root: string): Promise<string[]> {
  const found: string[] = []
  let level = [root]
  while (level.length > 0) {
    found.push(...level)
    const next: string[] = []
    await inParallel(level, 20, async (path) => {
      const children = await zkCall<string[]>((cb) => client.getChildren(path, cb)).catch((err: unknown) => {
        if (zkCode(err) === NO_NODE) return []
        throw err
      })
      for (const child of children) next.push(`${path}/${child}`)
    })
    level = next
  }
  const depth = (p: string) => p.split('/').length
  return found.sort((a, b) => depth(b) - depth(a))
}

/**
 * Removes `root` and everything under it, a multi-op of 200 at a time (one by one when a multi fails). An ephemeral
 * node of a killed apiserver's session (its leader-election node) stays until ZooKeeper expires that session, so
 * the walk is repeated until `deadline` (epoch ms); returns whether the tree is gone.
 */
export async function removeTree(client: Client, root: string, deadline = Date.now()): Promise<boolean> {
  for (;;) {
    const paths = await treePaths(client, root)
    for (let i = 0; i < paths.length; i += BATCH) await removeBatch(client, paths.slice(i, i + BATCH))
    const left = await zkCall((cb) => client.exists(root, cb))
    if (!left) return true
    if (Date.now() >= deadline) return false
    await new Promise((r) => setTimeout(r, 1000))
  }
}

async function removeBatch(client: Client, paths: string[]) {
  const multi = client.transaction()
  for (const path of paths) multi.remove(path, -1)
  const ok = await zkCall((cb) => multi.commit(cb)).then(
    () => true,
    () => false,
  )
  if (ok) return
  for (const path of paths) {
    await zkCall<void>((cb) => client.remove(path, -1, (err) => cb(err, undefined))).catch((err: unknown) => {
      // Gone already, or holding a node that is not gone yet (an ephemeral one): the next walk sees.
      if (zkCode(err) !== NO_NODE && zkCode(err) !== NOT_EMPTY) throw err
    })
  }
}

/**
 * The children of `parent` that `runStartedAt` (a child's name → its run's start, epoch ms) dates before `olderThan`:
 * runs that died before cleaning up (a Ctrl-C). Younger ones may belong to a run still going.
 */
export async function staleRuns(
  client: Client,
  parent: string,
  olderThan: number,
  runStartedAt: (name: string) => number | undefined,
): Promise<string[]> {
  const children = await zkCall<string[]>((cb) => client.getChildren(parent, cb)).catch((err: unknown) => {
    if (zkCode(err) === NO_NODE) return []
    throw err
  })
  return children
    .filter((name) => {
      const started = runStartedAt(name)
      return started !== undefined && started < olderThan
    })
    .map((name) => `${parent}/${name}`)
}
