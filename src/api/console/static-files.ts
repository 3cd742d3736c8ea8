import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';

/** The built console's files by URL path under /console/, read once at start. */
export type ConsoleFiles = ReadonlyMap<string, { readonly body: Buffer; readonly type: string }>;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Reads the console build (Vite's output) into memory: a few small files, so every answer is a
 * map lookup and no request path ever reaches the file system. Undefined when it was not built.
 */
export async function loadConsoleFiles(dir: string): Promise<ConsoleFiles | undefined> {
  const files = new Map<string, { body: Buffer; type: string }>();
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else
        files.set(relative(dir, path).split(sep).join('/'), {
          body: await readFile(path),
          type: TYPES[extname(entry.name)] ?? 'application/octet-stream',
        });
    }
  };
  try {
    await walk(dir);
  } catch {
    return undefined;
  }
  return files.has('index.html') ? files : undefined;
}
