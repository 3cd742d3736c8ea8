/**
 * A progress line for long commands: drawn on stderr only when stderr is a terminal, so pipes,
 * files and CI logs get nothing but the result.
 */

export interface Progress {
  /** Shows what is being done, before counting starts. */
  status(text: string): void;
  update(done: number, total: number): void;
  /** Clears the line. */
  done(): void;
}

const SILENT: Progress = { status: () => undefined, update: () => undefined, done: () => undefined };

/** What a progress line needs of its stream (process.stderr, or a test's). */
export interface ProgressStream {
  readonly isTTY?: boolean | undefined;
  write(text: string): unknown;
}

/**
 * A progress line labelled `label` (`prove-mfa: 1200/22091 actions (5%)`), or one that
 * does nothing when the stream is not a terminal.
 */
export function terminalProgress(
  label: string,
  unit: string,
  stream: ProgressStream = process.stderr,
): Progress {
  if (!stream.isTTY) return SILENT;
  // \r and "erase line" redraw in place rather than scrolling a line per update.
  const draw = (text: string) => stream.write(`\r\x1b[2K${label}${text}`);
  return {
    status: (text) => draw(`: ${text}`),
    update(done, total) {
      const percent = total === 0 ? 100 : Math.floor((done * 100) / total);
      draw(`: ${done}/${total} ${unit} (${percent}%)`);
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}
