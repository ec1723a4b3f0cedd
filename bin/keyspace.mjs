#!/usr/bin/env node
// The `keyspace` CLI. Loads the TypeScript sources through tsx, so it works right after npm install.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../simulator/node/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
