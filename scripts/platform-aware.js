#!/usr/bin/env node
// The `platform-aware` command: a thin launcher for the compiled CLI (npm run build produces it).
'use strict';
require('../server/out/cli/main.js').main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
