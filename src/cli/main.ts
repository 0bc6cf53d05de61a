#!/usr/bin/env node
// psa-ephemeral command-line entry point: dispatches to one module per subcommand, loaded on demand.
import { runCli } from './dispatch.js';

process.exitCode = await runCli(process.argv.slice(2));
