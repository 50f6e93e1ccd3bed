/** @module `heliosctl config …`: view and edit the config file's clusters (kubectl config's verbs, for clusters). */
import type { Command } from 'commander'
import type { ClusterChanges } from '../config/config-edit.js'
import {
  configCurrentCluster,
  configDeleteCluster,
  configGetClusters,
  configSetCluster,
  configUseCluster,
  configView,
} from './config-verbs.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
The file (--config FILE, HELIOS_CONFIG, else $XDG_CONFIG_HOME/heliosctl/config.yaml or
~/.config/heliosctl/config.yaml) is YAML, written atomically with mode 0600:

  apiVersion: heliosctl/v1
  currentCluster: prod
  clusters:
    - name: prod
      server: https://helios.example.com:5801
      token: s3cret                       # optional bearer token
      certificateAuthority: /etc/helios/ca.pem   # optional PEM file; relative to this file

Examples:
  heliosctl config set-cluster prod --server https://helios.example.com:5801 --token T --certificate-authority ca.pem
  heliosctl config use-cluster prod
  heliosctl --cluster staging get hosts`

export function defineConfig(program: Command, run: Run): void {
  const config = program.command('config').description('view and edit the clusters of the config file')
  config.addHelpText('after', HELP)
  config
    .command('view')
    .description('print the config file (tokens REDACTED unless --raw)')
    .option('--raw', 'show tokens')
    .action((opts: { raw?: boolean }, cmd: Command) => run(configView, opts, cmd))
  config
    .command('current-cluster')
    .description('print the name of the current cluster')
    .action((_opts: GlobalOpts, cmd: Command) => run(configCurrentCluster, {}, cmd))
  config
    .command('get-clusters')
    .description('list the clusters (the current one marked *)')
    .option('-o, --output <format>', 'name: names only')
    .action((opts: { output?: string }, cmd: Command) => run(configGetClusters, opts, cmd))
  config
    .command('use-cluster')
    .description('make a cluster the current one')
    .argument('<cluster>', 'cluster name')
    .action((name: string, _opts: GlobalOpts, cmd: Command) => run(configUseCluster, { name }, cmd))
  config
    .command('set-cluster')
    .description('add a cluster or change its server, token or CA ("" removes token or CA)')
    .argument('<cluster>', 'cluster name')
    // commander hands --server to the global option of the same name; the action reads it from there.
    .option('--server <url>', 'apiserver URL, http:// or https:// (required for a new cluster)')
    .option('--token <token>', 'bearer token for an apiserver with --token-file')
    .option('--certificate-authority <file>', 'PEM file of the CA that signed the https:// server certificate')
    .action((name: string, opts: ClusterChanges, cmd: Command) =>
      run(configSetCluster, { name, changes: { ...opts, server: cmd.optsWithGlobals<GlobalOpts>().server } }, cmd),
    )
  config
    .command('delete-cluster')
    .description('remove a cluster')
    .argument('<cluster>', 'cluster name')
    .action((name: string, _opts: GlobalOpts, cmd: Command) => run(configDeleteCluster, { name }, cmd))
}
