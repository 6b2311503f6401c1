//! [`Metrics`]: request counters, latency histograms and authentication failures, rendered
//! in the Prometheus text format for `GET /metrics`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// Upper bounds of the latency histogram buckets, in seconds.
pub const LATENCY_BUCKETS: [f64; 14] =
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// The route label of requests that matched no route.
pub const UNMATCHED_ROUTE: &str = "unmatched";

/// The metrics label of a request method: the standard methods by name, anything else
/// `OTHER`, so that invented methods cannot grow the metrics without bound.
pub(crate) fn method_label(method: &axum::http::Method) -> &'static str {
    const STANDARD: [&str; 9] =
        ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "CONNECT"];
    STANDARD.into_iter().find(|name| *name == method.as_str()).unwrap_or("OTHER")
}

/// The metrics label of a refused credential: `malformed`, `unsupported` or `rejected`.
///
/// `/metrics` needs no credential, so its labels must not tell an unauthenticated caller
/// anything the opaque 401 hides: whether an API key id exists (`wrong_secret` against
/// `unknown_key`, `revoked`, `expired`), or which JWT key ids and algorithms are configured.
/// Every such reason is `rejected` here; the audit event of each refusal keeps the precise
/// reason for operators (`read_audit`).
pub(crate) fn failure_label(reason: fabric_core::fabric_authz::CredentialFailure) -> &'static str {
    use fabric_core::fabric_authz::CredentialFailure;
    match reason {
        CredentialFailure::Malformed => "malformed",
        CredentialFailure::Unsupported => "unsupported",
        _ => "rejected",
    }
}

/// Counters and histograms of one server.
///
/// Labels are bounded: routes come from the route table (or [`UNMATCHED_ROUTE`]), methods
/// are the standard HTTP methods or `OTHER`, and authentication
/// failure reasons are a closed set of codes.
#[derive(Debug, Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    requests: BTreeMap<(&'static str, &'static str, u16), u64>,
    latency: BTreeMap<&'static str, Histogram>,
    auth_failures: BTreeMap<&'static str, u64>,
}

#[derive(Debug, Default)]
struct Histogram {
    buckets: [u64; LATENCY_BUCKETS.len()],
    count: u64,
    sum_seconds: f64,
}

impl Metrics {
    /// Empty metrics.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts one finished request.
    pub fn record_request(
        &self,
        route: &'static str,
        method: &'static str,
        status: u16,
        took: Duration,
    ) {
        let seconds = took.as_secs_f64();
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        *inner.requests.entry((route, method, status)).or_default() += 1;
        let histogram = inner.latency.entry(route).or_default();
        histogram.count += 1;
        histogram.sum_seconds += seconds;
        if let Some(index) = LATENCY_BUCKETS.iter().position(|bound| seconds <= *bound) {
            histogram.buckets[index] += 1;
        }
    }

    /// Counts one refused credential, by reason code.
    pub fn record_auth_failure(&self, reason: &'static str) {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        *inner.auth_failures.entry(reason).or_default() += 1;
    }

    /// How many requests of `route` ended with `status` (any method).
    pub fn requests(&self, route: &str, status: u16) -> u64 {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner
            .requests
            .iter()
            .filter(|((seen_route, _, seen_status), _)| {
                *seen_route == route && *seen_status == status
            })
            .map(|(_, count)| count)
            .sum()
    }

