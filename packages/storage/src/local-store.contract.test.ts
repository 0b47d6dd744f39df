import { afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { objectStoreContract } from '../test/object-store-contract.js';
import { LocalStore } from './local-store.js';

// The same contract suite the S3 store runs against the real server, on a temporary directory.
const root = mkdtempSync(path.join(os.tmpdir(), 'dl-local-contract-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
objectStoreContract('LocalStore', async () => new LocalStore(root), { largeBytes: 8 * 1024 * 1024 });
