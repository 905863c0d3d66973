#!/usr/bin/env node
// The published command: the CLI bundle built by `npm run build`.
require('../dist/cli.js');
