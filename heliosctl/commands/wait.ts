/** @module `heliosctl wait --for=state=S|--for=delete KIND/NAME…`: watch-driven, re-read on every event and periodically (kubectl wait). */
import type { Command } from 'commander'
import { isNotFound, type Kind } from '../../apis/index.js'
import type { ListOptions } from '../../client/index.js'
import { type Ctx, println } from '../context.js'
import { parseDuration } from '../duration-flag.js'
import { followChanges } from '../follow-changes.js'
import { UsageError } from '../usage-error.js'
import { deploymentVerdict, hostVerdict, statesOf, taskVerdict, type Verdict } from '../wait-condition.js'
import { type ObjectRef, parseRefs, refText } from '../wait-refs.js'
import { getOne } from './get.js'
import type { Run } from './run.js'

const HELP = `
Conditions:
  --for=delete          the object is gone (404); an object already gone is met at once
  --for=state=S         task: its status.state is S (agent's view of the current Job and goal)
                        host: UP or DOWN
                        deployment: RUNNING means the rollout of the current generation is DONE
                          and every Task of it is RUNNING; another Task state (e.g. STOPPED) means
                          every Task is in it; IDLE, ROLLING_OUT, DONE, FAILED are rollout states
Waiting for RUNNING ends early (exit 1, with the reason) when the rollout FAILED or a Task is
FAILED or throttled (FLAPPING, IMAGE_MISSING, IMAGE_PULL_FAILED). An object that does not exist is
an error unless waiting for delete. Each object prints "KIND/NAME condition met"; a timeout prints
"error: timed out waiting for the condition on KIND/NAME (…how far it got)" and exits 1.

Examples:
  heliosctl wait --for=state=RUNNING deployment/nginx --timeout 2m
  heliosctl wait --for=state=RUNNING task/nginx@web1
  heliosctl wait --for=state=UP host/web1 host/web2
  heliosctl wait --for=delete deployment/nginx`

/** How often conditions are re-read even without watch events (Docker and agents drift silently). */
export const RECHECK_MS = 2000

export interface WaitOpts {
  for: string
  timeout: number
}

export function defineWait(program: Command, run: Run): void {
  program
    .command('wait')
    .description('wait until objects reach a state or are deleted')
    .argument('<objects...>', 'KIND/NAME… (or KIND NAME…): task, deployment, host, job')
    .requiredOption('--for <condition>', 'state=S (e.g. state=RUNNING, state=UP) or delete')
    .option('--timeout <duration>', 'give up after this long, e.g. 90s or 5m (0: check once)', parseDuration, 30_000)
    .addHelpText('after', HELP)
    .action((objects: string[], _opts: WaitOpts, cmd: Command) => run(wait, { objects }, cmd))
}

type Condition = { type: 'delete' } | { type: 'state'; state: string }

export async function wait(ctx: Ctx, args: { objects: string[] }, opts: WaitOpts): Promise<number> {
  const condition = parseCondition(opts.for)
  const refs = parseRefs(args.objects)
  for (const ref of refs) checkCondition(ref.kind, condition)
  const stop = new AbortController()
  const alarm = changeAlarm(ctx, refs, AbortSignal.any([ctx.signal, stop.signal]))
  try {
    const deadline = ctx.clock.now() + opts.timeout
    const pending = [...refs]
    while (pending.length > 0) {
      alarm.reset()
      for (const ref of [...pending]) {
        const verdict = await verdictOf(ctx, ref, condition)
        if (verdict.phase === 'failed')
          throw new Error(`${refText(ref)} will not become ${stateOf(condition)}: ${verdict.reason}`)
        if (verdict.phase === 'waiting') continue
        println(ctx.stdout, `${refText(ref)} condition met`)
        pending.splice(pending.indexOf(ref), 1)
      }
      const first = pending[0]
      if (!first) break
      const left = deadline - ctx.clock.now()
      if (left <= 0) throw await timedOut(ctx, first, condition)
      if (ctx.signal.aborted) throw new Error(`interrupted while waiting for the condition on ${refText(first)}`)
      await alarm.nap(Math.min(RECHECK_MS, left))
    }
    return 0
  } finally {
    stop.abort()
  }
}

