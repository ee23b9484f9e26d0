//! How long each stage of a build takes (`--timings`): wall time, the CPU time of all
//! threads (so that how well a stage uses the cores shows), and the process's peak memory
//! once the stage is done (so that the stage that sets the peak shows).

use std::time::{Duration, Instant};

/// Where the last stage ended.
pub struct Clock {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Clock {
    pub fn start() -> Clock {
        Clock::at(Usage::now().as_ref())
    }

    /// Now, with the process's CPU time from `usage`.
    fn at(usage: Option<&Usage>) -> Clock {
        Clock {
            wall: Instant::now(),
            cpu: usage.map(|u| u.cpu),
        }
    }
}

/// One stage.
#[derive(Debug, Clone)]
pub struct Lap {
    pub stage: &'static str,
    pub wall: Duration,
    /// CPU time of all threads of the process during the stage (where the system tells).
    pub cpu: Option<Duration>,
    /// The most memory the process has held so far, in bytes (where the system tells).
    pub peak: Option<u64>,
}

/// The stages of one build, in order.
#[derive(Debug, Default, Clone)]
pub struct Timings(pub Vec<Lap>);

impl Timings {
    /// Ends the stage begun at `clock` and starts the next (one `getrusage` a lap: the
    /// preview laps on every rebuild).
    pub fn lap(&mut self, stage: &'static str, clock: &mut Clock) {
        let usage = Usage::now();
        let now = Clock::at(usage.as_ref());
        self.0.push(Lap {
            stage,
            wall: now.wall - clock.wall,
            cpu: now.cpu.zip(clock.cpu).map(|(a, b)| a.saturating_sub(b)),
            peak: usage.and_then(|u| u.peak),
        });
        *clock = now;
    }

    /// The sum of all stages.
    pub fn total(&self) -> Duration {
        self.0.iter().map(|l| l.wall).sum()
    }

    /// A table of the stages: wall time and share, CPU time and how many cores that is on
    /// average, peak memory after the stage.
    pub fn table(&self) -> String {
        let total = self.total().as_secs_f64().max(1e-9);
        let width = self.0.iter().map(|l| l.stage.len()).max().unwrap_or(5);
        let mut out = format!(
            "{:>width$} {:>10} {:>7} {:>10} {:>5} {:>9}\n",
            "stage", "wall", "share", "CPU", "cores", "peak"
        );
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
        for l in &self.0 {
            let cores = l
                .cpu
                .filter(|_| l.wall.as_secs_f64() >= 0.005)
                .map(|c| format!("{:.1}", c.as_secs_f64() / l.wall.as_secs_f64()))
                .unwrap_or_default();
            out.push_str(&format!(
                "{:>width$} {:>10} {:>5.1} % {:>10} {:>5} {:>9}\n",
                l.stage,
                ms(l.wall),
                100.0 * l.wall.as_secs_f64() / total,
                l.cpu.map(ms).unwrap_or_default(),
                cores,
                l.peak
                    .map(|b| format!("{} MiB", b >> 20))
                    .unwrap_or_default(),
            ));
        }
        out
    }
}

struct Usage {
    cpu: Duration,
    peak: Option<u64>,
}

impl Usage {
    #[cfg(unix)]
    fn now() -> Option<Usage> {
        // SAFETY: getrusage only writes into the struct it is given.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } != 0 {
            return None;
        }
        let t = |v: libc::timeval| {
            Duration::from_secs(v.tv_sec.max(0) as u64)
                + Duration::from_micros(v.tv_usec.max(0) as u64)
        };
        // ru_maxrss is in kilobytes on Linux, in bytes on macOS
        let scale = if cfg!(target_os = "macos") { 1 } else { 1024 };
        Some(Usage {
            cpu: t(u.ru_utime) + t(u.ru_stime),
            peak: u64::try_from(u.ru_maxrss).ok().map(|k| k * scale),
        })
    }

    #[cfg(not(unix))]
    fn now() -> Option<Usage> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laps_measure_wall_cpu_and_memory() {
        let mut timings = Timings::default();
        let mut clock = Clock::start();
        // some work on this thread, and some memory held
        let v: Vec<u64> = (0..2_000_000u64).map(|i| i.wrapping_mul(i)).collect();
        let sum: u64 = v.iter().fold(0u64, |a, b| a.wrapping_add(*b));
        timings.lap("work", &mut clock);
        timings.lap("nothing", &mut clock);
        assert!(sum != 1);
        let work = &timings.0[0];
        assert_eq!(work.stage, "work");
        assert!(work.wall > Duration::ZERO);
        if cfg!(unix) {
            assert!(work.cpu.is_some());
            assert!(work.peak.unwrap() >= 16_000_000, "{:?}", work.peak);
        }
        let table = timings.table();
        assert!(table.lines().next().unwrap().contains("cores"));
        assert!(table.contains("work") && table.contains("nothing"));
        assert_eq!(timings.total(), timings.0[0].wall + timings.0[1].wall);
    }
}
