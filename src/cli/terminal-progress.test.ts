import { describe, expect, it } from 'vitest';
import { terminalProgress } from './terminal-progress.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

describe('terminalProgress', () => {
  it('redraws one line on a terminal, and clears it when done', () => {
    const tty = stream(true);
    const progress = terminalProgress('prove-mfa', 'actions', tty);
    progress.status('loading the catalog');
    progress.update(500, 2000);
    progress.done();
    expect(tty.written).toEqual([
      '\r\x1b[2Kprove-mfa: loading the catalog',
      '\r\x1b[2Kprove-mfa: 500/2000 actions (25%)',
      '\r\x1b[2K',
    ]);
  });

  it('writes nothing when the stream is not a terminal', () => {
    const pipe = stream(false);
    const progress = terminalProgress('prove-mfa', 'actions', pipe);
    progress.status('loading');
    progress.update(1, 2);
    progress.done();
    expect(pipe.written).toEqual([]);
  });
});
