// Finds rule files (built-in packs and the workspace's user folder) and parses them. A broken
// file never stops the others from loading: its problems are returned with file and line.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRuleFile } from './rule-file.ts';
import type { Rule, RuleProblem } from './types.ts';

export const RULE_FILE_SUFFIX = '.rule.sql';
/** The built-in packs, one folder per pack. */
export const BUILTIN_PACKS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'packs');
/** Where an analyst drops their own rules inside a workspace. */
export function userRulesDir(home: string): string {
  return join(home, 'rules');
}

export interface LoadedRules {
  rules: Rule[];
  problems: RuleProblem[];
}

function ruleFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...ruleFiles(path));
    else if (name.endsWith(RULE_FILE_SUFFIX)) out.push(path);
  }
  return out;
}

/** Loads every rule under `dir`; the pack is the first folder below `dir` (or `fallbackPack`). */
export function loadRulesFrom(dir: string, fallbackPack: string): LoadedRules {
  const rules: Rule[] = [];
  const problems: RuleProblem[] = [];
  const seen = new Map<string, string>();
  for (const file of ruleFiles(dir)) {
    const rel = relative(dir, file).split(/[\\/]/);
    const pack = rel.length > 1 ? (rel[0] ?? fallbackPack) : fallbackPack;
    const parsed = parseRuleFile(file, readFileSync(file, 'utf8'), pack);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const earlier = seen.get(parsed.rule.id);
    if (earlier) {
      problems.push({
        file,
        line: 1,
        message: `rule id "${parsed.rule.id}" is already defined in ${earlier}`,
      });
      continue;
    }
    seen.set(parsed.rule.id, file);
    rules.push(parsed.rule);
  }
  return { rules, problems };
}

/**
 * Built-in packs plus the user folder. A user rule with a built-in rule's id replaces it, so an
 * analyst can tune a control without forking the pack.
 */
export function loadRules(
  options: { home?: string; builtinDir?: string; userDir?: string } = {},
): LoadedRules {
  const builtin = loadRulesFrom(options.builtinDir ?? BUILTIN_PACKS_DIR, 'builtin');
  const userDir = options.userDir ?? (options.home ? userRulesDir(options.home) : undefined);
  const user = userDir ? loadRulesFrom(userDir, 'user') : { rules: [], problems: [] };
  const overridden = new Set(user.rules.map((r) => r.id));
  return {
    rules: [...builtin.rules.filter((r) => !overridden.has(r.id)), ...user.rules],
    problems: [...builtin.problems, ...user.problems],
  };
}

/** `file:line: message`, the way compilers print it. */
export function formatProblem(p: RuleProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

export function ruleFileName(rule: Rule): string {
  return basename(rule.file);
}