/**
 * Watches the objects (and a Deployment's Tasks) until `signal` aborts. Events only say "look again":
 * every verdict comes from a fresh read. `nap` ends at the first change since `reset`, or after `ms`.
 */
function changeAlarm(ctx: Ctx, refs: readonly ObjectRef[], signal: AbortSignal) {
  let poked = false
  let wake = () => {}
  const poke = () => {
    poked = true
    wake()
  }
  for (const [kind, listOpts] of watchesFor(refs))
    followChanges({ ...ctx, signal }, kind, listOpts, { onList: poke, onChange: poke }).catch(() => {})
  return {
    reset: () => {
      poked = false
    },
    nap: (ms: number): Promise<void> =>
      poked
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            wake = resolve
            void ctx.clock.sleep(ms, signal).then(resolve)
          }),
  }
}

/** kubectl's timeout line, with how far the object got. */
async function timedOut(ctx: Ctx, ref: ObjectRef, condition: Condition): Promise<Error> {
  const verdict = await verdictOf(ctx, ref, condition)
  const how = verdict.phase === 'waiting' ? ` (${verdict.summary})` : ''
  return new Error(`timed out waiting for the condition on ${refText(ref)}${how}`)
}

function parseCondition(text: string): Condition {
  if (text === 'delete') return { type: 'delete' }
  const state = /^state=([A-Z_]+)$/i.exec(text)?.[1]
  if (state) return { type: 'state', state: state.toUpperCase() }
  throw new UsageError(`--for="${text}" is not a condition: use --for=state=S (e.g. state=RUNNING) or --for=delete`)
}

function checkCondition(kind: Kind, condition: Condition): void {
  if (condition.type === 'delete') return
  const states = statesOf(kind)
  if (states.includes(condition.state)) return
  const known = states.length > 0 ? `: ${states.join(', ')}` : '; wait for it with --for=delete'
  throw new UsageError(`a ${kind.toLowerCase()} has no state ${condition.state}${known}`)
}

const stateOf = (condition: Condition): string => (condition.type === 'state' ? condition.state : 'deleted')

/** One fresh read. For delete, gone is met; otherwise a missing object is the NotFound error. */
async function verdictOf(ctx: Ctx, ref: ObjectRef, condition: Condition): Promise<Verdict> {
  if (condition.type === 'delete') {
    try {
      await ctx.client.get(ref.kind, ref.name)
      return { phase: 'waiting', summary: 'it still exists' }
    } catch (err) {
      if (isNotFound(err)) return { phase: 'met' }
      throw err
    }
  }
  const obj = await getOne(ctx, ref.kind, ref.name)
  if (obj.kind === 'Task') return taskVerdict(obj, condition.state)
  if (obj.kind === 'Host') return hostVerdict(obj, condition.state)
  if (obj.kind === 'Deployment') {
    const tasks = await ctx.client.list('Task', { fieldSelector: `spec.deployment=${ref.name}` })
    return deploymentVerdict(obj, tasks.items, condition.state)
  }
  return { phase: 'waiting', summary: 'no state' }
}

/** The watches whose events may change a verdict: the object itself, and a Deployment's Tasks. */
function watchesFor(refs: readonly ObjectRef[]): Array<[Kind, ListOptions]> {
  return refs.flatMap((ref): Array<[Kind, ListOptions]> => {
    const own: [Kind, ListOptions] = [ref.kind, { fieldSelector: `metadata.name=${ref.name}` }]
    return ref.kind === 'Deployment' ? [own, ['Task', { fieldSelector: `spec.deployment=${ref.name}` }]] : [own]
  })
}