    /// Everything in the Prometheus text exposition format (version 0.0.4).
    pub fn render(&self) -> String {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let mut out = String::new();
        out.push_str(
            "# HELP fabric_http_requests_total HTTP requests by route, method and status.\n",
        );
        out.push_str("# TYPE fabric_http_requests_total counter\n");
        for ((route, method, status), count) in &inner.requests {
            let _ = writeln!(
                out,
                "fabric_http_requests_total{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}} {count}"
            );
        }
        out.push_str(
            "# HELP fabric_http_request_duration_seconds HTTP request latency by route.\n",
        );
        out.push_str("# TYPE fabric_http_request_duration_seconds histogram\n");
        for (route, histogram) in &inner.latency {
            let mut cumulative = 0;
            for (bound, count) in LATENCY_BUCKETS.iter().zip(histogram.buckets) {
                cumulative += count;
                let _ = writeln!(
                    out,
                    "fabric_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "fabric_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                histogram.count
            );
            let _ = writeln!(
                out,
                "fabric_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                histogram.sum_seconds
            );
            let _ = writeln!(
                out,
                "fabric_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                histogram.count
            );
        }
        out.push_str("# HELP fabric_auth_failures_total Refused credentials by reason.\n");
        out.push_str("# TYPE fabric_auth_failures_total counter\n");
        for (reason, count) in &inner.auth_failures {
            let _ = writeln!(out, "fabric_auth_failures_total{{reason=\"{reason}\"}} {count}");
        }
        out
    }
}

/// Appends the audit writer's counters: checkpoints it refused to sign (each one is
/// tampering with the log) and checkpoints it could not copy to the witness.
pub(crate) fn render_audit(out: &mut String, log: &fabric_core::fabric_audit::AuditLog) {
    out.push_str(
        "# HELP fabric_audit_checkpoints_refused_total Checkpoints not signed: the chain since the last one did not verify.\n",
    );
    out.push_str("# TYPE fabric_audit_checkpoints_refused_total counter\n");
    let _ = writeln!(out, "fabric_audit_checkpoints_refused_total {}", log.refused_checkpoints());
    out.push_str(
        "# HELP fabric_audit_witness_failures_total Checkpoints not copied to the witness.\n",
    );
    out.push_str("# TYPE fabric_audit_witness_failures_total counter\n");
    let _ = writeln!(out, "fabric_audit_witness_failures_total {}", log.witness_failures());
}

/// Renders the encryptions each key has made (as kept in the key use ledger, with this
/// process's unflushed counts): one series per key-encryption key, the busiest owner key,
/// how many keys are past the warning, and the warning and limit themselves for alert
/// rules. Labels are key ids (a closed charset); owner keys are not labelled one by one.
pub(crate) fn render_key_uses(out: &mut String, fabric: &fabric_core::MemoryFabric) {
    let totals = match fabric.key_encryptions() {
        Ok(totals) => totals,
        Err(error) => {
            tracing::warn!(%error, "key use counts not readable for /metrics");
            let _ = writeln!(
                out,
                "# HELP fabric_key_uses_unreadable The key use ledger could not be read.\n\
                 # TYPE fabric_key_uses_unreadable gauge\nfabric_key_uses_unreadable 1"
            );
            return;
        }
    };
    let (_, kek_ids) = fabric.key_ids();
    let name = "fabric_key_encryptions_total";
    let _ = writeln!(
        out,
        "# HELP {name} Data and owner keys wrapped by each key-encryption key.\n# TYPE {name} counter"
    );
    for id in &kek_ids {
        let count = totals.get(id).copied().unwrap_or(0);
        let _ = writeln!(out, "{name}{{key=\"{id}\"}} {count}");
    }
    let owner_max = totals
        .iter()
        .filter(|(id, _)| !kek_ids.contains(id))
        .map(|(_, count)| *count)
        .max()
        .unwrap_or(0);
    let past =
        totals.values().filter(|count| **count >= fabric_core::fabric_crypto::USES_WARNING).count();
    let gauges = [
        (
            "fabric_owner_key_encryptions_max",
            "Data keys wrapped by the busiest owner key.",
            owner_max,
        ),
        (
            "fabric_keys_past_use_warning",
            "Keys past a quarter of their random-nonce limit: rotate them.",
            past as u64,
        ),
        (
            "fabric_key_encryptions_warning",
            "Encryptions per key at which rotation is due.",
            fabric_core::fabric_crypto::USES_WARNING,
        ),
        (
            "fabric_key_encryptions_limit",
            "Encryptions one key may make under random 96-bit nonces (NIST SP 800-38D).",
            fabric_core::fabric_crypto::RANDOM_NONCE_LIMIT,
        ),
    ];
    for (name, help, value) in gauges {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}");
    }
}

