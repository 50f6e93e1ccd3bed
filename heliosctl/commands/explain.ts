/** @module `heliosctl explain KIND[.field…]`: documentation of a kind's fields, generated from the apis/ schemas (kubectl explain). */
import type { Command } from 'commander'
import { API_VERSION, KINDS, kindJsonSchemas } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { lookup, type SchemaNode } from '../explain-schema.js'
import { explainText } from '../print/explain-text.js'
import { userKind } from './get.js'
import type { Run } from './run.js'

const EXAMPLES = `
Kinds: job, deployment, host, task, event (and their plurals and short names). Fields of lists and maps
are reached through them: job.spec.ports.internalPort describes each port mapping.

Examples:
  heliosctl explain deployment
  heliosctl explain deployment.spec.rollout
  heliosctl explain job.spec.healthCheck
  heliosctl explain host --recursive`

export function defineExplain(program: Command, run: Run): void {
  program
    .command('explain')
    .description('describe the fields of a kind, or of one field')
    .argument('<field>', 'KIND or KIND.field.field, e.g. deployment.spec.rollout')
    .option('--recursive', 'print every field below, nested, without descriptions')
    .addHelpText('after', EXAMPLES)
    .action((field: string, _opts: ExplainOpts, cmd: Command) => run(explain, { field }, cmd))
}

export interface ExplainOpts {
  recursive?: boolean
}

export async function explain(ctx: Ctx, args: { field: string }, opts: ExplainOpts): Promise<number> {
  const [word = '', ...path] = args.field.split('.')
  const kind = userKind(word)
  const root = withEnvelope(kindJsonSchemas()[kind] as SchemaNode)
  const found = lookup(root, path)
  if (!found.found) {
    const where = kind.toLowerCase()
    throw new Error(`field "${found.missing}" does not exist in ${where}; fields are: ${found.known.join(', ')}`)
  }
  const lines = explainText({
    kind,
    version: API_VERSION,
    path,
    node: path.length === 0 ? { ...found.node, description: found.node.description ?? kindSummary(kind) } : found.node,
    required: found.required,
    recursive: opts.recursive,
  })
  for (const line of lines) println(ctx.stdout, line)
  return 0
}

/** apiVersion and kind mean the same in every kind, so their words live here rather than in each schema. */
function withEnvelope(root: SchemaNode): SchemaNode {
  const props = root.properties ?? {}
  const words: Record<string, string> = {
    apiVersion: 'The API group and version of the object; always helios/v1.',
    kind: 'Which kind of object this is.',
  }
  const described = Object.fromEntries(
    Object.entries(props).map(([name, node]) => [name, { ...node, description: node.description ?? words[name] }]),
  )
  return { ...root, properties: described }
}

const kindSummary = (kind: keyof typeof KINDS): string => `A ${kind}, stored as /apis/helios/v1/${KINDS[kind].plural}.`
