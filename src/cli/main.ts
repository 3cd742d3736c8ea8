#!/usr/bin/env node
import { Command } from 'commander';
import { eventsCommand } from './events.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { importMfaTokensCommand } from './import-mfa-tokens.js';
import { lintCommand } from './lint.js';
import { proveMfaCommand } from './prove-mfa.js';
import { reportCommand } from './report.js';
import { rootAccessKeyCommand } from './root-access-key.js';
import { rotateEncryptionKeyCommand } from './rotate-encryption-key.js';
import { serveCommand } from './serve.js';
import { simulateCommand } from './simulate.js';
import { smsOutboxCommand } from './sms-outbox.js';

const program = new Command('iamfa')
  .description(
    'An identity and access service that speaks AWS IAM and STS, enforces IAM policies, and makes MFA enforceable.',
  )
  .addCommand(simulateCommand())
  .addCommand(lintCommand())
  .addCommand(proveMfaCommand())
  .addCommand(serveCommand())
  .addCommand(eventsCommand())
  .addCommand(rootAccessKeyCommand())
  .addCommand(importMfaTokensCommand())
  .addCommand(rotateEncryptionKeyCommand())
  .addCommand(smsOutboxCommand())
  .addCommand(reportCommand())
  .addCommand(importCommand())
  .addCommand(exportCommand());

// A reader that stops early (`iamfa events --json | head`) ends the output, not with an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

try {
  await program.parseAsync();
} catch (error) {
  // What went wrong, in a line: a stack trace is for bugs, and would bury the message.
  process.stderr.write(`iamfa: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
