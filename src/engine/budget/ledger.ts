// The budget ledger: every model call of a run is charged here, and the hard cap on generated tokens is
// enforced here. A call first reserves its maxTokens (the ledger grants at most what is left, so the last
// calls get a smaller num_predict), then settles its real usage when it ends and the unused part of the
// reservation returns to the pool. Reservation is synchronous, so calls that start in parallel cannot
// together reserve more than the cap.
import type { UsageTotals } from '../../protocol/tree';
import type { Disposable, Listener } from '../tree/emitter';
import { Emitter } from '../tree/emitter';

/** What a call was for, so generator and verifier spending can be reported apart. */
export type ChargePurpose = 'generate' | 'verify';

export interface LedgerOptions {
  /** Hard cap on generated tokens (thinking included) for the whole run. */
  tokenCap: number;
  /** Optional cap on the number of model calls. */
  callCap?: number;
  /** Milliseconds clock; injectable for tests. */
  clock?: () => number;
}

export interface ReserveOptions {
  /** Refuse (return undefined) when fewer tokens than this are left. Default 1. */
  minTokens?: number;
  /** Leave at least this many tokens unreserved for other work (e.g. verifying the chains). Default 0. */
  keep?: number;
}

/** What a finished (or aborted) call really used. */
export interface CallUsage {
  promptTokens: number;
  generatedTokens: number;
  wallMs: number;
  /** Of generatedTokens, those the model spent thinking (its trace), when it thought. */
  thinkingTokens?: number;
}

export interface PurposeTotals {
  promptTokens: number;
  generatedTokens: number;
  calls: number;
  /** Sum of the calls' own durations (calls overlap, so this can exceed the run's wall time). */
  callMs: number;
}

/** A granted reservation. Settle it exactly once; settling again is ignored. */
export interface Reservation {
  readonly purpose: ChargePurpose;
  /** Tokens granted: pass this as the call's maxTokens. */
  readonly tokens: number;
  /** Charges the call's real usage and returns the unused tokens to the pool. */
  settle(usage: CallUsage): void;
}

export class BudgetLedger {
  readonly tokenCap: number;
  readonly callCap: number | undefined;
  private readonly clock: () => number;
  private readonly changes = new Emitter<UsageTotals>();
  private reserved = 0;
  /** Thinking tokens over every settled call. */
  private thinkingTokens = 0;
  private reservedCalls = 0;
  private readonly reservedBy: Record<ChargePurpose, number> = { generate: 0, verify: 0 };
  private readonly spent: Record<ChargePurpose, PurposeTotals> = { generate: emptyTotals(), verify: emptyTotals() };
  private firstStart: number | undefined;
  private lastEnd: number | undefined;
  /** Tokens charged beyond a call's reservation (a backend that ignored maxTokens). Should stay 0. */
  private overrunTokens = 0;

  constructor(options: LedgerOptions) {
    if (!(options.tokenCap >= 0)) throw new RangeError(`token cap must be ≥ 0, got ${options.tokenCap}`);
    this.tokenCap = Math.floor(options.tokenCap);
    this.callCap = options.callCap;
    this.clock = options.clock ?? (() => performance.now());
  }

  /** Generated tokens neither spent nor reserved. */
  get available(): number {
    return Math.max(0, this.tokenCap - this.generated - this.reserved);
  }

  /** Generated tokens spent so far (settled calls only). */
  get generated(): number {
    return this.spent.generate.generatedTokens + this.spent.verify.generatedTokens;
  }

  /** Tokens spent plus tokens reserved by calls still running, for one purpose. */
  committed(purpose: ChargePurpose): number {
    return this.spent[purpose].generatedTokens + this.reservedBy[purpose];
  }

  get overrun(): number {
    return this.overrunTokens;
  }

  /**
   * Reserves up to `maxTokens` for one call, or returns undefined when the cap (or the call cap) leaves
   * less than `minTokens`. The grant is min(maxTokens, available − keep).
   */
  reserve(purpose: ChargePurpose, maxTokens: number, options: ReserveOptions = {}): Reservation | undefined {
    const minTokens = Math.max(1, Math.floor(options.minTokens ?? 1));
    const keep = Math.max(0, Math.floor(options.keep ?? 0));
    const grant = Math.min(Math.floor(maxTokens), this.available - keep);
    if (grant < minTokens) return undefined;
    if (this.callCap !== undefined && this.calls + this.reservedCalls >= this.callCap) return undefined;
    this.reserved += grant;
    this.reservedBy[purpose] += grant;
    this.reservedCalls += 1;
    this.firstStart ??= this.clock();
    let settled = false;
    return {
      purpose,
      tokens: grant,
      settle: (usage) => {
        if (settled) return;
        settled = true;
        this.reserved -= grant;
        this.reservedBy[purpose] -= grant;
        this.reservedCalls -= 1;
        const generated = Math.max(0, Math.floor(usage.generatedTokens));
        if (generated > grant) this.overrunTokens += generated - grant;
        const totals = this.spent[purpose];
        totals.promptTokens += Math.max(0, Math.floor(usage.promptTokens));
        totals.generatedTokens += generated;
        totals.calls += 1;
        totals.callMs += Math.max(0, usage.wallMs);
        this.thinkingTokens += Math.min(generated, Math.max(0, Math.floor(usage.thinkingTokens ?? 0)));
        this.lastEnd = this.clock();
        this.changes.emit(this.totals());
      },
    };
  }

  /** Calls settled so far. */
  get calls(): number {
    return this.spent.generate.calls + this.spent.verify.calls;
  }

  /** The run's totals; wallMs is the time from the first reservation to the last settlement. */
  totals(): UsageTotals {
    const g = this.spent.generate;
    const v = this.spent.verify;
    const wallMs = this.firstStart === undefined ? 0 : (this.lastEnd ?? this.firstStart) - this.firstStart;
    return {
      promptTokens: g.promptTokens + v.promptTokens,
      generatedTokens: g.generatedTokens + v.generatedTokens,
      calls: g.calls + v.calls,
      wallMs: Math.max(0, wallMs),
      tokenCap: this.tokenCap,
      // Parts of generatedTokens, given when there are any: the traces, and the verifier's judgements.
      ...(this.thinkingTokens > 0 ? { thinkingTokens: this.thinkingTokens } : {}),
      ...(v.generatedTokens > 0 ? { verifyTokens: v.generatedTokens } : {}),
    };
  }

  /** Totals for one purpose. */
  totalsFor(purpose: ChargePurpose): PurposeTotals {
    return { ...this.spent[purpose] };
  }

  /** Called with the new totals after every settlement. */
  onChange(listener: Listener<UsageTotals>): Disposable {
    return this.changes.subscribe(listener);
  }
}

function emptyTotals(): PurposeTotals {
  return { promptTokens: 0, generatedTokens: 0, calls: 0, callMs: 0 };
}
