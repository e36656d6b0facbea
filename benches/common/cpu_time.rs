//! Criterion's clock for the time the benchmark thread spent on a CPU
//! (Linux's /proc/thread-self/schedstat), not wall time, so that other work
//! on a shared machine does not count; `BENCH_CLOCK=wall` measures wall
//! time instead. Shared by the benchmarks that measure long passes.

use criterion::Criterion;
use criterion::measurement::{Measurement, ValueFormatter, WallTime};

/// Nanoseconds this thread has spent on a CPU.
fn on_cpu_ns() -> u64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat")
        .expect("/proc/thread-self/schedstat (set BENCH_CLOCK=wall where there is none)");
    stat.split_whitespace().next().unwrap().parse().unwrap()
}

/// Criterion's clock for time on a CPU; reported like wall time.
pub struct OnCpuTime;

impl Measurement for OnCpuTime {
    type Intermediate = u64;
    type Value = u64;

    fn start(&self) -> u64 {
        on_cpu_ns()
    }
    fn end(&self, start: u64) -> u64 {
        on_cpu_ns() - start
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, ns: &u64) -> f64 {
        *ns as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        // Values are nanoseconds, as for wall time.
        WallTime.formatter()
    }
}

/// Runs a benchmark on the CPU-time clock, or on wall time when
/// `BENCH_CLOCK=wall` (pass the same generic function twice).
pub fn main(wall: fn(&mut Criterion<WallTime>), on_cpu: fn(&mut Criterion<OnCpuTime>)) {
    if std::env::var("BENCH_CLOCK").is_ok_and(|c| c == "wall") {
        let mut c = Criterion::default().configure_from_args();
        wall(&mut c);
        c.final_summary();
    } else {
        let mut c = Criterion::default()
            .with_measurement(OnCpuTime)
            .configure_from_args();
        on_cpu(&mut c);
        c.final_summary();
    }
}
