/** @module runWhileLeader: campaigns through the store and runs the controllers only while elected. */
import type { Log } from './log.js'
import type { LeaderElection } from './storage/store.js'

export interface LeaderStatus {
  leader: boolean
  identity: string
}

export type StartControllers = () => Promise<() => Promise<void>>

export interface Leadership {
  status(): LeaderStatus
  /** Stops the controllers, then withdraws from the election (the next candidate takes over at once). */
  stop(): Promise<void>
}

/**
 * Elected: start the controllers. Deposed: stop them at once (the election campaigns again by itself).
 * Starts and stops run one after another, so at most one set of controllers runs in this process.
 */
export function runWhileLeader(opts: {
  election: LeaderElection
  identity: string
  log: Log
  start: StartControllers
}): Leadership {
  const { identity, log } = opts
  let leader = false
  let stopRunning: (() => Promise<void>) | undefined
  let chain = Promise.resolve()
  const converge = () => {
    chain = chain.then(async () => {
      try {
        if (leader && !stopRunning) {
          stopRunning = await opts.start()
          log('info', 'controllers started', { identity })
        } else if (!leader && stopRunning) {
          const stop = stopRunning
          stopRunning = undefined
          await stop()
          log('info', 'controllers stopped', { identity })
        }
      } catch (error) {
        log('error', 'controllers failed to start or stop', { identity, error })
      }
    })
    return chain
  }
  const resign = opts.election.campaign(identity, {
    onElected() {
      leader = true
      log('info', 'became leader', { identity })
      void converge()
    },
    onDeposed() {
      leader = false
      log('warn', 'lost leadership', { identity })
      void converge()
    },
  })
  return {
    status: () => ({ leader, identity }),
    async stop() {
      leader = false
      await converge()
      await resign()
    },
  }
}
