import type { ProduceIo } from './produce-options.js';

/**
 * Asks for descriptions until 'stop', Ctrl-C or Ctrl-D, as the seed does. The prompt is drawn on stderr
 * so that stdout carries only the delivered records.
 */
export async function promptLoop(io: ProduceIo, onAnswer: (description: string) => Promise<void>): Promise<void> {
  const ask = io.prompt ?? (await inquirerPrompt(io));
  let message = "Please insert a description --> 'stop' to exit";
  for (;;) {
    const answer = await ask(message);
    if (answer === null || answer.trim() === 'stop') return;
    await onAnswer(answer);
    message = 'Insert new data (stop to exit)';
  }
}

async function inquirerPrompt(io: ProduceIo): Promise<(message: string) => Promise<string | null>> {
  const { input } = await import('@inquirer/prompts');
  return async (message) => {
    // inquirer ignores Ctrl-D (0x04 in raw mode); end the session on it, as a shell would.
    const controller = new AbortController();
    const onData = (chunk: Buffer | string) => {
      if ((typeof chunk === 'string' ? chunk : chunk.toString('latin1')).includes('\u0004')) controller.abort();
    };
    io.stdin?.on('data', onData);
    try {
      return await input({ message }, { input: io.stdin, output: io.stderr, signal: controller.signal });
    } catch (e) {
      // Ctrl-C (ExitPromptError) and Ctrl-D (AbortPromptError) end the session cleanly, like 'stop'.
      if (e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError')) return null;
      throw e;
    } finally {
      io.stdin?.off('data', onData);
    }
  };
}
