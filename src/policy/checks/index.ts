// The explicit list of every check the evaluator knows; checks/index.test.ts keeps it in step with the folder.
import type { Check } from '../check.js';
import { privileged } from './privileged.js';

export const defaultChecks: readonly Check[] = Object.freeze([privileged]);
