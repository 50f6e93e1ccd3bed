/** @module `heliosctl rollout pause|resume|restart|stop|retry|promote|abort DEPLOYMENT`: one spec field or annotation each, read-modify-write. */
import type { Command } from 'commander'
import { ApiError, type Deployment, ROLLOUT_ANNOTATION } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { deploymentName } from '../deployment-ref.js'
import { editObject } from '../object-edit.js'
import type { GlobalOpts, Run } from './run.js'

interface SteerOpts extends GlobalOpts {
  token?: string
}

/** What one subcommand does to a Deployment: a changed copy and the line to print, or undefined and the line. */
type Steer = (d: Deployment, now: string) => { next?: Deployment; line: string }

const STEERS: Record<string, { description: string; steer: Steer }> = {
  pause: {
    description: 'start no new host step until resumed (steps under way finish)',
    steer: (d) =>
      d.spec.paused
        ? { line: 'already paused' }
        : { next: { ...d, spec: { ...d.spec, paused: true } }, line: 'paused' },
  },
  resume: {
    description: 'continue a paused rollout',
    steer: (d) =>
      d.spec.paused
        ? { next: { ...d, spec: { ...d.spec, paused: false } }, line: 'resumed' }
        : { line: 'is not paused' },
  },
  restart: {
    description: 'replace every container host by host, under the rollout options',
    steer: (d, now) => ({ next: { ...d, spec: { ...d.spec, restartedAt: now } }, line: 'restarted' }),
  },
  stop: {
    description: 'stop the rollout in progress where it is (it becomes FAILED "stopped by user")',
    steer: (d, now) => {
      requireState(d, ['ROLLING_OUT', 'PAUSED'], 'has no rollout in progress')
      return { next: annotated(d, ROLLOUT_ANNOTATION.stop, now), line: 'rollout stopped' }
    },
  },
  retry: {
    description: 'run a FAILED rollout again',
    steer: (d, now) => {
      requireState(d, ['FAILED'], 'has no failed rollout to retry')
      return { next: annotated(d, ROLLOUT_ANNOTATION.retry, now), line: 'rollout retried' }
    },
  },
  promote: {
    description: 'let the other hosts follow the canaries (rollout.canary)',
    steer: (d, now) => {
      const r = d.status?.rollout
      if (!r?.canary || r.canary.promotedAt !== undefined || (r.state !== 'PAUSED' && r.state !== 'ROLLING_OUT'))
        throw new ApiError(
          'Conflict',
          `deployment "${d.metadata.name}" has no canary waiting for a promotion (state ${r?.state ?? 'IDLE'})`,
        )
      return { next: annotated(d, ROLLOUT_ANNOTATION.promote, now), line: 'canary promoted' }
    },
  },
  abort: {
    description:
      'end the rollout in progress and send the hosts it moved (the canaries) back to the last good revision',
    steer: (d, now) => {
      requireState(d, ['ROLLING_OUT', 'PAUSED'], 'has no rollout in progress')
      return { next: annotated(d, ROLLOUT_ANNOTATION.abort, now), line: 'rollout aborted' }
    },
  },
}

export function defineRolloutSteer(rollout: Command, run: Run): void {
  for (const [verb, { description, steer }] of Object.entries(STEERS)) {
    rollout
      .command(verb)
      .description(description)
      .argument('<deployment>', 'deployment/NAME or NAME')
      .option('--token <token>', "the job's token, if it has one")
      .action((ref: string, _opts: SteerOpts, cmd: Command) => run(steerVerb(steer), { ref }, cmd))
  }
}

/** The verb for one steer: edits the Deployment and prints `deployment "web" paused`. */
export const steerVerb =
  (steer: Steer) =>
  async (ctx: Ctx, args: { ref: string }, opts: SteerOpts): Promise<number> => {
    const name = deploymentName(args.ref)
    const now = new Date(ctx.clock.now()).toISOString()
    let line = ''
    const change = (d: Deployment) => {
      const result = steer(d, now)
      line = result.line
      return result.next
    }
    await editObject(ctx, 'Deployment', name, change, { jobToken: opts.token })
    println(ctx.stdout, `deployment "${name}" ${line}`)
    return 0
  }

/** `d` with annotation `key` set to `value`. */
export const annotated = (d: Deployment, key: string, value: string): Deployment => ({
  ...d,
  metadata: { ...d.metadata, annotations: { ...d.metadata.annotations, [key]: value } },
})

function requireState(d: Deployment, states: readonly string[], problem: string): void {
  const current = d.status?.rollout?.state ?? 'IDLE'
  if (!states.includes(current))
    throw new ApiError('Conflict', `deployment "${d.metadata.name}" ${problem} (state ${current})`)
}
