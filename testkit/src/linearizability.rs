//! A linearizability checker for histories recorded against a real cluster
//! (Wing & Gong's search with Lowe's memoisation of (linearized set, model
//! state), as in "Testing for Linearizability", Lowe 2017; Porcupine uses
//! the same idea). Histories are checked one key at a time (a register per
//! key is a "P-compositional" object: the history is linearizable iff every
//! key's sub-history is).
//!
//! An operation has a call time and, if it completed, a return time and an
//! output. An operation whose outcome is unknown (timed out, connection
//! lost, "outcome unknown") has no return: it may take effect at any point
//! after its call, or never. Operations that certainly failed must not be
//! in the history at all.

use std::{collections::HashSet, fmt::Debug, hash::Hash};

/// A sequential specification.
pub trait Model {
    /// Model state.
    type State: Clone + Eq + Hash + Debug;
    /// Operation input.
    type Input: Debug;
    /// Operation output.
    type Output: Debug;

    /// The initial state.
    fn init(&self) -> Self::State;

    /// Applies `input` to `state`. With `Some(output)`, returns the next
    /// state if the operation could have returned that output in `state`,
    /// else `None`. With `None` (unknown outcome) returns the state after the
    /// operation takes effect.
    fn step(
        &self,
        state: &Self::State,
        input: &Self::Input,
        output: Option<&Self::Output>,
    ) -> Option<Self::State>;
}

/// One operation of a history.
#[derive(Debug, Clone)]
pub struct Operation<I, O> {
    /// Which client ran it (for reports).
    pub client: usize,
    /// When it was invoked (any monotonic unit).
    pub call: u64,
    /// When it returned; `None` if its outcome is unknown.
    pub ret: Option<u64>,
    /// What was asked.
    pub input: I,
    /// What came back; `None` exactly when `ret` is `None`.
    pub output: Option<O>,
}

/// The verdict on one history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Some order of the operations respects real time and the model.
    Linearizable,
    /// No order does. `longest` is the longest prefix of operations (by
    /// index into the history) the search managed to linearize.
    NotLinearizable {
        /// Indexes of the deepest linearization found.
        longest: Vec<usize>,
    },
    /// The search gave up after visiting `budget` states.
    Unknown,
}

/// Checks one history (one key) against `model`, visiting at most `budget`
/// distinct (linearized set, state) pairs.
pub fn check<M: Model>(
    model: &M,
    history: &[Operation<M::Input, M::Output>],
    budget: usize,
) -> Verdict {
    let n = history.len();
    let ret = |i: usize| history[i].ret.unwrap_or(u64::MAX);
    // Candidates are tried in call order.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (history[i].call, i));
    // And by return, for the earliest return of the pending operations.
    let mut by_ret: Vec<usize> = (0..n).collect();
    by_ret.sort_by_key(|&i| (ret(i), i));
    let position = |sorted: &[usize]| {
        let mut at = vec![0; n];
        for (p, &i) in sorted.iter().enumerate() {
            at[i] = p;
        }
        at
    };
    let (in_order, in_ret) = (position(&order), position(&by_ret));
    // The first operation not yet linearized in each order: those before
    // it are all placed, so scans start there, not at 0 (placed operations
    // are mostly the earliest, and histories are thousands long).
    let mut order_head = 0;
    let mut ret_head = 0;
    let must = history.iter().filter(|o| o.ret.is_some()).count();

    let mut done = vec![false; n];
    let mut done_bits = vec![0u64; n.div_ceil(64)];
    let mut done_completed = 0;
    let mut state = model.init();
    let mut cache: HashSet<(Vec<u64>, M::State)> = HashSet::new();
    // (operation, state before it, cursor to resume at when backtracking)
    let mut stack: Vec<(usize, M::State, usize)> = Vec::new();
    let mut cursor = 0;
    let mut longest: Vec<usize> = Vec::new();

    loop {
        if done_completed == must {
            return Verdict::Linearizable;
        }
        // An operation can go next only if it was called before every
        // pending operation's return.
        while ret_head < n && done[by_ret[ret_head]] {
            ret_head += 1;
        }
        while order_head < n && done[order[order_head]] {
            order_head += 1;
        }
        let min_ret = by_ret.get(ret_head).map_or(u64::MAX, |&i| ret(i));
        let mut advanced = false;
        while cursor < n {
            let i = order[cursor];
            cursor += 1;
            if done[i] {
                continue;
            }
            if history[i].call > min_ret {
                break;
            }
            let op = &history[i];
            let Some(next) = model.step(&state, &op.input, op.output.as_ref()) else {
                continue;
            };
            done_bits[i / 64] |= 1 << (i % 64);
            if cache.insert((done_bits.clone(), next.clone())) {
                if cache.len() > budget {
                    return Verdict::Unknown;
                }
                stack.push((i, std::mem::replace(&mut state, next), cursor));
                done[i] = true;
                if op.ret.is_some() {
                    done_completed += 1;
                }
                cursor = order_head;
                advanced = true;
                if stack.len() > longest.len() {
                    longest = stack.iter().map(|(i, _, _)| *i).collect();
                }
                break;
            }
            done_bits[i / 64] &= !(1 << (i % 64));
        }
        if !advanced {
            let Some((i, previous, resume)) = stack.pop() else {
                return Verdict::NotLinearizable { longest };
            };
            done[i] = false;
            done_bits[i / 64] &= !(1 << (i % 64));
            order_head = order_head.min(in_order[i]);
            ret_head = ret_head.min(in_ret[i]);
            if history[i].ret.is_some() {
                done_completed -= 1;
            }
            state = previous;
            cursor = resume;
        }
    }
}

