import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { promptLoop } from './prompt-loop.js';

function scripted(answers: (string | null)[]) {
  const asked: string[] = [];
  const prompt = async (message: string) => {
    asked.push(message);
    return answers.shift() ?? null;
  };
  return { asked, io: { stdout: new PassThrough(), stderr: new PassThrough(), prompt } };
}

describe('promptLoop', () => {
  it('sends each answer until "stop", asking as the seed does', async () => {
    const { asked, io } = scripted(['zażółć gęślą jaźń', 'second', ' stop ', 'never']);
    const sent: string[] = [];
    await promptLoop(io, async (d) => void sent.push(d));
    expect(sent).toEqual(['zażółć gęślą jaźń', 'second']);
    expect(asked).toEqual(["Please insert a description --> 'stop' to exit", 'Insert new data (stop to exit)', 'Insert new data (stop to exit)']);
  });
  it('ends cleanly when the prompt is closed (Ctrl-C / Ctrl-D)', async () => {
    const { io } = scripted(['one', null]);
    const sent: string[] = [];
    await promptLoop(io, async (d) => void sent.push(d));
    expect(sent).toEqual(['one']);
  });
});
