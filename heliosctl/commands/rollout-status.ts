/** @module `heliosctl rollout status DEPLOYMENT`: waits for the rollout, one line per host as it finishes (kubectl's rollout status). */
import type { Command } from 'commander'
import type { RolloutStatus } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { deploymentName } from '../deployment-ref.js'
import { parseBool, parseDuration } from '../duration-flag.js'
import { failedText, hostLine, pausedLine, rolledOutLine, waitingLine } from '../print/rollout-lines.js'
import { currentRollout, progressSummary, rolloutHosts } from '../rollout-progress.js'
import { type WaitResult, waitForRollout } from '../rollout-wait.js'
import type { GlobalOpts, Run } from './run.js'

export interface RolloutStatusOpts extends GlobalOpts {
  timeout: number
  watch: boolean
}

export function defineRolloutStatus(rollout: Command, run: Run): void {
  rollout
    .command('status')
    .description(
      'wait for the rollout to finish (exit 1 if it fails or times out, naming the host, why, and its last log lines)',
    )
    .argument('<deployment>', 'deployment/NAME or NAME')
    .option('--timeout <duration>', 'give up after this long, e.g. 5m (0: wait forever)', parseDuration, 0)
    .option('-w, --watch <bool>', 'wait for the rollout to finish (false: report once)', parseBool, true)
    .action((ref: string, _opts: RolloutStatusOpts, cmd: Command) => run(rolloutStatus, { ref }, cmd))
}

export async function rolloutStatus(ctx: Ctx, args: { ref: string }, opts: RolloutStatusOpts): Promise<number> {
  const name = deploymentName(args.ref)
  if (!opts.watch) return reportOnce(ctx, name, opts)
  const onHost = opts.json ? undefined : (p: Parameters<typeof hostLine>[0]) => println(ctx.stdout, hostLine(p))
  const onPaused = opts.json ? undefined : (r: RolloutStatus) => println(ctx.stdout, pausedLine(name, r))
  const result = await waitForRollout(ctx, name, { timeoutMs: opts.timeout, onHost, onPaused })
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify(resultJson(result))}\n`)
    return result.status === 'DONE' ? 0 : 1
  }
  if (result.status === 'DONE') {
    println(ctx.stdout, rolledOutLine(name, result.revision))
    return 0
  }
  if (result.status === 'FAILED') throw new Error(failedText(result.deployment, result.error, result.failure))
  throw new Error(`timed out waiting for the rollout (still ${progressSummary(result.deployment)})`)
}

/** `--watch=false`: the verdict now; a rollout under way is not an error. */
async function reportOnce(ctx: Ctx, name: string, opts: RolloutStatusOpts): Promise<number> {
  // A deadline already past: one read, then the verdict.
  const result = await waitForRollout(ctx, name, { timeoutMs: -1 })
  if (opts.json) {
    const json = resultJson(result)
    const waiting = currentRollout(result.deployment)?.state === 'PAUSED' ? 'PAUSED' : 'ROLLING_OUT'
    ctx.stdout.write(`${JSON.stringify(result.status === 'TIMEOUT' ? { ...json, status: waiting } : json)}\n`)
    return result.status === 'FAILED' ? 1 : 0
  }
  if (result.status === 'TIMEOUT')
    println(ctx.stdout, waitingLine(result.deployment, progressSummary(result.deployment)))
  else if (result.status === 'DONE') println(ctx.stdout, rolledOutLine(name, result.revision))
  else throw new Error(failedText(result.deployment, result.error, result.failure))
  return 0
}

function resultJson(result: WaitResult): Record<string, unknown> {
  const d = result.deployment
  const rollout = currentRollout(d)
  return {
    deployment: d.metadata.name,
    job: d.spec.job,
    status: result.status,
    revision: rollout?.revision ?? null,
    done: rollout?.done.length ?? 0,
    total: rollout ? rolloutHosts(rollout).length : 0,
    ...(result.status === 'FAILED' ? { error: result.error } : {}),
    ...(result.status === 'FAILED' && result.failure ? { failure: result.failure } : {}),
  }
}
