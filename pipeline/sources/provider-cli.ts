import type { Command } from 'commander';
import type { PipelineEnv } from '../env.ts';

/** One check of `hotpot sources test`: what was tried, on which scope, and what happened. */
export interface SourceCheck {
  check: string;
  scope?: string;
  ok: boolean;
  detail: string;
}

/** How a provider plugs into `hotpot sources add|test`. */
export interface ProviderCli {
  readonly provider: string;
  readonly description: string;
  /** Adds the provider's options to `hotpot sources add <provider>`. */
  addOptions(command: Command): Command;
  /** Turns parsed options into the stored config and the secrets (read from files, never argv). */
  buildSource(
    options: Record<string, unknown>,
  ): Promise<{ config: Record<string, unknown>; secrets: Record<string, string> }>;
  /** Cheap authenticated calls that say exactly which credential, permission or scope fails. */
  test(env: PipelineEnv, sourceId: string): Promise<SourceCheck[]>;
}
