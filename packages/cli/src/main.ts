import { launch } from './launch.js';

// The ES module entry (bin/dl goes through bundle/launch.cjs first, the Docker image runs this).
const launched = await launch(process.argv);
if (launched !== undefined) process.exitCode = launched;
else {
  const { run } = await import('./run.js');
  process.exitCode = await run(process.argv);
}
