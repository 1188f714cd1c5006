//! Work spread over threads, results handed back in input order: what lets `--jobs 8`
//! print exactly what `--jobs 1` prints, while memory holds only a window of results.
//!
//! Items are taken a window at a time; the window is worked on by every thread (rayon's
//! pool), then its results are yielded in order before the next window is taken. So
//! the output of a run of 10,000 specs never sits in memory at once, and the caller
//! sees one ordered stream, as if a single thread had done the work.

use std::collections::VecDeque;
use std::num::NonZeroUsize;
use std::sync::OnceLock;

use rayon::prelude::*;

/// Items in flight per thread between two ordered hand-offs: enough that threads seldom
/// wait for the slowest item of a window, few enough that memory stays flat (one spec's
/// output is a few tens of kilobytes).
const WINDOW_PER_THREAD: usize = 32;

/// The threads a run may use (`--jobs`), and their pool, started on first use.
pub struct Jobs {
    threads: usize,
    pool: OnceLock<Option<rayon::ThreadPool>>,
}

impl Jobs {
    /// `requested` threads, or one per available core.
    pub fn new(requested: Option<NonZeroUsize>) -> Jobs {
        let threads = requested
            .or_else(|| std::thread::available_parallelism().ok())
            .map_or(1, NonZeroUsize::get);
        Jobs {
            threads,
            pool: OnceLock::new(),
        }
    }

    /// One thread: the work is done in the calling thread, item by item.
    pub fn sequential() -> Jobs {
        Jobs::new(NonZeroUsize::new(1))
    }

    pub fn threads(&self) -> usize {
        self.threads
    }

    fn window(&self) -> usize {
        if self.threads == 1 {
            1
        } else {
            self.threads * WINDOW_PER_THREAD
        }
    }

    /// The pool, or `None` when one thread is asked for (or no thread can be started,
    /// in which case the work is done in the calling thread: slower, never wrong).
    fn pool(&self) -> Option<&rayon::ThreadPool> {
        self.pool
            .get_or_init(|| {
                (self.threads > 1)
                    .then(|| {
                        rayon::ThreadPoolBuilder::new()
                            .num_threads(self.threads)
                            .thread_name(|i| format!("delugen-{i}"))
                            .build()
                            .ok()
                    })
                    .flatten()
            })
            .as_ref()
    }

    /// `work` applied to every item, on every thread, the results in input order. Items
    /// are read from `items` a window at a time, as the results are consumed.
    pub fn map_ordered<'a, T, R>(
        &'a self,
        items: impl Iterator<Item = T> + 'a,
        work: impl Fn(T) -> R + Sync + 'a,
    ) -> impl Iterator<Item = R> + 'a
    where
        T: Send + 'a,
        R: Send + 'a,
    {
        let window = self.window();
        let mut items = items.fuse();
        let mut ready: VecDeque<R> = VecDeque::new();
        std::iter::from_fn(move || {
            if ready.is_empty() {
                let batch: Vec<T> = items.by_ref().take(window).collect();
                // A single item (one spec) starts no thread at all.
                let pool = if batch.len() > 1 { self.pool() } else { None };
                ready = match pool {
                    Some(pool) => {
                        pool.install(|| batch.into_par_iter().map(&work).collect::<Vec<R>>())
                    }
                    None => batch.into_iter().map(&work).collect::<Vec<R>>(),
                }
                .into();
            }
            ready.pop_front()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_whatever_the_thread_count() {
        for threads in [1, 2, 3, 8] {
            let jobs = Jobs::new(NonZeroUsize::new(threads));
            // Later items finish first: order must come from the input, not the clock.
            let results: Vec<usize> = jobs
                .map_ordered(0..500usize, |i| {
                    std::thread::sleep(std::time::Duration::from_micros(((500 - i) % 7) as u64));
                    i * 2
                })
                .collect();
            assert_eq!(results, (0..500).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn items_are_read_a_window_at_a_time() {
        let jobs = Jobs::new(NonZeroUsize::new(2));
        let read = std::sync::atomic::AtomicUsize::new(0);
        let items = (0..1000).inspect(|_| {
            read.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
        let mut results = jobs.map_ordered(items, |i: i32| i);
        assert_eq!(results.next(), Some(0));
        assert_eq!(
            read.load(std::sync::atomic::Ordering::Relaxed),
            jobs.window()
        );
        assert!(jobs.window() < 1000);
    }

    #[test]
    fn one_thread_reads_one_item_at_a_time() {
        let jobs = Jobs::sequential();
        assert_eq!(jobs.threads(), 1);
        assert_eq!(jobs.window(), 1);
        assert!(jobs.pool().is_none());
    }
}