/// [`check`] of a [`Register`] history, compiled here: a generic function
/// is compiled in the crate that calls it, and the tests that call this one
/// are built without optimisation, where a hard history of a few thousand
/// operations took the search many minutes (this crate is built at
/// `opt-level = 2` for that, see the workspace's `Cargo.toml`).
pub fn check_register(history: &[Operation<RegisterOp, RegisterResult>], budget: usize) -> Verdict {
    check(&Register, history, budget)
}

/// A register operation (one KV key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterOp {
    /// Read the value (`None`: absent).
    Read,
    /// Write a value.
    Write(u64),
    /// Write `to` if the value is `from` (`None`: absent).
    Cas {
        /// Expected value.
        from: Option<u64>,
        /// New value.
        to: u64,
    },
    /// Remove the value (the register becomes absent).
    Delete,
}

/// A register operation's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterResult {
    /// What a read saw.
    Read(Option<u64>),
    /// A write happened.
    Written,
    /// Whether a CAS applied.
    Cas(bool),
}

/// A register that starts absent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Register;

impl Model for Register {
    type State = Option<u64>;
    type Input = RegisterOp;
    type Output = RegisterResult;

    fn init(&self) -> Option<u64> {
        None
    }

    fn step(
        &self,
        state: &Option<u64>,
        input: &RegisterOp,
        output: Option<&RegisterResult>,
    ) -> Option<Option<u64>> {
        match (input, output) {
            (RegisterOp::Read, Some(RegisterResult::Read(seen))) => {
                (seen == state).then_some(*state)
            }
            // A read with no answer constrains nothing.
            (RegisterOp::Read, None) => Some(*state),
            (RegisterOp::Write(v), Some(RegisterResult::Written) | None) => Some(Some(*v)),
            (RegisterOp::Delete, Some(RegisterResult::Written) | None) => Some(None),
            (RegisterOp::Cas { from, to }, Some(RegisterResult::Cas(true))) => {
                (state == from).then_some(Some(*to))
            }
            (RegisterOp::Cas { from, .. }, Some(RegisterResult::Cas(false))) => {
                (state != from).then_some(*state)
            }
            (RegisterOp::Cas { from, to }, None) => {
                Some(if state == from { Some(*to) } else { *state })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Op = Operation<RegisterOp, RegisterResult>;

    fn op(call: u64, ret: Option<u64>, input: RegisterOp, output: Option<RegisterResult>) -> Op {
        Operation {
            client: 0,
            call,
            ret,
            input,
            output,
        }
    }

    fn verdict(history: &[Op]) -> Verdict {
        check(&Register, history, 1_000_000)
    }

    use RegisterOp::*;
    use RegisterResult as R;

    #[test]
    fn a_delete_makes_the_register_absent_again() {
        let ok = verdict(&[
            op(0, Some(1), Write(1), Some(RegisterResult::Written)),
            op(2, Some(3), Delete, Some(RegisterResult::Written)),
            op(4, Some(5), Read, Some(RegisterResult::Read(None))),
            op(
                6,
                Some(7),
                Cas { from: None, to: 2 },
                Some(RegisterResult::Cas(true)),
            ),
        ]) == Verdict::Linearizable;
        assert!(ok);
        let stale = verdict(&[
            op(0, Some(1), Write(1), Some(RegisterResult::Written)),
            op(2, Some(3), Delete, Some(RegisterResult::Written)),
            op(4, Some(5), Read, Some(RegisterResult::Read(Some(1)))),
        ]) == Verdict::Linearizable;
        assert!(!stale, "a read after a completed delete saw the old value");
    }

    #[test]
    fn sequential_and_concurrent_histories_that_are_linearizable() {
        // w1 | r->1
        let h = [
            op(0, Some(10), Write(1), Some(R::Written)),
            op(20, Some(30), Read, Some(R::Read(Some(1)))),
        ];
        assert_eq!(verdict(&h), Verdict::Linearizable);
        // A read concurrent with a write may see either value.
        let h = [
            op(0, Some(100), Write(1), Some(R::Written)),
            op(10, Some(20), Read, Some(R::Read(None))),
            op(30, Some(40), Read, Some(R::Read(Some(1)))),
        ];
        assert_eq!(verdict(&h), Verdict::Linearizable);
        // CAS chain.
        let h = [
            op(0, Some(10), Cas { from: None, to: 1 }, Some(R::Cas(true))),
            op(20, Some(30), Cas { from: None, to: 2 }, Some(R::Cas(false))),
            op(
                40,
                Some(50),
                Cas {
                    from: Some(1),
                    to: 3,
                },
                Some(R::Cas(true)),
            ),
            op(60, Some(70), Read, Some(R::Read(Some(3)))),
        ];
        assert_eq!(verdict(&h), Verdict::Linearizable);
    }

    #[test]
    fn a_stale_read_is_rejected() {
        // The write completed before the read began, yet the read missed it.
        let h = [
            op(0, Some(10), Write(1), Some(R::Written)),
            op(20, Some(30), Read, Some(R::Read(None))),
        ];
        assert!(matches!(verdict(&h), Verdict::NotLinearizable { .. }));
        // Two reads that see the writes in opposite orders.
        let h = [
            op(0, Some(100), Write(1), Some(R::Written)),
            op(0, Some(100), Write(2), Some(R::Written)),
            op(110, Some(120), Read, Some(R::Read(Some(1)))),
            op(130, Some(140), Read, Some(R::Read(Some(2)))),
        ];
        assert!(matches!(verdict(&h), Verdict::NotLinearizable { .. }));
    }

    #[test]
    fn lost_and_duplicated_cas_are_rejected() {
        // Two CAS from the same value both succeeding.
        let h = [
            op(0, Some(10), Write(1), Some(R::Written)),
            op(
                20,
                Some(30),
                Cas {
                    from: Some(1),
                    to: 2,
                },
                Some(R::Cas(true)),
            ),
            op(
                20,
                Some(30),
                Cas {
                    from: Some(1),
                    to: 3,
                },
                Some(R::Cas(true)),
            ),
        ];
        assert!(matches!(verdict(&h), Verdict::NotLinearizable { .. }));
        // A failed CAS although the value matched throughout.
        let h = [
            op(0, Some(10), Write(1), Some(R::Written)),
            op(
                20,
                Some(30),
                Cas {
                    from: Some(1),
                    to: 2,
                },
                Some(R::Cas(false)),
            ),
        ];
        assert!(matches!(verdict(&h), Verdict::NotLinearizable { .. }));
    }

    #[test]
    fn unknown_outcomes_may_or_may_not_take_effect() {
        // An unknown write that did happen...
        let h = [
            op(0, None, Write(1), None),
            op(20, Some(30), Read, Some(R::Read(Some(1)))),
        ];
        assert_eq!(verdict(&h), Verdict::Linearizable);
        // ...or did not.
        let h = [
            op(0, None, Write(1), None),
            op(20, Some(30), Read, Some(R::Read(None))),
        ];
        assert_eq!(verdict(&h), Verdict::Linearizable);
        // But it cannot take effect before it was called.
        let h = [
            op(0, Some(10), Read, Some(R::Read(Some(1)))),
            op(20, None, Write(1), None),
        ];
        assert!(matches!(verdict(&h), Verdict::NotLinearizable { .. }));
    }

    #[test]
    fn the_budget_bounds_the_search() {
        // Many concurrent writes and a read of a value nobody wrote: the
        // search must explore every order before refusing.
        let mut h: Vec<Op> = (0..12)
            .map(|v| op(0, Some(100), Write(v), Some(R::Written)))
            .collect();
        h.push(op(200, Some(210), Read, Some(R::Read(Some(99)))));
        assert_eq!(check(&Register, &h, 100), Verdict::Unknown);
        assert!(matches!(verdict(&h), Verdict::NotLinearizable { .. }));
    }
}
