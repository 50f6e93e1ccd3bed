/** @module ZkMasters: apiservers announce themselves under `<root>/masters/<name>` (a record) with an ephemeral `up_` child. */
import { ApiError } from '../../apis/index.js'
import type { Log } from '../log.js'
import { SerialRuns } from './serial-runs.js'
import type { MasterRecord, MasterRegistry, MasterView } from './store.js'
import type { ZkOps } from './zk-ops.js'

const RETRY_MS = 1_000
const UP = 'up_'

/** Driven by ZooKeeperStore: `connected()` after every (re)connection puts this apiserver's `up` node back if it went. */
export class ZkMasters implements MasterRegistry {
  private record: MasterRecord | undefined
  private upNode: string | undefined
  private readonly runs = new SerialRuns(() => this.step(), {
    retryMs: RETRY_MS,
    onError: (err) => this.log('debug', 'masters: announcing failed; retrying', { error: String(err) }),
  })

  constructor(
    private readonly ops: ZkOps,
    private readonly dir: string,
    private readonly log: Log,
  ) {}

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

  // The record is written on every (re)connection, so a restarted apiserver's URL and version are current.
  private async step(): Promise<void> {
    const record = this.record
    if (!record) return
    const path = `${this.dir}/${encodeURIComponent(record.name)}`
    await this.ops.mkdirp(path)
    const written = await this.ops.multi([
      { op: 'setData', path, data: Buffer.from(JSON.stringify(record)), version: -1 },
    ])
    if (!written.ok) throw written.error
    if (this.upNode && (await this.ops.exists(this.upNode))) return
    const node = await this.ops.createEphemeralSequential(`${path}/${UP}`, Buffer.alloc(0))
    // Withdrawn meanwhile: take the node back down.
    if (this.record !== record) return void (await this.ops.remove(node, -1).catch(() => {}))
    this.upNode = node
  }
}
