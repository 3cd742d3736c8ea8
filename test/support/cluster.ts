import { randomBytes } from 'node:crypto';
import { createTestDatabase } from './database.js';
import { randomAdminKey, startTestServer, type TestServer } from './server.js';

/** Several nodes serving one PostgreSQL database, as behind a load balancer. */
export interface TestCluster {
  readonly nodes: readonly TestServer[];
  /** The database they share. */
  readonly databaseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts `count` nodes at once on a fresh PostgreSQL database: each with its own data directory
 * and port, all with the same administrator key and the same encryption key (what several nodes
 * must share besides the database). Starting them together exercises the migration lock and the
 * first-run bootstrap racing.
 */
export async function startCluster(count = 2): Promise<TestCluster> {
  const database = await createTestDatabase();
  const admin = randomAdminKey();
  const encryptionKey = randomBytes(32).toString('base64');
  const started = await Promise.allSettled(
    Array.from({ length: count }, () => startTestServer({ databaseUrl: database.url, admin, encryptionKey })),
  );
  const nodes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  const close = async () => {
    await Promise.all(nodes.map((node) => node.close()));
    await database.drop();
  };
  if (failed) {
    await close();
    throw failed.reason;
  }
  return { nodes, databaseUrl: database.url, close };
}
