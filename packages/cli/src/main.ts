import { run } from './run.js';

// The AWS SDK warns on Node 20 (NodeVersionSupportWarning, a stderr paragraph in every s3:// run);
// users should see only dl's own diagnostics. An explicit setting of the variable is kept.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

process.exitCode = await run(process.argv);
