/** @module ZkMasters: apiservers announce themselves under `<root>/masters/<name>` (a record) with an ephemeral `up_` child. */
import { randomUUID } from 'node:crypto'
import { ApiError } from '../../apis/index.js'
import type { Log } from '../log.js'
import { SerialRuns } from './serial-runs.js'
import type { MasterRecord, MasterRegistry, MasterView } from './store.js'
import type { ZkOps } from './zk-ops.js'

const RETRY_MS = 1_000
const UP = 'up_'
/** A failure to announce is a warning at most this often (the step retries every RETRY_MS); a new reason at once. */
const WARN_EVERY_MS = 60_000

export interface ZkMastersOptions {
  retryMs?: number
  now?: () => number
}

/** Driven by ZooKeeperStore: `connected()` after every (re)connection puts this apiserver's `up` node back if it went. */
export class ZkMasters implements MasterRegistry {
  private record: MasterRecord | undefined
  private upNode: string | undefined
  // Written into the up node: an up node holding it is this apiserver's, even one whose creation reply was lost.
  private readonly instance = randomUUID()
  private readonly runs: SerialRuns
  private readonly now: () => number
  private lastWarning: { error: string; at: number } | undefined

  constructor(
    private readonly ops: ZkOps,
    private readonly dir: string,
    private readonly log: Log,
    opts: ZkMastersOptions = {},
  ) {
    this.now = opts.now ?? Date.now
    this.runs = new SerialRuns(() => this.step(), {
      retryMs: opts.retryMs ?? RETRY_MS,
      onError: (err) => this.warn(err),
    })
  }

  announce(master: MasterRecord): () => Promise<void> {
    this.record = master
    this.runs.kick()
    return async () => {
      this.record = undefined
      this.runs.cancel()
      const node = this.upNode
      this.upNode = undefined
      if (node) await this.ops.remove(node, -1).catch(() => {})
    }
  }

  connected(): void {
    this.runs.kick()
  }

  async listMasters(): Promise<MasterView[]> {
    const names = await this.ops.getChildren(this.dir).then(
      (r) => r.children,
      (err: unknown) => (err instanceof ApiError && err.code === 'NotFound' ? [] : Promise.reject(err)),
    )
    const views = await Promise.all(names.map((name) => this.view(name)))
    return views.filter((v) => v !== undefined).sort((a, b) => a.name.localeCompare(b.name))
  }

  private async view(segment: string): Promise<MasterView | undefined> {
    const path = `${this.dir}/${segment}`
    try {
      const [{ data }, { children }] = await Promise.all([this.ops.getData(path), this.ops.getChildren(path)])
      const record = JSON.parse(data.toString('utf8')) as MasterRecord
      return { ...record, up: children.some((c) => c.startsWith(UP)) }
    } catch (err) {
      // Gone between the listing and the read, or not a record of ours: not a master.
      if (err instanceof ApiError && err.code === 'Unavailable') throw err
      return undefined
    }
  }

  // The record is written on every (re)connection, so a restarted apiserver's URL and version are current; never
  // over a live apiserver's of the same name (a second one started with its --name), which keeps it until it is gone.
  private async step(): Promise<void> {
    const record = this.record
    if (!record) return
    const path = `${this.dir}/${encodeURIComponent(record.name)}`
    await this.ops.mkdirp(path)
    const { mine, others } = await this.upNodes(path)
    if (others > 0 && !mine) {
      throw new ApiError(
        'Conflict',
        `a live apiserver already announces the name "${record.name}" (--name); waiting until it is gone`,
      )
    }
    const written = await this.ops.multi([
      { op: 'setData', path, data: Buffer.from(JSON.stringify(record)), version: -1 },
    ])
    if (!written.ok) throw written.error
    if (mine) {
      this.upNode = mine
      this.lastWarning = undefined
      return
    }
    const node = await this.ops.createEphemeralSequential(`${path}/${UP}`, Buffer.from(this.instance))
    // Withdrawn meanwhile: take the node back down.
    if (this.record !== record) return void (await this.ops.remove(node, -1).catch(() => {}))
    this.upNode = node
    this.lastWarning = undefined
  }

  /** The up node of `path` this apiserver made (by its instance id), and how many other live ones hold the name. */
  private async upNodes(path: string): Promise<{ mine?: string; others: number }> {
    const { children } = await this.ops.getChildren(path)
    let mine: string | undefined
    let others = 0
    for (const child of children.filter((c) => c.startsWith(UP))) {
      const data = await this.ops.getData(`${path}/${child}`).then(
        (r) => r.data.toString('utf8'),
        // Gone since the listing: its apiserver's session ended.
        (err: unknown) => (err instanceof ApiError && err.code === 'NotFound' ? undefined : Promise.reject(err)),
      )
      if (data === this.instance) mine = `${path}/${child}`
      else if (data !== undefined) others++
    }
    return { mine, others }
  }

  private warn(err: unknown): void {
    const error = err instanceof Error ? err.message : String(err)
    const now = this.now()
    const last = this.lastWarning
    const level = last && last.error === error && now - last.at < WARN_EVERY_MS ? 'debug' : 'warn'
    if (level === 'warn') this.lastWarning = { error, at: now }
    this.log(level, 'masters: cannot announce this apiserver; retrying', { error })
  }
}
