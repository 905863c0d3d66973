// Which slot a prompt runs in and how much of it that slot has cached, for the two runners Ollama has had.
//
// Ollama before 0.30 — its own Go runner (runner/ollamarunner/cache.go, v0.13.0, InputCache.LoadCacheSlot):
// - findLongestCacheSlot: the first idle slot with the strictly longest common prefix (`count > longest`),
//   so among equal prefixes the lowest-numbered idle slot wins, not the least recently used;
// - with OLLAMA_MULTIUSER_CACHE, findBestCacheSlot: the longest common prefix in any slot, busy ones
//   included; unless that slot is idle and holds nothing beyond the prefix, the least recently used idle
//   slot gets a copy of the prefix ("forked").
//
// Ollama 0.30 and later — llama.cpp's llama-server drives every GGML model (ollama commit 9db4bdba, "use
// llama-server exclusively"; llm/llama_server.go at v0.33.0-rc2 sends `cache_prompt: true` and pins llama.cpp
// b10488). Slot choice is llama.cpp tools/server/server-context.cpp, get_available_slot():
// - among idle slots that hold tokens, the one whose common prefix is the largest fraction of the new
//   prompt, if that fraction exceeds --slot-prompt-similarity (default 0.1; the first such slot wins ties);
// - otherwise the least recently used idle slot (`t_last_used <= t_last`: the last one among ties);
// - the prompt cache in RAM (--cache-ram, on by default, Ollama passes no flag for it): when the slot was
//   chosen by LRU, or by similarity but would keep less than half of what it holds (f_keep < 0.5), and it
//   holds tokens, its tokens are saved to the cache (dropping cached prompts it contains) and the cached
//   prompt that keeps at least a quarter of itself and beats the slot on both f_keep and similarity is
//   loaded into the slot instead (server_prompt_cache::save / load in tools/server/server-task.cpp).
//
// Both runners keep one prompt token back when the whole prompt is cached, so there is something to
// evaluate (cache.go `numPast--`; server-context.cpp "we have to evaluate at least 1 token").

export interface Slot {
  tokens: readonly string[];
  busy: boolean;
  lastUsed: number;
}

export interface SlotChoice {
  readonly index: number;
  /** Prompt tokens the chosen slot holds in common with the prompt (after any fork or cache load). */
  readonly common: number;
}

export type RunnerKind = 'go' | 'llama-server';

export interface ChoiceConfig {
  readonly runner: RunnerKind;
  readonly cache: boolean;
  readonly multiUserCache: boolean;
}

/** llama-server's default --slot-prompt-similarity (common/common.h). */
export const SLOT_PROMPT_SIMILARITY = 0.1;

