// Bounded partial-order reduction (Coons, Musuvathi, McKinley, OOPSLA 2013),
// on source-DPOR: what dpor and source-dpor run with a preemption bound
// (the result's strategy says "bounded-source-dpor"). Its search is
// DPOR's (explorer/dpor/), with the rules below: affordable() and no sleep
// sets in the tree (dpor_tree.hpp), the conservative point here
// (conservative_point.cpp), the top cut without sleep sets (dpor_split.cpp).
//
// Pruning DPOR's branches by the bound alone is unsound: reversing a race
// e < e' at the state before e may need a preemption the bound forbids, and
// the sequence v (notdep(e).e') may need more of them after it, while some
// other ordering of the same events stays within the bound. The bound makes
// otherwise independent events dependent. BPOR compensates thus:
//  - a branch (a thread at a node) is taken only if the preemptions before
//    it plus its own cost (1 when the previous thread is still enabled and
//    another one runs) stay within the bound; the default choice keeps the
//    running thread, which costs nothing;
//  - for every race e < e', besides the usual source-set point before e, a
//    conservative point: before the first step of the run of consecutive
//    steps of e's thread that ends with e (the last place before e where the
//    scheduled thread changed), e''s thread (else an initial of v that can
//    run there, else every thread that can) is added to the backtrack set.
//    Scheduling it there replaces a switch that happened anyway, so it
//    costs no preemption more than the original choice did. We add it for
//    every race, not only those whose reversal at e is over the bound: v
//    may still need preemptions after e.
//  - no sleep sets: a thread asleep at a node (its step commutes with
//    everything since a sibling branch ran it first) is covered by that
//    sibling only if the sibling's equivalent execution is within the
//    bound, and it often is not. With sleep sets kept, the random-program
//    test lost verdicts at bound 0 (seeds 12, 13 and 30 of
//    tests/explorer/random_programs.hpp). A node still never explores the
//    same thread twice.
// Every branch taken is a distinct interleaving with at most K preemptions,
// so bounded DPOR never runs more executions than preemption-bounded DFS;
// tests/explorer/bounded_dpor_test.cpp checks it finds the same verdicts.
#pragma once
#include "explorer/strategy/strategy.hpp"

namespace dcsim::explorer {

const SearchStrategy& bounded_por_strategy();

}  // namespace dcsim::explorer
