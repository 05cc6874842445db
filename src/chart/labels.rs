//! The words drawn inside the charts (axis titles, legend entries, notes), in
//! English and Chinese. The page's own words live in `www/i18n.js`; these are
//! here because the charts are drawn in Rust.

/// A page language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// `"zh"` (or `"zh-CN"`, …) is Chinese; anything else is English.
    pub fn from_code(code: &str) -> Lang {
        if code.starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

/// Every fixed string the charts draw, as (key, English, Chinese).
const TEXTS: &[(&str, &str, &str)] = &[
    ("time", "time", "时间"),
    ("requests", "requests", "请求数"),
    (
        "in_flight",
        "in flight (holding a connection)",
        "进行中（占用连接）",
    ),
    ("peak_in_bin", "highest in each bin", "每个区间的最高值"),
    ("pool_limit", "pool limit", "连接池上限"),
    (
        "per_host_cap",
        "limit_per_host × hosts",
        "每主机上限 × 主机数",
    ),
    ("waiting", "requests waiting", "等待中的请求"),
    ("no_wait", "no request waited anywhere", "没有请求需要等待"),
    ("rate", "per second", "每秒"),
    ("completed", "completed", "完成"),
    ("failed", "errors", "错误"),
    ("latency", "latency", "延迟"),
    ("fraction", "fraction of requests", "请求占比"),
    ("connections", "connections", "连接数"),
    ("request_sample", "sampled requests", "抽样请求"),
    ("phase_time", "time in phase", "各阶段耗时"),
    ("run_a", "A (pinned)", "A（已固定）"),
    ("run_b", "B (current)", "B（当前）"),
    (
        "no_data",
        "no data: the run finished no request",
        "无数据：本次运行没有完成任何请求",
    ),
    ("smoothed", "smoothed over", "平滑窗口"),
    ("n", "n", "样本数"),
    ("mean", "mean", "均值"),
    (
        "each_phase",
        "each phase's own percentile",
        "各阶段各自的分位数",
    ),
    ("truncated", "run truncated", "运行被截断"),
    ("attempts", "attempts started", "发起的尝试"),
    ("try_1", "1st try", "第 1 次"),
    ("try_2", "2nd try (1st retry)", "第 2 次（第 1 次重试）"),
    ("try_3", "3rd try", "第 3 次"),
    ("try_4", "4th try or later", "第 4 次及以后"),
    ("no_retries", "no request was retried", "没有请求重试"),
    ("adaptive_limit", "adaptive limit", "自适应上限"),
    (
        "no_adaptive",
        "no adaptive limit in this scenario",
        "本场景没有自适应上限",
    ),
    (
        "sweep_throughput",
        "throughput (req/s)",
        "吞吐量（请求/秒）",
    ),
    ("sweep_p99", "p99 latency (ms)", "p99 延迟（毫秒）"),
    ("current", "current", "当前值"),
    ("binding", "binding", "瓶颈"),
    ("interval", "95% interval", "95% 置信区间"),
    ("no_sweep", "no points yet", "还没有数据点"),
];

/// Names the core gives to phases, gauges and counters, as (name, English, Chinese).
const NAMES: &[(&str, &str, &str)] = &[
    ("client_cpu", "client CPU", "客户端 CPU"),
    ("limiter_wait", "rate limiter", "限流器"),
    (
        "semaphore_wait",
        "semaphore / adaptive limit",
        "信号量 / 自适应限制",
    ),
    ("pool_wait", "pool wait", "连接池等待"),
    ("connect", "connect", "建立连接"),
    ("server_queue", "server queue", "服务器排队"),
    ("service", "service", "服务处理"),
    ("backoff", "retry backoff", "重试退避"),
    ("pool_waiters", "pool", "连接池"),
    (
        "semaphore_waiters",
        "semaphore / adaptive limit",
        "信号量 / 自适应限制",
    ),
    ("limiter_waiters", "rate limiter", "限流器"),
    ("retry_backoff", "retry backoff", "重试退避"),
    ("conn_in_use", "in use", "使用中"),
    ("conn_held", "in use", "使用中"),
    (
        "conn_leaked",
        "leaked (never released)",
        "已泄漏（永不释放）",
    ),
    ("conn_idle", "idle", "空闲"),
    ("conn_connecting", "connecting", "连接中"),
    ("conn_time_wait", "TIME_WAIT", "TIME_WAIT"),
    (
        "backend_loads",
        "backend loads (cache misses)",
        "回源加载(缓存未命中)",
    ),
    ("stage_pool", "pool limit", "连接池上限"),
    ("stage_pool_per_host", "per-host limit", "每主机上限"),
    ("stage_server", "server", "服务器"),
    ("stage_client_cpu", "client CPU", "客户端 CPU"),
    ("stage_demand", "the clients", "客户端本身"),
    ("stage_leak", "connection leak", "连接泄漏"),
    ("stage_semaphore", "semaphore", "信号量"),
    ("stage_limiter", "rate limiter", "限速器"),
    ("stage_contention", "contention", "资源争用"),
    ("stage_adaptive", "adaptive limit", "自适应上限"),
];

/// The fixed chart string `key` in `lang`; the key itself if unknown (a bug, but never a panic).
pub fn text(key: &str, lang: Lang) -> &str {
    lookup(TEXTS, key, lang).unwrap_or(key)
}

/// A core name (phase, gauge) in `lang`; unknown names are shown with spaces for underscores.
pub fn name(core_name: &str, lang: Lang) -> String {
    match lookup(NAMES, core_name, lang) {
        Some(s) => s.to_string(),
        None => core_name.replace('_', " "),
    }
}

fn lookup<'a>(table: &'a [(&str, &'a str, &'a str)], key: &str, lang: Lang) -> Option<&'a str> {
    table
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, en, zh)| match lang {
            Lang::En => *en,
            Lang::Zh => *zh,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_has_both_languages_and_unknown_keys_do_not_panic() {
        for (k, en, zh) in TEXTS.iter().chain(NAMES) {
            assert!(!en.is_empty() && !zh.is_empty(), "{k}");
        }
        assert_eq!(text("latency", Lang::Zh), "延迟");
        assert_eq!(text("nope", Lang::En), "nope");
        assert_eq!(name("some_new_phase", Lang::En), "some new phase");
        assert_eq!(Lang::from_code("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_code("fr"), Lang::En);
    }
}
