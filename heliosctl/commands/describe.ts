/** @module `heliosctl describe KIND NAME…`: one object in kubectl's multi-section text, with its Tasks and recent Events. */
import type { Command } from 'commander'
import type { Event, HeliosObject, Kind } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { describeDeployment } from '../print/describe/deployment.js'
import { describeEndpoints } from '../print/describe/endpoints.js'
import { describeEvent } from '../print/describe/event.js'
import { describeHost } from '../print/describe/host.js'
import { describeJob } from '../print/describe/job.js'
import { describeTask } from '../print/describe/task.js'
import { type ObjectRef, parseRefs } from '../wait-refs.js'
import { getOne, userKind } from './get.js'
import type { Run } from './run.js'

const EXAMPLES = `
Shows a Deployment's spec, rollout and revisions, its Tasks per host and the newest 20 Events of it and
its Tasks; a Job's container template, the Deployments using it and its Tasks; a Host's labels, UP/DOWN,
machine facts, cordon/drain and the Tasks on it; a Task's status and Events. Without NAME, every object
of the kind.

Examples:
  heliosctl describe deployment nginx
  heliosctl describe task nginx@web1
  heliosctl describe host/web1 job/nginx:v1`

export function defineDescribe(program: Command, run: Run): void {
  program
    .command('describe')
    .description('show one object in detail, with its Tasks and recent Events')
    .argument('<objects...>', 'KIND NAME…, KIND/NAME…, or KIND for all of them')
    .addHelpText('after', EXAMPLES)
    .action((objects: string[], _opts: unknown, cmd: Command) => run(describe, { objects }, cmd))
}

export async function describe(ctx: Ctx, args: { objects: string[] }): Promise<number> {
  const [only] = args.objects
  const refs =
    args.objects.length === 1 && only !== undefined && !only.includes('/')
      ? await allOf(ctx, userKind(only))
      : parseRefs(args.objects)
  for (const [i, ref] of refs.entries()) {
    const lines = await describeOne(ctx, ref)
    if (i > 0) println(ctx.stdout)
    for (const line of lines) println(ctx.stdout, line)
  }
  return 0
}

async function allOf(ctx: Ctx, kind: Kind): Promise<ObjectRef[]> {
  const { items } = await ctx.client.list(kind)
  return items.map((o) => ({ kind, name: o.metadata.name })).sort((a, b) => a.name.localeCompare(b.name))
}

async function describeOne(ctx: Ctx, ref: ObjectRef): Promise<string[]> {
  const obj: HeliosObject = await getOne(ctx, ref.kind, ref.name)
  const now = ctx.clock.now()
  const tasksWhere = async (fieldSelector: string) => (await ctx.client.list('Task', { fieldSelector })).items
  switch (obj.kind) {
    case 'Deployment': {
      const tasks = await tasksWhere(`spec.deployment=${ref.name}`)
      const events = await eventsOf(ctx, [obj, ...tasks])
      return describeDeployment({ deployment: obj, tasks, events, now })
    }
    case 'Job': {
      const [deployments, tasks, events] = await Promise.all([
        ctx.client.list('Deployment', { fieldSelector: `spec.job=${ref.name}` }),
        tasksWhere(`spec.job=${ref.name}`),
        eventsOf(ctx, [obj]),
      ])
      return describeJob({ job: obj, deployments: deployments.items, tasks, events, now })
    }
    case 'Host': {
      const [tasks, events] = await Promise.all([tasksWhere(`spec.host=${ref.name}`), eventsOf(ctx, [obj])])
      return describeHost({ host: obj, tasks, events, now })
    }
    case 'Task':
      return describeTask({ task: obj, events: await eventsOf(ctx, [obj]), now })
    case 'Event':
      return describeEvent(obj, now)
    case 'Endpoints':
      return describeEndpoints(obj, now)
  }
}

/** The Events about each object (by kind and name: a Host may share a Deployment's name). */
async function eventsOf(ctx: Ctx, objects: readonly HeliosObject[]): Promise<Event[]> {
  const lists = await Promise.all(
    objects.map((o) =>
      ctx.client.list('Event', {
        fieldSelector: `involvedObject.kind=${o.kind},involvedObject.name=${o.metadata.name}`,
      }),
    ),
  )
  return lists.flatMap((l) => l.items)
}
