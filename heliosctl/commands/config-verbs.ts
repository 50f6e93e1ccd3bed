/** @module The `config` verbs: read the file, edit it with config-edit's pure functions, write it atomically. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { type ClusterChanges, deleteCluster, redacted, setCluster } from '../config/config-edit.js'
import { ConfigError, configPath, readConfig, toYamlText, writeConfig } from '../config/config-file.js'
import { ClusterEntry } from '../config/config-schema.js'
import { namedCluster } from '../config/server-target.js'
import { type Ctx, println } from '../context.js'
import { toJson } from '../print/output.js'
import { table } from '../print/table.js'
import { UsageError } from '../usage-error.js'
import type { GlobalOpts } from './run.js'

const fileOf = (ctx: Ctx, opts: GlobalOpts): string => configPath(opts.config, ctx.env)

export async function configView(ctx: Ctx, args: { raw?: boolean }, opts: GlobalOpts): Promise<number> {
  const config = readConfig(fileOf(ctx, opts))
  const shown = args.raw ? config : redacted(config)
  ctx.stdout.write(opts.json ? toJson(shown) : toYamlText(shown))
  return 0
}

export async function configCurrentCluster(ctx: Ctx, _args: object, opts: GlobalOpts): Promise<number> {
  const file = fileOf(ctx, opts)
  const { currentCluster } = readConfig(file)
  if (!currentCluster) throw new Error(`no current cluster in ${file}: heliosctl config use-cluster NAME`)
  println(ctx.stdout, currentCluster)
  return 0
}

export async function configGetClusters(ctx: Ctx, args: { output?: string }, opts: GlobalOpts): Promise<number> {
  if (args.output !== undefined && args.output !== 'name') throw new UsageError('-o takes only "name"')
  const config = readConfig(fileOf(ctx, opts))
  if (opts.json) {
    ctx.stdout.write(toJson(redacted(config).clusters))
    return 0
  }
  if (args.output === 'name') {
    for (const c of config.clusters) println(ctx.stdout, c.name)
    return 0
  }
  const rows = config.clusters.map((c) => [c.name === config.currentCluster ? '*' : '', c.name, c.server])
  for (const line of table(['CURRENT', 'NAME', 'SERVER'], rows)) println(ctx.stdout, line)
  return 0
}

export async function configUseCluster(ctx: Ctx, args: { name: string }, opts: GlobalOpts): Promise<number> {
  const file = fileOf(ctx, opts)
  const config = readConfig(file)
  namedCluster(config, args.name, file)
  writeConfig(file, { ...config, currentCluster: args.name })
  println(ctx.stdout, `Switched to cluster "${args.name}".`)
  return 0
}

export async function configSetCluster(
  ctx: Ctx,
  args: { name: string; changes: ClusterChanges },
  opts: GlobalOpts,
): Promise<number> {
  const file = fileOf(ctx, opts)
  const changes = { ...args.changes, certificateAuthority: checkedCa(args.changes.certificateAuthority) }
  const edit = setCluster(readConfig(file), args.name, changes)
  // The same rules as reading the file, so set-cluster can never write a file that heliosctl then refuses.
  const entry = ClusterEntry.safeParse(edit.config.clusters.find((c) => c.name === args.name))
  if (!entry.success)
    throw new UsageError(
      `cluster "${args.name}": ${entry.error.issues[0]?.path.join('.')}: ${entry.error.issues[0]?.message}`,
    )
  writeConfig(file, edit.config)
  const current = edit.madeCurrent ? '; it is the current cluster' : ''
  println(ctx.stdout, `Cluster "${args.name}" ${edit.created ? 'added' : 'set'}${current}.`)
  return 0
}

export async function configDeleteCluster(ctx: Ctx, args: { name: string }, opts: GlobalOpts): Promise<number> {
  const file = fileOf(ctx, opts)
  const config = readConfig(file)
  namedCluster(config, args.name, file)
  const edit = deleteCluster(config, args.name)
  writeConfig(file, edit.config)
  const current = edit.wasCurrent ? '; no cluster is current now' : ''
  println(ctx.stdout, `Deleted cluster "${args.name}"${current}.`)
  return 0
}

// Stored absolute (the verb runs from any folder) and only if it is a PEM certificate we can read now.
function checkedCa(file: string | undefined): string | undefined {
  if (!file) return file
  const path = resolve(file)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new ConfigError(`cannot read --certificate-authority ${path}: ${(err as Error).message}`)
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw new UsageError(`--certificate-authority ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`)
  return path
}
