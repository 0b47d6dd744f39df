#!/usr/bin/env node
// The package's command: the built cli (pnpm install builds it). A committed file, so pnpm can
// link the bin before the first build.
import '../dist/main.js';
