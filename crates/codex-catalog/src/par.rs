//! Order-keeping parallel maps over a slice, on scoped threads: the calling thread and one more
//! per further core, each taking the next piece of work no thread has taken.
//!
//! Loading and schema validation are per-file work; with two cores this halves their time on a
//! large catalog. Small inputs run on the calling thread.

/// Below this many items the work stays on one thread: spawning costs more than it saves.
const MIN_PARALLEL: usize = 64;

/// `items.iter().map(f).collect()`, split across the available cores, results in input order.
/// The items are taken in small runs by whichever thread is free (files differ in size, and a
/// core may be busy with something else), so the threads finish together.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || items.len() < MIN_PARALLEL {
        return items.iter().map(f).collect();
    }
    // About eight runs per thread, of at least 16 items.
    let run = items.len().div_ceil(threads * 8).max(16);
    let runs: Vec<&[T]> = items.chunks(run).collect();
    let next = AtomicUsize::new(0);
    let done: Vec<Mutex<Vec<R>>> = runs.iter().map(|_| Mutex::new(Vec::new())).collect();
    let f = &f;
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(part) = runs.get(i) else { break };
            let results: Vec<R> = part.iter().map(f).collect();
            *done[i].lock().unwrap_or_else(|e| e.into_inner()) = results;
        }
    };
    // The calling thread works too (its allocator's memory stays warm from one stage to the
    // next); the others join it for this call.
    std::thread::scope(|scope| {
        for _ in 1..threads.min(runs.len()) {
            scope.spawn(work);
        }
        work();
    });
    // The scope joined every thread (and re-raised a panic of `f`): every run is done.
    let mut out = Vec::with_capacity(items.len());
    for results in done {
        out.extend(results.into_inner().unwrap_or_else(|e| e.into_inner()));
    }
    out
}

/// `items.iter().map(f).collect()` for a few large pieces of work: one thread per core, each
/// taking the next item no thread has taken (so list the largest first), results in input
/// order.
pub fn each<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if threads < 2 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let r = f(item);
            *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
    // The scope joined every thread (and re-raised a panic of `f`): every slot is filled.
    results.into_iter().map(|r| r.into_inner().unwrap_or_else(|e| e.into_inner()).expect("every item ran")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(super::map(&items, |x| x * 2), items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert_eq!(super::each(&items[..7], |x| x * 2), [0, 2, 4, 6, 8, 10, 12]);
    }
}
