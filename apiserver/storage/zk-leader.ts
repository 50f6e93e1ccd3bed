/** @module ZkLeaderElection: the classic ZooKeeper recipe — ephemeral sequential nodes, lowest leads, each watches its predecessor. */
import type { Log } from '../log.js'
import { SerialRuns } from './serial-runs.js'
import type { LeaderElection, LeaderHandlers } from './store.js'
import type { ZkOps, ZkWatcher } from './zk-ops.js'

const RETRY_MS = 1_000
const PREFIX = 'n_'
const CANDIDATE = /^n_\d{10}$/

/** Driven by ZooKeeperStore: `connected()` after every (re)connection, `disconnected()` when the session is in doubt. */
export class ZkLeaderElection implements LeaderElection {
  private readonly campaigns = new Set<Campaign>()

  constructor(
    private readonly ops: ZkOps,
    private readonly dir: string,
    private readonly log: Log,
  ) {}

  campaign(identity: string, handlers: LeaderHandlers): () => Promise<void> {
    const campaign = new Campaign(this.ops, this.dir, identity, handlers, this.log)
    this.campaigns.add(campaign)
    campaign.kick()
    return async () => {
      this.campaigns.delete(campaign)
      await campaign.resign()
    }
  }

  connected(): void {
    for (const c of this.campaigns) c.kick()
  }

  /** A leader that cannot reach ZooKeeper may already be replaced: it steps down at once. */
  disconnected(): void {
    for (const c of this.campaigns) c.depose()
  }
}

class Campaign {
  private node: string | undefined
  private leader = false
  private stopped = false
  private readonly runs = new SerialRuns(() => this.step(), {
    retryMs: RETRY_MS,
    onError: (err) => this.log('debug', 'leader election: ZooKeeper failed; retrying', { error: String(err) }),
    stopped: () => this.stopped,
  })
  // One stable function, so re-arming the predecessor watch never duplicates it.
  private readonly watcher: ZkWatcher = () => this.kick()

  constructor(
    private readonly ops: ZkOps,
    private readonly dir: string,
    private readonly identity: string,
    private readonly handlers: LeaderHandlers,
    private readonly log: Log,
  ) {}

  /** Re-examines the candidate list; runs are serialized and coalesced. */
  kick(): void {
    this.runs.kick()
  }

  depose(): void {
    if (!this.leader) return
    this.leader = false
    this.handlers.onDeposed()
  }

  async resign(): Promise<void> {
    this.stopped = true
    this.leader = false
    this.runs.cancel()
    const node = this.node
    this.node = undefined
    if (node) await this.ops.remove(node, -1).catch(() => {})
  }

  private async step(): Promise<void> {
    await this.ops.mkdirp(this.dir)
    let { children } = await this.ops.getChildren(this.dir)
    if (!this.node || !children.includes(baseName(this.node))) {
      // First campaign, or our node went with an expired session: queue up again at the end.
      this.depose()
      this.node = await this.ops.createEphemeralSequential(`${this.dir}/${PREFIX}`, Buffer.from(this.identity))
      if (this.stopped) return void (await this.ops.remove(this.node, -1).catch(() => {}))
      children = (await this.ops.getChildren(this.dir)).children
    }
    const queue = children.filter((c) => CANDIDATE.test(c)).sort()
    const position = queue.indexOf(baseName(this.node))
    if (position < 0) {
      this.runs.rerun()
      return
    }
    if (position === 0) {
      if (this.stopped || this.leader) return
      this.leader = true
      this.handlers.onElected()
      return
    }
    this.depose()
    // Watch only the predecessor (no herd): when it goes, look again.
    if (!(await this.ops.exists(`${this.dir}/${queue[position - 1]}`, this.watcher))) this.runs.rerun()
  }
}

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1)