export function commonPrefixLength(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** llama-server's prompt cache in RAM: saved prompts a slot can be loaded from. */
export class PromptCache {
  private states: (readonly string[])[] = [];

  /** server_prompt_cache::save: drop cached prompts the new one contains, then keep it. */
  save(tokens: readonly string[]): void {
    if (tokens.length === 0) return;
    this.states = this.states.filter((state) => commonPrefixLength(state, tokens) !== state.length);
    this.states.push(tokens);
  }

  /** server_prompt_cache::load: the cached prompt to load instead of what the slot holds, removed from the cache. */
  load(slotTokens: readonly string[], prompt: readonly string[]): readonly string[] | undefined {
    const lcpSlot = commonPrefixLength(slotTokens, prompt);
    let keepBest = slotTokens.length > 0 ? lcpSlot / slotTokens.length : -1;
    let simBest = lcpSlot / Math.max(1, prompt.length);
    let best = -1;
    this.states.forEach((state, i) => {
      const lcp = commonPrefixLength(state, prompt);
      const keep = lcp / state.length;
      const sim = lcp / Math.max(1, prompt.length);
      if (keep < 0.25) return; // "don't trash large prompts"
      if (keepBest < keep && simBest < sim) {
        keepBest = keep;
        simBest = sim;
        best = i;
      }
    });
    if (best < 0) return undefined;
    const [loaded] = this.states.splice(best, 1);
    return loaded;
  }

  clear(): void {
    this.states = [];
  }
}

/** The slot for `prompt`, or undefined when every slot is busy. May rewrite a slot's tokens (fork, cache load). */
export function chooseSlot(config: ChoiceConfig, slots: Slot[], prompt: readonly string[], cache: PromptCache): SlotChoice | undefined {
  if (!config.cache) return leastRecentlyUsed(slots, prompt, false);
  if (config.runner === 'llama-server') return llamaServerSlot(slots, prompt, cache);
  return config.multiUserCache ? bestCacheSlot(slots, prompt) : longestCacheSlot(slots, prompt);
}

/** Go runner, findLongestCacheSlot: the first idle slot with the longest common prefix. */
function longestCacheSlot(slots: readonly Slot[], prompt: readonly string[]): SlotChoice | undefined {
  let best: SlotChoice | undefined;
  slots.forEach((slot, index) => {
    if (slot.busy) return;
    const common = commonPrefixLength(slot.tokens, prompt);
    if (!best || common > best.common) best = { index, common };
  });
  return best;
}

/** Go runner with OLLAMA_MULTIUSER_CACHE, findBestCacheSlot. */
function bestCacheSlot(slots: Slot[], prompt: readonly string[]): SlotChoice | undefined {
  let longest = -1;
  let source: Slot | undefined;
  let oldest: { slot: Slot; index: number } | undefined;
  slots.forEach((slot, index) => {
    const common = commonPrefixLength(slot.tokens, prompt);
    if (common > longest) {
      longest = common;
      source = slot;
    }
    if (!slot.busy && (!oldest || slot.lastUsed < oldest.slot.lastUsed)) oldest = { slot, index };
  });
  if (source && !source.busy && longest === source.tokens.length) return { index: slots.indexOf(source), common: longest };
  if (!oldest) return undefined;
  if (source && source !== oldest.slot && longest > 0) oldest.slot.tokens = source.tokens.slice(0, longest);
  return { index: oldest.index, common: Math.max(0, commonPrefixLength(oldest.slot.tokens, prompt)) };
}

/** llama-server's get_available_slot with its prompt cache. */
function llamaServerSlot(slots: Slot[], prompt: readonly string[], cache: PromptCache): SlotChoice | undefined {
  let chosen: number | undefined;
  let updateCache = false;
  let simBest = 0;
  slots.forEach((slot, index) => {
    if (slot.busy || slot.tokens.length === 0) return;
    const sim = commonPrefixLength(slot.tokens, prompt) / Math.max(1, prompt.length);
    if (sim > simBest && sim > SLOT_PROMPT_SIMILARITY) {
      simBest = sim;
      chosen = index;
    }
  });
  if (chosen !== undefined) {
    const slot = slots[chosen] as Slot;
    const keep = (simBest * prompt.length) / slot.tokens.length;
    if (keep < 0.5) updateCache = true;
  } else {
    chosen = leastRecentlyUsed(slots, prompt, false)?.index;
    if (chosen === undefined) return undefined;
    updateCache = true;
  }
  const slot = slots[chosen] as Slot;
  if (updateCache && slot.tokens.length > 0) {
    cache.save(slot.tokens);
    // prompt_load: a better cached prompt replaces the slot's; otherwise the slot keeps its own tokens
    // (the cache holds a copy of them now).
    const loaded = cache.load(slot.tokens, prompt);
    if (loaded) slot.tokens = loaded;
  }
  return { index: chosen, common: commonPrefixLength(slot.tokens, prompt) };
}

/** The least recently used idle slot; ties go to the last (llama-server's `<=`). */
function leastRecentlyUsed(slots: readonly Slot[], prompt: readonly string[], cache: boolean): SlotChoice | undefined {
  let best: number | undefined;
  slots.forEach((slot, index) => {
    if (slot.busy) return;
    if (best === undefined || slot.lastUsed <= (slots[best] as Slot).lastUsed) best = index;
  });
  if (best === undefined) return undefined;
  return { index: best, common: cache ? commonPrefixLength((slots[best] as Slot).tokens, prompt) : 0 };
}