/// Renders what the fabric counted: operations by status (as audited), integrity failures,
/// personal data found by type, bytes sealed and opened, records compacted. Every label
/// comes from a closed set (operation, status and PII type codes).
pub(crate) fn render_fabric(out: &mut String, snapshot: &fabric_core::MetricsSnapshot) {
    let mut counter = |name: &str, help: &str| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
    };
    counter("fabric_operations_total", "Audited operations by operation and status.");
    for (operation, statuses) in &snapshot.operations {
        for (status, count) in statuses {
            let _ = writeln!(
                out,
                "fabric_operations_total{{operation=\"{operation}\",status=\"{status}\"}} {count}"
            );
        }
    }
    let singles = [
        (
            "fabric_integrity_failures_total",
            "Stored records that failed authentication or their version check (tampering).",
            snapshot.integrity_failures,
        ),
        ("fabric_bytes_sealed_total", "Bytes of record frames sealed.", snapshot.bytes_sealed),
        ("fabric_bytes_opened_total", "Bytes of envelopes opened.", snapshot.bytes_opened),
        (
            "fabric_data_keys_wrapped_total",
            "Data keys wrapped (one per record sealed).",
            snapshot.data_keys_wrapped,
        ),
        (
            "fabric_data_keys_unwrapped_total",
            "Data keys unwrapped (one per record opened).",
            snapshot.data_keys_unwrapped,
        ),
        (
            "fabric_compacted_records_total",
            "Records removed by compaction.",
            snapshot.compacted_records,
        ),
    ];
    for (name, help, value) in singles {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}");
    }
    if let Some(lag) = &snapshot.audit_lag {
        let gauges = [
            (
                "fabric_audit_unsealed_events",
                "Audit events stored after the newest signed checkpoint.",
                lag.unsealed_events as f64,
            ),
            (
                "fabric_audit_queued_jobs",
                "Audit appends waiting for the writer.",
                lag.queued_jobs as f64,
            ),
        ];
        for (name, help, value) in gauges {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}");
        }
        if let Some(millis) = lag.checkpoint_age_millis {
            let name = "fabric_audit_checkpoint_age_seconds";
            let _ = writeln!(
                out,
                "# HELP {name} Seconds since the audit writer signed its newest checkpoint.\n# TYPE {name} gauge\n{name} {}",
                millis as f64 / 1000.0
            );
        }
    }
    let name = "fabric_operation_duration_seconds";
    let _ =
        writeln!(out, "# HELP {name} Latency of the fabric's operations.\n# TYPE {name} histogram");
    for (operation, latency) in &snapshot.latency {
        let mut cumulative = 0;
        for (bound, count) in fabric_core::LATENCY_BOUNDS.iter().zip(latency.buckets) {
            cumulative += count;
            let _ = writeln!(
                out,
                "{name}_bucket{{operation=\"{operation}\",le=\"{bound}\"}} {cumulative}"
            );
        }
        let _ = writeln!(
            out,
            "{name}_bucket{{operation=\"{operation}\",le=\"+Inf\"}} {}\n{name}_sum{{operation=\"{operation}\"}} {}\n{name}_count{{operation=\"{operation}\"}} {}",
            latency.count, latency.sum_seconds, latency.count
        );
    }
    let name = "fabric_pii_detections_total";
    let _ = writeln!(
        out,
        "# HELP {name} Personal data found on store, by type.\n# TYPE {name} counter"
    );
    for (kind, count) in &snapshot.pii_detections {
        let _ = writeln!(out, "{name}{{type=\"{kind}\"}} {count}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_cumulative_buckets() {
        let metrics = Metrics::new();
        metrics.record_request("/v1/memories", "GET", 200, Duration::from_micros(700));
        metrics.record_request("/v1/memories", "GET", 200, Duration::from_millis(30));
        metrics.record_auth_failure("bad_signature");
        let text = metrics.render();
        assert!(text.contains(
            "fabric_http_requests_total{route=\"/v1/memories\",method=\"GET\",status=\"200\"} 2"
        ));
        assert!(text.contains(
            "fabric_http_request_duration_seconds_bucket{route=\"/v1/memories\",le=\"0.001\"} 1"
        ));
        assert!(text.contains(
            "fabric_http_request_duration_seconds_bucket{route=\"/v1/memories\",le=\"0.05\"} 2"
        ));
        assert!(text.contains("fabric_auth_failures_total{reason=\"bad_signature\"} 1"));
        assert_eq!(metrics.requests("/v1/memories", 200), 2);
    }
}
