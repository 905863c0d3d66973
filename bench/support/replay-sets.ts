// The recorded-sample sets the stopping benchmarks hold out one at a time (bench/data/README.md has their provenance).
import { join } from 'node:path';

export const REPLAY_DIR = join('bench', 'data', 'replay');

export const REPLAY_SETS = [
  'tot_game24_gpt4_cot_n100.jsonl',
  'tot_game24_gpt4_standard_n100.jsonl',
  'math500sub20_qwen25_1p5b_n16_prm.jsonl',
  'gsm8k_openai_4systems_n4.jsonl',
  'faithfulcot_date_code002_ltm_n40.jsonl',
  'verifycot_date_gpt35turbo_np_n10.jsonl',
  'pot_aqua_code002_n30.jsonl',
] as const;
