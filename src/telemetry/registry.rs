//! A small metrics registry and its Prometheus text exposition (0.0.4):
//! counters and histograms kept in memory, gauges supplied at render time.
//! A family is declared once with its HELP text; a series is a family plus
//! a set of label values.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;

/// The Prometheus type of a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricKind {
    Counter,
    Gauge,
    Histogram,
}

impl MetricKind {
    fn name(self) -> &'static str {
        match self {
            MetricKind::Counter => "counter",
            MetricKind::Gauge => "gauge",
            MetricKind::Histogram => "histogram",
        }
    }
}

type Labels = Vec<(String, String)>;

#[derive(Debug, Default, Clone)]
struct Histogram {
    /// Per bucket (not cumulative), then the +Inf overflow.
    counts: Vec<u64>,
    sum: f64,
    count: u64,
}

#[derive(Debug)]
struct Family {
    kind: MetricKind,
    help: String,
    buckets: Vec<f64>,
    counters: BTreeMap<Labels, u64>,
    histograms: BTreeMap<Labels, Histogram>,
}

/// Counters and histograms by family name.
#[derive(Debug, Default)]
pub struct Registry {
    families: Mutex<BTreeMap<String, Family>>,
}

/// A gauge family whose samples are read at render time.
#[derive(Debug, Clone)]
pub struct GaugeFamily {
    pub name: &'static str,
    pub help: &'static str,
    pub samples: Vec<(Vec<(&'static str, String)>, f64)>,
}

impl Registry {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Family>> {
        // A panic while holding the lock leaves plain numbers behind: usable.
        self.families
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn declare(&self, name: &str, kind: MetricKind, help: &str) {
        self.lock()
            .entry(name.to_string())
            .or_insert_with(|| Family {
                kind,
                help: help.to_string(),
                buckets: Vec::new(),
                counters: BTreeMap::new(),
                histograms: BTreeMap::new(),
            });
    }

    pub fn set_buckets(&self, name: &str, buckets: &[f64]) {
        if let Some(family) = self.lock().get_mut(name) {
            family.buckets = buckets.to_vec();
        }
    }

    /// Adds `by` to a counter series (a family never declared is ignored).
    pub fn inc(&self, name: &str, labels: &[(&str, &str)], by: u64) {
        let mut families = self.lock();
        if let Some(family) = families.get_mut(name) {
            *family.counters.entry(owned(labels)).or_default() += by;
        }
    }

    /// Records one observation in a histogram series.
    pub fn observe(&self, name: &str, labels: &[(&str, &str)], value: f64) {
        let mut families = self.lock();
        let Some(family) = families.get_mut(name) else {
            return;
        };
        let n_buckets = family.buckets.len();
        let index = family
            .buckets
            .iter()
            .position(|bound| value <= *bound)
            .unwrap_or(n_buckets);
        let series = family
            .histograms
            .entry(owned(labels))
            .or_insert_with(|| Histogram {
                counts: vec![0; n_buckets + 1],
                ..Histogram::default()
            });
        if let Some(slot) = series.counts.get_mut(index) {
            *slot += 1;
        }
        series.sum += value;
        series.count += 1;
    }

    /// The current value of a counter series (tests and benchmarks).
    pub fn counter(&self, name: &str, labels: &[(&str, &str)]) -> u64 {
        self.lock()
            .get(name)
            .and_then(|f| f.counters.get(&owned(labels)).copied())
            .unwrap_or(0)
    }

    /// Every family (the samples only of those `show` accepts), then
    /// `gauges`, in the text format.
    pub fn render(&self, gauges: &[GaugeFamily], show: impl Fn(&str) -> bool) -> String {
        let mut out = String::new();
        for (name, family) in self.lock().iter() {
            header(&mut out, name, &family.help, family.kind);
            if !show(name) {
                continue;
            }
            match family.kind {
                MetricKind::Counter | MetricKind::Gauge => {
                    for (labels, value) in &family.counters {
                        sample(&mut out, name, labels, &[], *value as f64);
                    }
                }
                MetricKind::Histogram => {
                    for (labels, h) in &family.histograms {
                        let mut cumulative = 0;
                        for (i, bound) in family.buckets.iter().enumerate() {
                            cumulative += h.counts.get(i).copied().unwrap_or(0);
                            let le = format_value(*bound);
                            sample(
                                &mut out,
                                &format!("{name}_bucket"),
                                labels,
                                &[("le", &le)],
                                cumulative as f64,
                            );
                        }
                        sample(
                            &mut out,
                            &format!("{name}_bucket"),
                            labels,
                            &[("le", "+Inf")],
                            h.count as f64,
                        );
                        sample(&mut out, &format!("{name}_sum"), labels, &[], h.sum);
                        sample(
                            &mut out,
                            &format!("{name}_count"),
                            labels,
                            &[],
                            h.count as f64,
                        );
                    }
                }
            }
        }
        for gauge in gauges {
            header(&mut out, gauge.name, gauge.help, MetricKind::Gauge);
            for (labels, value) in &gauge.samples {
                let labels: Labels = labels
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect();
                sample(&mut out, gauge.name, &labels, &[], *value);
            }
        }
        out
    }
}

fn owned(labels: &[(&str, &str)]) -> Labels {
    let mut labels: Labels = labels
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    labels.sort();
    labels
}

fn header(out: &mut String, name: &str, help: &str, kind: MetricKind) {
    let help = help.replace('\\', "\\\\").replace('\n', "\\n");
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {}", kind.name());
}

fn sample(out: &mut String, name: &str, labels: &Labels, extra: &[(&str, &str)], value: f64) {
    out.push_str(name);
    let all: Vec<(&str, &str)> = labels
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .chain(extra.iter().copied())
        .collect();
    if !all.is_empty() {
        out.push('{');
        for (i, (key, value)) in all.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "{key}=\"{}\"", escape_label(value));
        }
        out.push('}');
    }
    let _ = writeln!(out, " {}", format_value(value));
}

fn escape_label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn format_value(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_string()
    } else if value.is_infinite() {
        if value > 0.0 { "+Inf" } else { "-Inf" }.to_string()
    } else if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_histograms_and_gauges() {
        let r = Registry::default();
        r.declare("x_total", MetricKind::Counter, "Things.\nMore");
        r.declare("d_seconds", MetricKind::Histogram, "Durations.");
        r.set_buckets("d_seconds", &[0.1, 1.0]);
        r.inc("x_total", &[("topic", "a\"b")], 2);
        r.observe("d_seconds", &[], 0.05);
        r.observe("d_seconds", &[], 5.0);
        let text = r.render(
            &[GaugeFamily {
                name: "g",
                help: "A gauge.",
                samples: vec![(vec![("state", "active".to_string())], 3.0)],
            }],
            |_| true,
        );
        assert!(text.contains("# HELP x_total Things.\\nMore\n# TYPE x_total counter\n"));
        assert!(text.contains("x_total{topic=\"a\\\"b\"} 2\n"), "{text}");
        assert!(text.contains("d_seconds_bucket{le=\"0.1\"} 1\n"), "{text}");
        assert!(text.contains("d_seconds_bucket{le=\"1\"} 1\n"), "{text}");
        assert!(text.contains("d_seconds_bucket{le=\"+Inf\"} 2\n"), "{text}");
        assert!(text.contains("d_seconds_sum 5.05\n"), "{text}");
        assert!(
            text.contains("# TYPE g gauge\ng{state=\"active\"} 3\n"),
            "{text}"
        );
        assert_eq!(r.counter("x_total", &[("topic", "a\"b")]), 2);
    }
}
