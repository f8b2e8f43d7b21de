//! Rate limits as token buckets, pure: the caller passes the time in.
//!
//! A bucket holds at most `capacity` tokens and gains one every
//! `refill_ms`; each counted request takes one, and a request that finds
//! the bucket empty is refused with the time until the next token. Used
//! for failed log-ins (per client and per user name) and for the visitor
//! form (per client and per community).

use std::collections::HashMap;
use std::hash::Hash;

/// The shape of one kind of bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub capacity: u32,
    pub refill_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bucket {
    tokens: u32,
    /// The time the bucket's token count was last brought up to date.
    at_ms: u64,
}

/// Buckets of one rule, one per key (a client address, a user name, a
/// community).
#[derive(Debug, Clone)]
pub struct Buckets<K> {
    rule: Rule,
    buckets: HashMap<K, Bucket>,
}

/// How many buckets are kept before full ones are forgotten: a full bucket
/// is the same as no bucket, so forgetting it changes no answer.
const PRUNE_AT: usize = 10_000;

impl<K: Eq + Hash + Clone> Buckets<K> {
    pub fn new(rule: Rule) -> Buckets<K> {
        Buckets {
            rule,
            buckets: HashMap::new(),
        }
    }

    fn refilled(&self, bucket: Bucket, now_ms: u64) -> Bucket {
        let refill = self.rule.refill_ms.max(1);
        let elapsed = now_ms.saturating_sub(bucket.at_ms);
        let gained = elapsed / refill;
        let tokens = u64::from(bucket.tokens)
            .saturating_add(gained)
            .min(u64::from(self.rule.capacity)) as u32;
        let at_ms = if tokens == self.rule.capacity {
            now_ms
        } else {
            bucket.at_ms + gained * refill
        };
        Bucket { tokens, at_ms }
    }

    fn current(&self, key: &K, now_ms: u64) -> Bucket {
        match self.buckets.get(key) {
            Some(b) => self.refilled(*b, now_ms),
            None => Bucket {
                tokens: self.rule.capacity,
                at_ms: now_ms,
            },
        }
    }

    /// `Err(ms to wait)` when `key` has no token left; takes nothing.
    pub fn check(&self, key: &K, now_ms: u64) -> Result<(), u64> {
        let b = self.current(key, now_ms);
        if b.tokens > 0 {
            Ok(())
        } else {
            Err((b.at_ms + self.rule.refill_ms.max(1)).saturating_sub(now_ms))
        }
    }

    /// Takes a token from `key`'s bucket, or answers `Err(ms to wait)`.
    pub fn take(&mut self, key: &K, now_ms: u64) -> Result<(), u64> {
        self.check(key, now_ms)?;
        let mut b = self.current(key, now_ms);
        b.tokens -= 1;
        if self.buckets.len() >= PRUNE_AT {
            let rule = self.rule;
            let me = self.clone();
            self.buckets
                .retain(|_, bucket| me.refilled(*bucket, now_ms).tokens < rule.capacity);
        }
        self.buckets.insert(key.clone(), b);
        Ok(())
    }

    /// Forgets `key` (a successful log-in clears its failures).
    pub fn forget(&mut self, key: &K) {
        self.buckets.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_empties_refills_and_says_how_long_to_wait() {
        let rule = Rule {
            capacity: 3,
            refill_ms: 1_000,
        };
        // (time, take or check, expected)
        let steps: [(u64, bool, Result<(), u64>); 9] = [
            (0, true, Ok(())),
            (10, true, Ok(())),
            (20, true, Ok(())),
            (30, true, Err(970)),
            (30, false, Err(970)),
            (999, true, Err(1)),
            (1_000, true, Ok(())),
            (1_500, true, Err(500)),
            // A long pause fills the bucket up to its capacity, no more.
            (60_000, true, Ok(())),
        ];
        let mut buckets = Buckets::new(rule);
        for (i, (now, take, expected)) in steps.into_iter().enumerate() {
            let got = if take {
                buckets.take(&"a", now)
            } else {
                buckets.check(&"a", now)
            };
            assert_eq!(got, expected, "step {i} at {now} ms");
        }
        assert_eq!(buckets.take(&"a", 60_001), Ok(()));
        assert_eq!(buckets.take(&"a", 60_002), Ok(()));
        assert_eq!(buckets.take(&"a", 60_003), Err(997));
    }

    #[test]
    fn keys_have_their_own_buckets_and_can_be_forgotten() {
        let mut buckets = Buckets::new(Rule {
            capacity: 1,
            refill_ms: 60_000,
        });
        assert_eq!(buckets.take(&"10.0.0.1", 0), Ok(()));
        assert!(buckets.take(&"10.0.0.1", 1).is_err());
        assert_eq!(buckets.take(&"10.0.0.2", 1), Ok(()));
        buckets.forget(&"10.0.0.1");
        assert_eq!(buckets.take(&"10.0.0.1", 2), Ok(()));
    }

    #[test]
    fn forgetting_full_buckets_changes_no_answer() {
        let mut buckets = Buckets::new(Rule {
            capacity: 2,
            refill_ms: 10,
        });
        for key in 0..PRUNE_AT as u32 {
            buckets.take(&key, 0).unwrap();
        }
        // Long after, every old bucket is full again and is dropped.
        buckets.take(&u32::MAX, 1_000).unwrap();
        assert!(buckets.buckets.len() < 10);
        assert_eq!(buckets.take(&0, 1_000), Ok(()));
    }
}
