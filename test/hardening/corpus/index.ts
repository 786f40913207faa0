/** The whole bad-input corpus, in one table. */
import { ACTION_CASES } from './action.js';
import { CONFIG_CASES } from './configs.js';
import { HOSTILE_CONFIG_CASES } from './configs-hostile.js';
import { INPUT_CASES } from './inputs.js';
import type { Case } from './types.js';

export const CORPUS: Case[] = [...CONFIG_CASES, ...HOSTILE_CONFIG_CASES, ...INPUT_CASES, ...ACTION_CASES];
