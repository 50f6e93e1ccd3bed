#!/usr/bin/env node
/** @module heliosctl's bin: `npm run build` bundles it as dist/heliosctl/main.js, loading the bundled CLI in cli/. */

// Source maps cost start-up time and only matter for -v's stack traces, which should name the TypeScript files.
// They apply to modules loaded after this call, hence the dynamic import.
if (process.argv.slice(2).some((arg) => arg === '-v' || arg === '--verbose')) process.setSourceMapsEnabled(true)
const { main } = await import('./main.js')
await main()
